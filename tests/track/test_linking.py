"""Linking: which outcomes settle a target, which one is used, when the
sources conflict; recomputed from statements alone, and incrementally."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from track_samples import Text, figure, index_of, percent

from luoshi.store import StoredDocument
from luoshi.track.link_index import TrackIndex, link
from luoshi.track.ranking import Source
from luoshi.types import Kind, Qualifier, Statement

TARGET = figure(1.3, kind=Kind.TARGET, doc="plan.txt", quote="全年实现口岸货运量1.3亿吨", value_text="1.3亿吨")


def src(name: str, published: str | None = None, *, title: str | None = None, loader: str = "text",
        ingested: str | None = None) -> Source:  # fmt: skip
    doc = StoredDocument(
        id=name, name=name, text="", title=title, loader=loader,
        published=date.fromisoformat(published) if published else None,
        ingested_at=datetime.fromisoformat(ingested).replace(tzinfo=UTC) if ingested else None,
    )  # fmt: skip
    return Source.of(doc)


def outcome(value: float, doc: str, **kw: object) -> Statement:
    kw.setdefault("quote", f"口岸货运量{value:g}亿吨")
    return figure(value, doc=doc, **kw)  # type: ignore[arg-type]


def chosen_of(statements: list[Statement], sources: list[Source]) -> Statement | None:
    [found] = link(statements, {s.name: s for s in sources})
    return found.chosen.statement if found.chosen else None


PLAN = src("plan.txt", "2025-02-10")


def test_an_outcome_from_a_later_document_settles_the_target():
    later = outcome(1.32, "news.txt")
    assert chosen_of([TARGET, later], [PLAN, src("news.txt", "2026-01-20")]) == later


@pytest.mark.parametrize("published", ["2025-01-05", "2025-02-10"])
def test_an_outcome_published_before_or_with_the_target_does_not_settle_it(published: str):
    earlier = outcome(1.32, "old.txt")
    assert chosen_of([TARGET, earlier], [PLAN, src("old.txt", published)]) is None


def test_a_statistics_import_counts_as_later_whatever_its_date():
    row = outcome(1.32, "stats.csv")
    assert chosen_of([TARGET, row], [PLAN, src("stats.csv", "2024-12-31", loader="stats")]) == row


def test_an_undated_document_may_settle_a_target():
    undated = outcome(1.32, "page.txt")
    assert chosen_of([TARGET, undated], [PLAN, src("page.txt")]) == undated


def test_the_targets_own_document_never_settles_it():
    same = outcome(1.32, "plan.txt", start=40)
    assert chosen_of([TARGET, same], [PLAN]) is None


@pytest.mark.parametrize(
    "other",
    [
        outcome(1.32, "news.txt", region="北京市"),
        outcome(1.32, "news.txt", period="2024"),
        outcome(1.32, "news.txt", indicator="grain_output"),
        percent(14.5, indicator="port_freight_volume", doc="news.txt"),  # the growth, not the level
        outcome(6.0, "news.txt", cumulative=True),  # a running total (累计) is not the year's amount
        outcome(1.32, "news.txt", period="2025-H2"),  # the second half alone is no figure to date
    ],
)
def test_outcomes_for_another_region_period_indicator_or_measure_do_not_settle_it(other: Statement):
    assert chosen_of([TARGET, other], [PLAN, src("news.txt", "2026-01-20")]) is None


def test_authority_decides_before_recency_statistics_then_report_then_news():
    news = outcome(1.33, "news.txt")
    report = outcome(1.32, "report.txt")
    stats = outcome(1.32, "stats.csv", quote="内蒙古自治区,port_freight_volume,2025,1.32,亿吨")
    sources = [
        PLAN,
        src("news.txt", "2026-03-01"),
        src("report.txt", "2026-01-20", title="2026年内蒙古自治区政府工作报告"),
        src("stats.csv", loader="stats"),
    ]
    assert chosen_of([TARGET, news, report], sources) == report
    assert chosen_of([TARGET, news, report, stats], sources) == stats
    assert chosen_of([TARGET, news], sources) == news


def test_recency_decides_between_equals_then_the_later_ingest():
    first, second = outcome(1.31, "a.txt"), outcome(1.32, "b.txt")
    assert chosen_of([TARGET, first, second], [PLAN, src("a.txt", "2026-01-10"), src("b.txt", "2026-01-20")]) == second
    a_later = src("a.txt", "2026-01-20", ingested="2026-02-02")
    b_earlier = src("b.txt", "2026-01-20", ingested="2026-02-01")
    assert chosen_of([TARGET, first, second], [PLAN, a_later, b_earlier]) == first


def test_a_full_year_figure_is_used_before_a_figure_to_date():
    to_date = outcome(1.25, "stats.csv", period="2025-11")
    year = outcome(1.32, "news.txt")
    sources = [PLAN, src("stats.csv", loader="stats"), src("news.txt", "2026-01-20")]
    assert chosen_of([TARGET, to_date, year], sources) == year


def test_every_candidate_is_kept_best_first():
    a, b, c = outcome(1.32, "a.txt"), outcome(1.32, "b.txt"), outcome(1.25, "s.csv", period="2025-11")
    sources = [PLAN, src("a.txt", "2026-01-10"), src("b.txt", "2026-01-20"), src("s.csv", loader="stats")]
    [found] = link([TARGET, a, b, c], {s.name: s for s in sources})
    assert [e.statement for e in found.candidates] == [b, a, c]


@pytest.mark.parametrize(
    ("first", "second", "conflict"),
    [
        (outcome(1.32, "a.txt"), outcome(1.40, "b.txt"), True),
        (outcome(1.32, "a.txt"), outcome(1.3, "b.txt", value_text="1.3亿吨"), False),  # 1.3 is 1.25–1.35
        (outcome(1.32, "a.txt"), outcome(1.3, "b.txt", value_text="超1.3亿吨", qualifier=Qualifier.AT_LEAST), False),
        (outcome(1.32, "a.txt"), outcome(1.4, "b.txt", value_text="近1.4亿吨", qualifier=Qualifier.APPROX_BELOW), True),
        (outcome(1.32, "a.txt"), outcome(1.2, "b.txt", period="2025-11"), False),  # another period
    ],
)
def test_final_figures_that_cannot_both_be_true_are_a_conflict(first: Statement, second: Statement, conflict: bool):
    sources = {s.name: s for s in (PLAN, src("a.txt", "2026-01-20"), src("b.txt", "2026-01-10"))}
    [found] = link([TARGET, first, second], sources)
    assert found.chosen is not None and found.chosen.statement == first
    assert found.conflict is conflict
    if conflict:
        assert [e.statement for e in found.conflicts] == [second]


# -- variants: 到发 trains are not trains crossing the ports --------------------------------
PLAN_TEXT = Text("plan.md", "2025年，全区到发中欧班列总量力争突破500列。", "2025-02-10")
PORTS = Text("ports.md", "2025年，经内蒙古口岸进出境中欧班列1.1万列。", "2026-01-15")
TERMINALS = Text("terminals.md", "2025年，内蒙古到发中欧班列520列。", "2026-01-20")


def trains_link(*texts: Text):
    index = index_of(PLAN_TEXT, *texts)
    [target] = [t for t in index.all_targets() if t.indicator == "china_europe_trains"]
    return index.link(target)


def test_trains_crossing_the_ports_do_not_settle_a_target_for_trains_starting_or_ending_here():
    found = trains_link(PORTS)
    assert found.target.quote.startswith("全区到发中欧班列") or "到发" in found.target.quote
    assert found.chosen is None


def test_trains_starting_or_ending_here_settle_it():
    found = trains_link(PORTS, TERMINALS)
    assert found.chosen is not None and found.chosen.statement.value == 520
    assert [e.source.name for e in found.candidates] == ["terminals.md"]


# -- a pure function, recomputed or updated --------------------------------------------------
def _all_links(index: TrackIndex) -> dict[tuple[str, int], tuple[object, ...]]:
    return {
        (k.target.doc, k.target.start): (k.chosen.statement if k.chosen else None, k.candidates, k.conflicts)
        for k in index.links()
    }


def test_linking_depends_only_on_statements_and_documents_not_their_order():
    statements = [TARGET, outcome(1.32, "a.txt"), outcome(1.40, "b.txt"), outcome(1.25, "s.csv", period="2025-10")]
    sources = {s.name: s for s in (PLAN, src("a.txt", "2026-01-20"), src("b.txt", "2026-01-10"),
                                   src("s.csv", loader="stats"))}  # fmt: skip
    forward = _all_links(TrackIndex.build(statements, sources))
    backward = _all_links(TrackIndex.build(list(reversed(statements)), sources))
    assert forward == backward


def test_adding_a_document_gives_the_same_links_as_a_full_recompute():
    old = [TARGET, outcome(1.25, "s.csv", period="2025-10")]
    sources = {"plan.txt": PLAN, "s.csv": src("s.csv", loader="stats")}
    index = TrackIndex.build(old, dict(sources))
    new_doc = StoredDocument(id="n", name="news.txt", text="", published=date(2026, 1, 20))
    new = [outcome(1.32, "news.txt")]
    changed = index.add_document(new_doc, new)
    assert [k.target for k in changed] == [TARGET]
    assert changed[0].chosen is not None and changed[0].chosen.statement == new[0]
    full = TrackIndex.build(old + new, {**sources, "news.txt": Source.of(new_doc)})
    assert _all_links(index) == _all_links(full)


def test_a_new_document_touching_no_target_recomputes_nothing():
    index = TrackIndex.build([TARGET], {"plan.txt": PLAN})
    doc = StoredDocument(id="x", name="other.txt", text="", published=date(2026, 1, 1))
    assert index.add_document(doc, [outcome(9.9, "other.txt", region="北京市")]) == []


def test_a_document_unknown_to_the_index_still_links_as_news():
    found = link([TARGET, outcome(1.32, "nowhere.txt")], {"plan.txt": PLAN})
    assert found[0].chosen is not None and found[0].chosen.source.authority == "新闻及其他"
