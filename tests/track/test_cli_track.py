"""``luoshi status`` and ``luoshi compare`` as a user types them: on the
bundled samples everywhere, on the real reports where ../shared is present,
and on PostgreSQL where a server answers."""

from __future__ import annotations

import csv
import io
import json
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from track_samples import NMG_STATS, ROOT
from typer.testing import CliRunner

from luoshi.cli import app
from luoshi.store import Store
from luoshi.track.tables import SCOREBOARD_COLUMNS

# the samples these tests were written on: the places samples (places_*.md) add
# targets and documents they do not count
SCOREBOARD_SAMPLES = [
    str(ROOT / "samples" / name) for name in ("demo_bulk.csv", "nmg_cooperation_2025.md", "nmg_report_2026.md")
]

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def samples_db(tmp_path: Path) -> str:
    """The bundled samples and statistics table in a DuckDB file."""
    path = str(tmp_path / "samples.duckdb")
    run("ingest", *SCOREBOARD_SAMPLES, "--db", path)
    run("import-stats", str(NMG_STATS), "--db", path)
    return path


def test_status_table_on_the_samples(samples_db: str):
    args = ["status", "--region", "内蒙古", "--period", "2025", "--db", samples_db]
    result = runner.invoke(app, args, env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    for column in SCOREBOARD_COLUMNS:
        assert column in result.stdout
    assert "已完成" in result.stdout and "暂无数据" in result.stdout
    assert "项目标" in result.output  # the count on stderr


def test_status_json_gives_each_target_its_outcomes_the_chosen_one_and_flags(samples_db: str):
    rows = json.loads(run("status", "--region", "内蒙古自治区", "--period", "2025", "-f", "json", "--db", samples_db))
    assert rows and all(
        set(r) >= {"target", "actuals", "chosen", "status", "status_word", "flags", "elapsed", "projection"}
        for r in rows
    )
    [freight] = [r for r in rows if r["target"]["indicator"] == "port_freight_volume"]
    assert freight["status_word"] == "已完成" and freight["chosen"]["value"] == 1.32
    assert freight["chosen"]["source"]["authority"] == "统计数据" and freight["chosen"]["used"] is True
    [money] = [r for r in rows if r["target"]["indicator"] == "investment_attracted"]
    assert [a["source"]["name"] for a in money["actuals"]] == ["nmg_2025_sample.csv", "nmg_report_2026.md"]
    assert [a["used"] for a in money["actuals"]] == [True, False]


def test_status_csv_and_xlsx_in_the_task_table_layout(samples_db: str, tmp_path: Path):
    text = run("status", "--region", "内蒙古", "-f", "csv", "--db", samples_db)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == SCOREBOARD_COLUMNS and [r["序号"] for r in rows] == [str(i + 1) for i in range(len(rows))]
    out = tmp_path / "board.xlsx"
    run("status", "--region", "内蒙古", "-f", "xlsx", "--output", str(out), "--db", samples_db)
    sheet = load_workbook(out).active
    assert sheet.title == "任务分解表"
    got = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    assert tuple(got[0]) == SCOREBOARD_COLUMNS and len(got) == len(rows) + 1


def test_the_task_table_workbook_holds_numbers_with_their_formats(samples_db: str, tmp_path: Path):
    out = tmp_path / "board.xlsx"
    run("status", "--region", "内蒙古", "--period", "2025", "-f", "xlsx", "-o", str(out), "--db", samples_db)
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert [r["序号"].value for r in rows] == list(range(1, len(rows) + 1))
    [freight] = [r for r in rows if "口岸货运量" in r["任务/指标"].value]
    assert (freight["目标值"].value, freight["实绩值"].value, freight["单位"].value) == (1.3, 1.32, "亿吨")
    assert (freight["目标值"].number_format, freight["实绩值"].number_format) == ("0.0", "0.00")
    assert freight["完成率"].value == pytest.approx(1.32 / 1.3, abs=1e-4) and freight["完成率"].number_format == "0.0%"
    [money] = [r for r in rows if "招商引资" in r["任务/指标"].value]
    assert (money["目标值"].value, money["实绩值"].value, money["单位"].value) == (5700, 6000, "亿元")
    [trains] = [r for r in rows if "中欧班列" in r["任务/指标"].value]
    assert (trains["目标值"].value, trains["实绩值"].value, trains["完成率"].value) == (500, None, None)


def test_a_growth_target_has_its_outcome_but_no_completion_rate(samples_db: str, tmp_path: Path):
    table = tmp_path / "gdp.csv"
    table.write_text("region,indicator,period,value,unit\n内蒙古自治区,gdp_growth,2026,5.2,%\n", encoding="utf-8")
    run("import-stats", str(table), "--db", samples_db)
    rows = list(csv.DictReader(io.StringIO(run("status", "--region", "内蒙古", "--period", "2026", "-f", "csv",
                                               "--db", samples_db))))  # fmt: skip
    [gdp] = [r for r in rows if r["任务/指标"].endswith("地区生产总值") and r["单位"] == "%"]
    assert (gdp["目标值"], gdp["实绩值"], gdp["完成率"]) == ("5", "5.2", "")  # a share of a growth rate means nothing


def test_status_csv_to_a_file(samples_db: str, tmp_path: Path):
    out = tmp_path / "board.csv"
    run("status", "--db", samples_db, "-f", "csv", "-o", str(out))
    assert out.read_text(encoding="utf-8-sig").startswith(",".join(SCOREBOARD_COLUMNS))


def test_status_by_owner(samples_db: str, tmp_path: Path):
    rows = json.loads(run("status", "--owner", "不存在的单位", "-f", "json", "--db", samples_db))
    assert rows == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "-f", "xlsx"], "--output"),
        (["status", "-o", "x.csv"], "--format"),
        (["status", "--region", "火星"], "不认识的地区“火星”"),
        (["compare", "--indicator", "gdp_growth", "--kind", "event", "--period", "2026"], "只比较 target（目标）"),
        (["compare", "--indicator", "gdp_growth", "--kind", "plan", "--period", "2026"], "不认识的类型“plan”"),
    ],
)
def test_wrong_options_say_what_to_do_in_one_line(samples_db: str, args: list[str], message: str):
    result = runner.invoke(app, [*args, "--db", samples_db])
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_compare_lists_all_31_provinces(samples_db: str):
    rows = json.loads(run("compare", "--indicator", "gdp_growth", "--kind", "target", "--period", "2026",
                          "-f", "json", "--db", samples_db))  # fmt: skip
    assert len(rows) >= 31 and rows[0]["region"] == "北京市" and rows[0]["code"] == "110000"
    assert {r["region"] for r in rows if r["figures"]} >= {"北京市", "广东省", "内蒙古自治区"}


# -- the real reports ----------------------------------------------------------------------------
def test_compare_gdp_growth_targets_with_last_years_outcome_beside_them(real_store: Callable[[], Store]):
    with real_store() as store:
        db = store.url
    text = run("compare", "--indicator", "gdp_growth", "--kind", "target", "--period", "2026", "-f", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 31
    nmg = next(r for r in rows if r["地区"] == "内蒙古自治区")
    assert nmg["数值"] == "5%左右" and nmg["上年实绩（同一报告）"] == "2025年4.7%"
    # every province sets a 2026 growth target and reports 2025's growth in the same report
    assert sum(1 for r in rows if r["数值"] and r["上年实绩（同一报告）"]) == 31


def test_compare_actuals(real_store: Callable[[], Store]):
    with real_store() as store:
        db = store.url
    rows = json.loads(run("compare", "--indicator", "gdp_growth", "--kind", "actual", "--period", "2025",
                          "-f", "json", "--db", db))  # fmt: skip
    nmg = next(r for r in rows if r["region"] == "内蒙古自治区")
    assert nmg["figures"][0]["value"] == 4.7 and "previous_same_document" in nmg


def test_status_of_the_inner_mongolia_case_in_the_terminal(real_store: Callable[[], Store]):
    with real_store() as store:
        db = store.url
    args = ["status", "--region", "内蒙古自治区", "--period", "2025", "--db", db]
    result = runner.invoke(app, args, env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "超过5700亿元" in line)
    assert "已完成" in row and "自治区商务厅" in row


# -- PostgreSQL ----------------------------------------------------------------------------------
PG_URL = os.environ.get("LUOSHI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def pg_db() -> Iterator[str]:
    import psycopg

    schema = f"luoshi_track_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.Error as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL unreachable at {PG_URL}; CI=true requires it")
        pytest.skip(f"PostgreSQL unreachable at {PG_URL} ({exc})")
    yield f"{PG_URL}?schema={schema}"
    with psycopg.connect(PG_URL, autocommit=True) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_status_on_postgresql(pg_db: str):
    run("ingest", *SCOREBOARD_SAMPLES, "--db", pg_db)
    run("import-stats", str(NMG_STATS), "--db", pg_db)
    rows = json.loads(run("status", "--region", "内蒙古", "--period", "2025", "-f", "json", "--db", pg_db))
    words = {r["target"]["indicator"]: r["status_word"] for r in rows}
    assert words["port_freight_volume"] == "已完成" and words["china_europe_trains"] == "暂无数据"


def test_an_in_year_row_shows_progress_elapsed_share_and_projection(tmp_path: Path):
    db = str(tmp_path / "inyear.duckdb")
    run("ingest", *SCOREBOARD_SAMPLES, "--db", db)
    table = tmp_path / "nmg_monthly.csv"
    table.write_text(
        "region,indicator,period,value,unit,source\n"
        "内蒙古自治区,port_freight_volume,2025-10,1.1,亿吨,自治区商务厅\n"
        "内蒙古自治区,port_freight_volume,2024-10,1.0,亿吨,自治区商务厅\n"
        "内蒙古自治区,port_freight_volume,2024,1.234,亿吨,自治区商务厅\n",
        encoding="utf-8",
    )
    run("import-stats", str(table), "--db", db)
    rows = list(csv.DictReader(io.StringIO(run("status", "--region", "内蒙古", "--period", "2025", "-f", "csv",
                                               "--db", db))))  # fmt: skip
    [row] = [r for r in rows if "口岸货运量" in r["任务/指标"]]
    assert row["进展"] == "2025年1-10月1.1亿吨，完成目标84.6%"
    assert (row["目标值"], row["实绩值"], row["单位"], row["完成率"]) == ("1.3", "1.1", "亿吨", "0.8462")
    assert row["序时进度"] == "83.3%"
    assert row["状态"] == "达进度（按上年同期进度推算全年约1.357亿吨，预计已完成）"


def test_status_shows_and_filters_by_the_owner_an_admin_assigned(samples_db: str):
    from luoshi.accounts import Accounts, Role
    from luoshi.store import open_store
    from luoshi.track.board import store_scoreboard

    with open_store(samples_db) as store:
        accounts = Accounts(store)  # type: ignore[arg-type]
        admin = accounts.add_user("root", "a-long-password-1", Role.ADMIN)
        trains = next(a.target for a in store_scoreboard(store, "内蒙古自治区", "2025") if "中欧班列" in a.target.quote)
        accounts.assign_owner(trains, "自治区交通运输厅", by=admin)
    args = ["--region", "内蒙古", "--period", "2025", "--db", samples_db]
    rows = list(csv.DictReader(io.StringIO(run("status", *args, "--format", "csv"))))
    [row] = [r for r in rows if "中欧班列" in r["目标"]]
    assert row["牵头单位"] == "自治区交通运输厅"
    theirs = json.loads(run("status", *args, "--owner", "交通运输厅", "--format", "json"))
    assert [t["target"]["quote"] for t in theirs] == [trains.quote] and theirs[0]["owner"] == "自治区交通运输厅"
