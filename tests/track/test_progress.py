"""序时进度 and the year-end projection beside an in-year status."""

from __future__ import annotations

from pathlib import Path

import pytest
from track_samples import Text, figure, index_of, percent

from luoshi.stats import read_stats
from luoshi.track.board import assess, scoreboard
from luoshi.track.link_index import TrackIndex
from luoshi.track.periods import share_elapsed, within, year_before
from luoshi.track.progress import LINEAR, SAME_PERIOD
from luoshi.track.ranking import Source
from luoshi.types import Kind, Qualifier, Statement

SOURCES = {
    "plan.txt": Source("plan.txt"),
    "stats.csv": Source("stats.csv", loader="stats", rank=3, authority="统计数据"),
}
FREIGHT = figure(1.3, kind=Kind.TARGET, doc="plan.txt", value_text="1.3亿吨")


def stat(value: float, period: str) -> Statement:
    return figure(value, doc="stats.csv", period=period, value_text=f"{value:g}", start=int(value * 1000) + len(period))


@pytest.mark.parametrize(
    ("period", "share"),
    [("2025-11", 11 / 12), ("2025-01", 1 / 12), ("2025-10", 10 / 12), ("2025-Q1", 0.25), ("2025-Q3", 0.75),
     ("2025-H1", 0.5), ("2025", 1.0), ("2021-2025", 1.0), ("2025-H2", None)],
)  # fmt: skip
def test_share_of_the_year_elapsed(period: str, share: float | None):
    assert share_elapsed(period) == (pytest.approx(share) if share is not None else None)


@pytest.mark.parametrize(
    ("actual", "target", "speaks"),
    [("2025-10", "2025", True), ("2025", "2025", True), ("2025-Q2", "2025", True), ("2024-10", "2025", False),
     ("2025-H2", "2025", False), ("2021-2025", "2025", False), ("2025", "2021-2025", False),
     ("2025-10", "2025-10", True)],
)  # fmt: skip
def test_which_periods_speak_to_a_target(actual: str, target: str, speaks: bool):
    assert within(actual, target) is speaks


def test_the_same_period_a_year_before():
    assert [year_before(p) for p in ("2025", "2025-10", "2025-Q1", "2021-2025")] == ["2024", "2024-10", "2024-Q1", None]


def test_projection_from_the_same_months_of_the_previous_year():
    # 1.1亿吨 by October; a year earlier 1.0 by October and 1.234 in all
    index = TrackIndex.build([FREIGHT, stat(1.1, "2025-10"), stat(1.0, "2024-10"), stat(1.234, "2024")], SOURCES)
    a = assess(index.link(FREIGHT), index)
    assert a.projection is not None
    assert a.projection.method == SAME_PERIOD
    assert a.projection.value == pytest.approx(1.1 * 1.234 / 1.0)
    assert a.projection.unit == "亿吨"
    assert a.projection.status.word == "已完成"
    assert [e.statement.period for e in a.projection.basis] == ["2024", "2024-10"]


def test_projection_is_linear_without_the_previous_year():
    index = TrackIndex.build([FREIGHT, stat(1.0, "2025-10")], SOURCES)
    a = assess(index.link(FREIGHT), index)
    assert a.status.word == "欠进度"  # 76.9% of the target after 83.3% of the year
    assert a.projection is not None and a.projection.method == LINEAR
    assert a.projection.value == pytest.approx(1.2)
    assert a.projection.status.word == "未完成"


def test_only_the_previous_full_year_is_not_enough_for_the_same_period_method():
    index = TrackIndex.build([FREIGHT, stat(1.0, "2025-10"), stat(1.234, "2024")], SOURCES)
    a = assess(index.link(FREIGHT), index)
    assert a.projection is not None and a.projection.method == LINEAR


def test_growth_targets_and_full_year_outcomes_get_no_projection():
    growth = percent(5, kind=Kind.TARGET, doc="plan.txt", qualifier=Qualifier.ABOUT)
    index = TrackIndex.build([growth, percent(5.3, doc="stats.csv", period="2025-Q3")], SOURCES)
    assert assess(index.link(growth), index).projection is None
    index = TrackIndex.build([FREIGHT, stat(1.32, "2025")], SOURCES)
    assert assess(index.link(FREIGHT), index).projection is None


def test_a_monthly_figure_in_a_text_projects_from_a_statistics_table(tmp_path: Path):
    plan = Text("plan.md", "2025年，全区口岸货运量力争达到1.3亿吨。", "2025-02-10")
    news = Text("news.md", "2025年1-10月全区口岸货运量1.1亿吨。", "2025-11-20")
    table = tmp_path / "nmg_2024.csv"
    table.write_text(
        "region,indicator,period,value,unit\n"
        "内蒙古自治区,port_freight_volume,2024-10,1.0,亿吨\n"
        "内蒙古自治区,port_freight_volume,2024,1.234,亿吨\n",
        encoding="utf-8",
    )
    index = index_of(plan, news)
    parsed = read_stats(table)
    index.add_document(parsed.document, parsed.statements)
    [a] = scoreboard(index, region="内蒙古自治区", period="2025")
    assert a.chosen is not None and a.chosen.source.name == "news.md"
    assert a.status.word == "达进度"  # 84.6% of the target after 83.3% of the year
    assert a.projection is not None and a.projection.method == SAME_PERIOD
    assert a.projection.value == pytest.approx(1.1 * 1.234)


@pytest.mark.parametrize(
    ("period", "words"),
    [
        ("2025", "2025年"),
        ("2025-10", "2025年1-10月"),
        ("2025-M11", "2025年11月"),
        ("2025-12-08", "截至2025年12月8日"),
        ("2025-H1", "2025年上半年"),
    ],
)
def test_periods_read_in_chinese(period: str, words: str):
    from luoshi.track.tables import period_words

    assert period_words(period) == words


def test_a_month_alone_is_no_figure_to_date_and_a_day_is():
    from luoshi.track.periods import share_elapsed

    assert share_elapsed("2025-M11") is None
    assert share_elapsed("2025-12-31") == 1.0
