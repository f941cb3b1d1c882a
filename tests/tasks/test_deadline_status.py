"""Deadlines in the status: a target of a task list not met by its
完成时限 is 逾期未完成 once the day has passed and 临期 within the window
(30 days, or --due-within), judged as of today in Beijing or --as-of; a
target met in time, or a level reached to date, keeps its status."""

from __future__ import annotations

import json
from datetime import date

import pytest
from task_samples import REGION, make_xlsx
from typer.testing import CliRunner

from luoshi.cli import app
from luoshi.ingest import trusted
from luoshi.source_types import SourceType
from luoshi.stats import read_stats
from luoshi.store import open_store
from luoshi.tasks import read_tasks
from luoshi.track.board import store_scoreboard
from luoshi.track.status import Status
from luoshi.track.tables import scoreboard_rows, status_words

runner = CliRunner()


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "luoshi.duckdb")
    table = read_tasks(make_xlsx(tmp_path))
    with open_store(path) as store:
        store.add_document(table.document, table.statements)
    return path


def _add_stats(db: str, folder, rows: str, name: str = "stats.csv") -> None:
    path = folder / name
    path.write_text("region,indicator,period,value,unit\n" + rows, encoding="utf-8")
    table = read_stats(path)
    with open_store(db) as store:
        store.add_document(trusted(table.document, SourceType.STATISTICS), table.statements)


def _board(db: str, day: date, **kw):
    with open_store(db) as store:
        board = store_scoreboard(store, REGION, "2025", as_of=day, **kw)
    return {a.target.indicator_name: a for a in board}


def test_a_deadline_within_thirty_days_is_due_soon_and_one_passed_is_overdue(db):
    before = _board(db, date(2025, 6, 10))
    warehouses = before["共享前置仓"]  # due 2025-06-30
    assert warehouses.status is Status.DUE_SOON and warehouses.outcome_status is Status.NO_DATA
    assert (warehouses.deadline, warehouses.days_left) == (date(2025, 6, 30), 20)
    assert status_words(warehouses) == "临期（剩20天，暂无数据）"
    assert before["口岸货运量"].status is Status.NO_DATA  # due 2025-12-31: far off
    assert before["口岸货运量"].outcome_status is None

    after = _board(db, date(2025, 7, 1))["共享前置仓"]
    assert after.status is Status.OVERDUE and status_words(after) == "逾期未完成（逾期1天，暂无数据）"
    assert _board(db, date(2025, 6, 30))["共享前置仓"].status is Status.DUE_SOON  # due today, not yet late


def test_the_window_of_due_soon_is_a_setting(db):
    assert _board(db, date(2025, 6, 10), due_within=10)["共享前置仓"].status is Status.NO_DATA
    assert _board(db, date(2025, 6, 10), due_within=20)["共享前置仓"].status is Status.DUE_SOON


def test_a_target_met_or_reached_to_date_by_its_deadline_is_neither(db, tmp_path):
    _add_stats(
        db, tmp_path, "内蒙古自治区,other:共享前置仓,2025-06,2,个\n内蒙古自治区,port_freight_volume,2025,1.32,亿吨\n"
    )
    mid_year = _board(db, date(2025, 7, 1))
    # both warehouses built by June: the task is done, though the year is not
    assert mid_year["共享前置仓"].status is Status.AHEAD and mid_year["共享前置仓"].deadline == date(2025, 6, 30)
    year_end = _board(db, date(2026, 1, 10))
    assert year_end["口岸货运量"].status is Status.MET  # 1.32亿吨 against 1.3亿吨
    trains = year_end["中欧班列"]  # no outcome by 2025-12-31
    assert trains.status is Status.OVERDUE and trains.outcome_status is Status.NO_DATA and trains.days_left == -10


def test_a_figure_short_of_its_target_after_the_deadline_is_overdue_not_just_missed(db, tmp_path):
    _add_stats(db, tmp_path, "内蒙古自治区,investment_attracted,2025,5600,亿元\n")
    a = _board(db, date(2026, 1, 5))["招商引资国内到位资金"]
    assert a.status is Status.OVERDUE and a.outcome_status is Status.MISSED
    assert status_words(a) == "逾期未完成（逾期5天，未完成）"


def test_commitments_without_a_report_fall_due_like_any_task(db):
    board = _board(db, date(2025, 10, 1))
    [jobs] = [a for a in board.values() if "就业基地" in a.target.quote]  # due 2025-09-30
    [free_trade] = [a for a in board.values() if "自由贸易试验区" in a.target.quote]  # 长期坚持
    assert jobs.commitment and jobs.status is Status.OVERDUE and jobs.outcome_status is Status.NO_DATA
    assert free_trade.commitment and free_trade.status is Status.NO_DATA and free_trade.deadline is None
    row = scoreboard_rows([jobs])[0]
    assert (row["完成时限"], row["目标值"], row["状态"]) == ("2025-09-30", None, "逾期未完成（逾期1天，暂无数据）")


def test_luoshi_status_shows_deadlines_as_of_a_given_day(db):
    table = runner.invoke(
        app, ["status", "--region", REGION, "--period", "2025", "--as-of", "2025-07-01", "--wide", "--db", db]
    )
    assert table.exit_code == 0, table.output
    assert "完成时限" in table.output and "2025-06-30" in table.output and "逾期未完成" in table.output
    assert "逾期未完成 1" in table.output  # the summary counts it

    listed = runner.invoke(
        app, ["status", "--region", REGION, "--as-of", "2025-06-10", "--due-within", "25", "--format", "json",
              "--db", db],
    )  # fmt: skip
    rows = {r["target"]["indicator_name"]: r for r in json.loads(listed.stdout)}
    warehouses = rows["共享前置仓"]
    assert (warehouses["status"], warehouses["status_word"], warehouses["outcome_status"]) == (
        "due_soon", "临期", "no_data",
    )  # fmt: skip
    assert (warehouses["deadline"], warehouses["as_of"], warehouses["days_left"]) == ("2025-06-30", "2025-06-10", 20)
    assert warehouses["target"]["deadline"] == "2025-06-30"
    assert rows["口岸货运量"]["deadline"] == "2025-12-31" and rows["口岸货运量"]["outcome_status"] is None


def test_a_day_that_is_not_a_date_is_refused(db):
    result = runner.invoke(app, ["status", "--as-of", "7月1日", "--db", db])
    assert result.exit_code == 2 and "--as-of: 日期 '7月1日' 写法不对：应写作 2025-07-01" in result.output
