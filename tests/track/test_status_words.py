"""Each status word a scoreboard shows, from the link of a target to the
words 督查 offices use, during the year and at its end."""

from __future__ import annotations

import pytest
from track_samples import figure, percent

from luoshi.track.board import assess
from luoshi.track.link_index import TrackIndex
from luoshi.track.ranking import Source
from luoshi.track.status import Status
from luoshi.types import Kind, Measure, Qualifier, Statement

SOURCES = {
    "plan.txt": Source("plan.txt"),
    "stats.csv": Source("stats.csv", loader="stats", rank=3, authority="统计数据"),
}
FREIGHT = figure(1.3, kind=Kind.TARGET, doc="plan.txt", value_text="1.3亿吨")
GROWTH = percent(5, kind=Kind.TARGET, doc="plan.txt", qualifier=Qualifier.ABOUT, value_text="5%左右")


def status(target: Statement, *outcomes: Statement):
    index = TrackIndex.build([target, *outcomes], SOURCES)
    return assess(index.link(target), index)


def stat(value: float, period: str = "2025", **kw: object) -> Statement:
    return figure(value, doc="stats.csv", period=period, value_text=f"{value:g}", **kw)  # type: ignore[arg-type]


def rate(value: float, period: str) -> Statement:
    return percent(value, doc="stats.csv", period=period)


@pytest.mark.parametrize(
    ("target", "outcome", "word"),
    [
        (FREIGHT, stat(1.32), "已完成"),
        (FREIGHT, stat(1.5), "超额完成"),
        (FREIGHT, stat(1.1), "未完成"),
        (GROWTH, rate(4.7, "2025"), "已完成"),
        (GROWTH, rate(6.2, "2025"), "超额完成"),
        (GROWTH, rate(4.2, "2025"), "未完成"),
    ],
)
def test_year_end_words(target: Statement, outcome: Statement, word: str):
    assert status(target, outcome).status.word == word


@pytest.mark.parametrize(
    ("outcome", "word", "progress"),
    [
        # after October 序时进度 is 83.3%: 1.2 of 1.3 is 92.3%
        (stat(1.2, "2025-10"), "超进度", 0.923),
        (stat(1.08, "2025-10"), "达进度", 0.831),  # within 2 points of 序时进度
        (stat(0.9, "2025-10"), "欠进度", 0.692),
        (stat(0.33, "2025-Q1"), "达进度", 0.254),
        (stat(0.6, "2025-H1"), "欠进度", 0.462),
    ],
)
def test_in_year_level_targets_are_judged_against_the_share_of_the_year_elapsed(outcome, word, progress):
    a = status(FREIGHT, outcome)
    assert a.status.word == word
    assert a.progress == pytest.approx(progress, abs=0.001)


@pytest.mark.parametrize(
    ("outcome", "word"),
    [
        # growth to date is compared with the target itself, not as a share of it
        (rate(5.6, "2025-Q1"), "达进度"),
        (rate(6.2, "2025-Q1"), "超进度"),
        (rate(4.2, "2025-10"), "欠进度"),
        (rate(4.6, "2025-10"), "达进度"),
    ],
)
def test_in_year_growth_targets_compare_the_cumulative_rate_directly(outcome: Statement, word: str):
    a = status(GROWTH, outcome)
    assert a.status.word == word
    assert a.progress is None and a.projection is None


def test_nothing_reported_is_no_data():
    a = status(FREIGHT)
    assert a.status is Status.NO_DATA and a.status.word == "暂无数据" and a.elapsed is None


def test_a_numeral_naming_a_programme_is_listed_but_not_tracked():
    named = figure(6, kind=Kind.TARGET, doc="plan.txt", indicator="other:倍增计划", measure=Measure.COUNT, unit="个",
                   scale=1, in_name=True)  # fmt: skip
    same = figure(6, doc="stats.csv", indicator="other:倍增计划", measure=Measure.COUNT, unit="个", scale=1)
    a = status(named, same)
    assert a.status.word == "暂无数据"
    assert [f.code for f in a.flags] == ["in_name"]


@pytest.mark.parametrize(
    ("period", "elapsed"), [("2025-11", 11 / 12), ("2025-Q1", 0.25), ("2025-H1", 0.5), ("2025", 1.0)]
)
def test_the_elapsed_share_is_shown_with_the_status(period: str, elapsed: float):
    assert status(FREIGHT, stat(1.0, period)).elapsed == pytest.approx(elapsed)


def test_the_words_come_from_the_data_file():
    from luoshi.track.rules import track_rules

    words = track_rules().words
    assert [s.word for s in Status] == [words[s.value] for s in Status]
    assert set(words.values()) == {
        "已完成", "超额完成", "未完成", "超进度", "达进度", "欠进度", "暂无数据", "逾期未完成", "临期",
    }  # fmt: skip
