"""A task list's targets and the same targets in the news are one target:
one row of the board with both as sources, the task list — the office's
own assignment — deciding its owner and its deadline."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from task_samples import REGION, make_xlsx

from luoshi.ingest import ingest
from luoshi.source_types import SourceType
from luoshi.stats import read_stats
from luoshi.store import open_store
from luoshi.tasks import read_tasks
from luoshi.track.board import store_scoreboard
from luoshi.track.status import Status

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
NEWS = SAMPLES / "nmg_cooperation_2025.md"  # 2025-02-10: 口岸货运量1.3亿吨, 500列, 5700亿元, no deadlines
STATS = SAMPLES.parent / "statistics" / "nmg_2025_sample.csv"


def _board(tmp_path, *, with_stats: bool = False):
    db = str(tmp_path / "luoshi.duckdb")
    tasks = read_tasks(make_xlsx(tmp_path))
    with open_store(db) as store:
        ingest([str(NEWS)], store)
        store.add_document(tasks.document, tasks.statements)
        if with_stats:
            table = read_stats(STATS)
            store.add_document(table.document, table.statements)
        return store_scoreboard(store, REGION, "2025", as_of=date(2025, 3, 1)), tasks.document.name


def test_a_target_in_the_news_and_the_task_list_is_one_row_owned_and_dated_by_the_list(tmp_path):
    board, listed = _board(tmp_path)
    rows = Counter(a.target.indicator for a in board)
    for indicator in ("port_freight_volume", "china_europe_trains", "investment_attracted"):
        assert rows[indicator] == 1
    [freight] = [a for a in board if a.target.indicator == "port_freight_volume"]
    assert [(r.source.type, r.agrees) for r in freight.sources] == [
        (SourceType.TASK_LIST, True), (SourceType.NEWS, True),
    ]  # fmt: skip
    assert freight.target.doc == listed and freight.target.quote == "全年实现口岸货运量1.3亿吨"
    news = freight.sources[1].statement
    assert news.doc == NEWS.name and news.deadline is None  # the news gives no 完成时限
    assert freight.named_owner == "自治区商务厅" and freight.deadline == date(2025, 12, 31)


def test_the_merged_target_is_settled_by_statistics_and_met_before_its_deadline(tmp_path):
    board, _ = _board(tmp_path, with_stats=True)
    [freight] = [a for a in board if a.target.indicator == "port_freight_volume"]
    assert freight.status is Status.MET and freight.chosen is not None and freight.chosen.statement.value == 1.32
    assert freight.deadline == date(2025, 12, 31) and freight.outcome_status is None
