"""Versions of a figure: preliminary (预计/初步核算/快报 in its sentence) and
final, each with its source and date; the latest final one is used.

The texts are the team's own, after the revision the brief describes: the
January 2025 report gave 2024 到位资金 as 超5300亿元 (预计), the February page
the final 5573.1亿元."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from track_samples import Text, figure, index_of

from luoshi.track.board import assess
from luoshi.track.link_index import TrackIndex
from luoshi.track.ranking import Source
from luoshi.track.versions import figure_versions, link_versions
from luoshi.types import Kind

REPORT_2025 = Text(
    "report_2025.md",
    "2024年，全区经济运行稳中有进。预计全年引进国内到位资金超5300亿元。",
    "2025-01-20",
    title="2025年内蒙古自治区政府工作报告",
)
# the cue opens the sentence, far from the figure's own words
REPORT_2025_EARLY = Text(
    "report_2025b.md",
    "据初步核算，2024年全区外贸进出口总值增长5%，全年引进国内到位资金超5300亿元。",
    "2025-01-21",
    title="2025年内蒙古自治区政府工作报告（解读）",
)
PAGE_2025 = Text("page_2025.md", "2024年，内蒙古全年引进国内到位资金5573.1亿元，同比增长16.6%。", "2025-02-10")
PLAN_2024 = Text("plan_2024.md", "2024年全区招商引资国内到位资金力争达到5000亿元。", "2024-01-25")


def investment(index):
    return index.reported("内蒙古自治区", "investment_attracted", "level", "2024")


def test_a_cue_in_the_quote_marks_the_figure_preliminary():
    [e] = investment(index_of(REPORT_2025))
    assert e.statement.value == 5300 and e.preliminary


def test_a_cue_elsewhere_in_the_sentence_marks_it_too():
    [e] = investment(index_of(REPORT_2025_EARLY))
    assert "初步核算" not in e.statement.quote and e.preliminary


def test_a_cue_in_another_sentence_does_not():
    text = Text("x.md", "预计明年更好。2024年全年引进国内到位资金5573.1亿元。", "2025-02-10")
    [e] = investment(index_of(text))
    assert not e.preliminary


def test_a_final_figure_is_used_before_a_preliminary_one_from_a_higher_authority():
    index = index_of(PLAN_2024, REPORT_2025, PAGE_2025)
    [target] = index.all_targets()
    a = assess(index.link(target), index)
    assert a.chosen is not None and a.chosen.statement.value == 5573.1 and not a.chosen.preliminary
    assert a.chosen.source.authority == "新闻及其他"
    assert [f.code for f in a.flags] == []  # a revision is no conflict
    assert a.status.word == "超额完成"  # 5573.1 against 5000: 11.5% beyond


def test_every_version_is_kept_with_its_source_and_date():
    index = index_of(PLAN_2024, REPORT_2025, PAGE_2025)
    shown = [
        (v.evidence.statement.value, v.evidence.source.name, v.published, v.preliminary, v.used)
        for v in figure_versions(index, "内蒙古自治区", "investment_attracted", "level", "2024")
    ]
    assert shown == [
        (5300.0, "report_2025.md", date(2025, 1, 20), True, False),
        (5573.1, "page_2025.md", date(2025, 2, 10), False, True),
    ]
    [target] = index.all_targets()
    assert [v.used for v in link_versions(index.link(target))] == [False, True]


def test_with_only_a_preliminary_figure_it_is_used_and_flagged():
    index = index_of(PLAN_2024, REPORT_2025)
    [target] = index.all_targets()
    a = assess(index.link(target), index)
    assert a.chosen is not None and a.chosen.preliminary
    assert [f.code for f in a.flags] == ["preliminary"]
    assert "report_2025.md" in a.flags[0].text


@pytest.mark.parametrize("cue", ["预计", "初步核算", "初步统计", "快报"])
def test_each_cue_word_of_the_data_file(cue: str):
    text = Text("c.md", f"据{cue}，2024年全年引进国内到位资金5573.1亿元。", "2025-02-10")
    [e] = investment(index_of(text))
    assert e.preliminary


def test_the_statements_flag_alone_puts_a_final_figure_before_a_preliminary_one():
    # no text anywhere, no cue in any quote: only Statement.preliminary says it
    sources = {
        "plan.txt": Source("plan.txt", published=date(2025, 1, 20)),
        "stats.csv": Source("stats.csv", loader="stats", rank=3, authority="统计数据"),
        "news.txt": Source("news.txt", published=date(2026, 2, 1)),
    }
    target = figure(1.3, kind=Kind.TARGET, doc="plan.txt")
    stats = figure(1.35, doc="stats.csv", preliminary=True)
    news = figure(1.32, doc="news.txt")
    link = TrackIndex.build([target, stats, news], sources).link(target)
    assert [(e.statement.doc, e.preliminary) for e in link.candidates] == [("news.txt", False), ("stats.csv", True)]
    assert not link.conflicts  # a preliminary figure revised is no conflict
    final = dataclasses.replace(stats, preliminary=False)
    link = TrackIndex.build([target, final, news], sources).link(target)
    assert link.chosen is not None and link.chosen.statement.doc == "stats.csv"  # the higher authority, now final
