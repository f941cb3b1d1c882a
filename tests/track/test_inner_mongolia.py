"""The Inner Mongolia case end to end on the real texts: the seed sets the
2025 targets, the 2026 report and a statistics table settle some of them,
the rest show 暂无数据. Skipped where ../shared/corpus is absent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from track_samples import IM, NMG_STATS

from luoshi.extract import extract_document
from luoshi.ingest import stored, trusted
from luoshi.stats import read_stats
from luoshi.store import StatementQuery, Store
from luoshi.track.board import Assessment, store_scoreboard
from luoshi.track.tables import scoreboard_rows
from luoshi.types import Document, Kind

SEED_NAME = "000_39f8f6a33f179f43.txt"
REPORT_NAME = "2026_内蒙古自治区_政府工作报告.csv"


def board(store: Store) -> list[Assessment]:
    return store_scoreboard(store, region=IM, period="2025")


def one(found: list[Assessment], words: str) -> Assessment:
    [a] = [a for a in found if words in a.target.quote]
    return a


def add_text(store: Store, name: str, text: str, published: str) -> None:
    doc = Document(name, text, region=IM, published=date.fromisoformat(published))
    store.add_document(trusted(stored(doc)), extract_document(doc))


def test_every_2025_target_of_the_seed_is_listed(real_store: Callable[[], Store]):
    with real_store() as store:
        seed_targets = store.statements(StatementQuery(doc=SEED_NAME, kind=Kind.TARGET, period="2025"))
        found = board(store)
    assert {(a.target.doc, a.target.start) for a in found} >= {(t.doc, t.start) for t in seed_targets}
    quotes = " ".join(a.target.quote for a in found)
    for words in ("口岸货运量1.3亿吨", "到发中欧班列", "超过5700亿元", "2个共享前置仓", "77个农畜产品供应基地"):
        assert words in quotes
    # the leagues' and cities' targets of the seed are within the region
    assert {"兴安盟", "乌海市", "呼和浩特市"} <= {a.target.region for a in found}


def test_the_2026_report_gives_2025_investment_attracted(real_store: Callable[[], Store]):
    with real_store() as store:
        found = store.statements(
            StatementQuery(doc=REPORT_NAME, indicator="investment_attracted", kind=Kind.ACTUAL, period="2025")
        )
    assert [(s.value, s.unit, s.region, s.measure) for s in found] == [(6000.0, "亿元", IM, "level")]
    assert "引进国内到位资金6000亿元" in found[0].quote


def test_the_investment_target_is_met_with_both_source_sentences(real_store: Callable[[], Store]):
    with real_store() as store:
        a = one(board(store), "超过5700亿元")
    assert a.status.word == "已完成"
    assert a.chosen is not None and a.chosen.statement.value == 6000
    assert a.chosen.source.name == REPORT_NAME and a.chosen.source.authority == "政府工作报告"
    assert a.link.source.name == SEED_NAME
    [row] = scoreboard_rows([a])
    assert "超过5700亿元" in row["来源"] and "引进国内到位资金6000亿元" in row["来源"]
    assert row["牵头单位"] == "自治区商务厅" and row["序时进度"] == "全年"


def test_port_freight_settles_once_the_statistics_are_imported(real_store: Callable[[], Store]):
    with real_store() as store:
        before = one(board(store), "口岸货运量1.3亿吨")
        table = read_stats(NMG_STATS)
        store.add_document(table.document, table.statements)
        after = one(board(store), "口岸货运量1.3亿吨")
    assert before.status.word == "暂无数据"
    assert after.status.word == "已完成"
    assert after.chosen is not None and after.chosen.statement.value == 1.32
    assert after.chosen.source.loader == "stats"


def test_statistics_outrank_the_report_once_imported_and_the_report_stays_a_version(real_store):
    with real_store() as store:
        table = read_stats(NMG_STATS)
        store.add_document(table.document, table.statements)
        a = one(board(store), "超过5700亿元")
    assert a.status.word == "已完成"
    assert [e.source.authority for e in a.link.candidates] == ["统计数据", "政府工作报告"]
    assert not a.link.conflict  # both say 6000亿元


def test_trains_crossing_ports_do_not_settle_the_trains_starting_or_ending_here(real_store):
    with real_store() as store:
        add_text(store, "ports_2026.md", "2025年，经内蒙古各口岸进出境中欧班列1.1万列。", "2026-01-15")
        crossing = one(board(store), "到发中欧班列")
        add_text(store, "terminals_2026.md", "2025年，内蒙古到发中欧班列520列。", "2026-01-20")
        terminals = one(board(store), "到发中欧班列")
    assert crossing.status.word == "暂无数据"
    assert terminals.status.word == "已完成"
    assert terminals.chosen is not None and terminals.chosen.source.name == "terminals_2026.md"


@pytest.mark.parametrize("words", ["2个共享前置仓", "77个农畜产品供应基地", "到发中欧班列", "十项重点工作"])
def test_targets_nothing_settles_show_no_data(real_store: Callable[[], Store], words: str):
    with real_store() as store:
        table = read_stats(NMG_STATS)
        store.add_document(table.document, table.statements)
        a = one(board(store), words)
    assert a.status.word == "暂无数据" and a.chosen is None


def test_the_same_answer_from_an_index_of_the_whole_store(real_store: Callable[[], Store]):
    from luoshi.track.board import scoreboard
    from luoshi.track.link_index import TrackIndex

    with real_store() as store:
        whole = scoreboard(TrackIndex.from_store(store), region=IM, period="2025")
        regional = board(store)
    assert [(a.target, a.status) for a in whole] == [(a.target, a.status) for a in regional]


def test_the_undated_seed_accepts_outcomes_from_dated_reports(real_store: Callable[[], Store]):
    # the seed carries no publication date: nothing says the report is earlier
    with real_store() as store:
        seed = store.document(SEED_NAME)
        assert seed is not None and seed.published is None
        a = one(board(store), "超过5700亿元")
    assert a.link.source.published is None and a.chosen is not None


COOPERATION = Path(__file__).resolve().parents[2] / "samples" / "nmg_cooperation_2025.md"


def test_the_seeds_targets_restated_by_a_newspaper_are_one_row_each(real_store: Callable[[], Store]):
    # samples/nmg_cooperation_2025.md restates the seed's 2025 goals: each is
    # one row with both documents as agreeing sources, counted once
    from luoshi.ingest import ingest
    from luoshi.track.board import select_targets
    from luoshi.track.link_index import TrackIndex

    with real_store() as store:
        assert ingest([str(COOPERATION)], store).new == 1
        found = board(store)
        statements = select_targets(TrackIndex.from_store(store), region=IM, period="2025")
    assert len(found) == len(statements) - 4
    for words in ("口岸货运量1.3亿吨", "到发中欧班列", "超过5700亿元", "77个农畜产品供应基地"):
        [a] = [a for a in found if any(words in r.statement.quote for r in a.sources)]
        assert {r.statement.doc for r in a.sources} == {SEED_NAME, COOPERATION.name}, words
        assert all(r.agrees for r in a.sources), words
        assert a.named_owner is not None
    assert [a.status.word for a in found if a.target.indicator == "investment_attracted"] == ["已完成"]
