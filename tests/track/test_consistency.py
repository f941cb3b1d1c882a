"""Consistency checks between figures; each finding names both sources."""

from __future__ import annotations

import pytest
from track_samples import Text, index_of

from luoshi.track.consistency import (
    NATIONAL,
    PREVIOUS_LEVEL,
    SAME_KEY,
    check_national,
    check_previous_levels,
    check_same_key,
    consistency,
)

TRADE_2024 = Text("trade_2024.md", "2024年，内蒙古外贸进出口总值达2073.1亿元，同比增长5.8%。", "2025-01-20")


def trade_2023(value: str) -> Text:
    return Text("trade_2023.md", f"2023年，内蒙古外贸进出口总值{value}亿元。", "2024-01-20")


# -- a level and its growth imply the previous year's level -----------------------------------
def test_a_previous_year_figure_far_from_the_implied_level_is_flagged():
    [f] = check_previous_levels(index_of(TRADE_2024, trade_2023("1800")))
    assert f.check == PREVIOUS_LEVEL
    assert f.expected == pytest.approx(2073.1 / 1.058)  # about 1959.5亿元
    assert f.found == 1800
    assert (f.first.source.name, f.second.source.name) == ("trade_2024.md", "trade_2023.md")
    assert "2073.1亿元" in f.message and "1959.5" in f.message and "内蒙古外贸进出口总值1800亿元" in f.message


@pytest.mark.parametrize("value", ["1959.5", "1960", "1950"])
def test_a_previous_year_figure_within_the_tolerance_passes(value: str):
    assert check_previous_levels(index_of(TRADE_2024, trade_2023(value))) == []


def test_without_a_stored_previous_year_there_is_nothing_to_check():
    assert check_previous_levels(index_of(TRADE_2024)) == []


def test_a_growth_of_another_indicator_beside_a_level_implies_nothing():
    text = Text("mixed.md", "2024年，内蒙古口岸货运量达到1.234亿吨，外贸进出口总值增长5.8%。", "2025-01-20")
    before = Text("b.md", "2023年，内蒙古口岸货运量0.5亿吨。", "2024-01-20")
    assert check_previous_levels(index_of(text, before)) == []


# -- 高于/低于全国 implies the national figure -------------------------------------------------
REGION_2025 = Text("nmg_2026.md", "2025年，内蒙古地区生产总值增长4.7%，低于全国0.3个百分点。", "2026-01-20")
TRADE_2025 = Text("trade_2026.md", "2025年，内蒙古进出口总值增长6.4%，高于全国2.6个百分点。", "2026-01-20")


def nation(text: str) -> Text:
    return Text("nation.md", text, "2026-01-17", region="全国")


@pytest.mark.parametrize(
    ("regional", "national", "flagged"),
    [
        (REGION_2025, "2025年，全国GDP增长5.0%。", False),  # 4.7 + 0.3
        (REGION_2025, "2025年，全国GDP增长5.4%。", True),
        (TRADE_2025, "2025年，全国进出口总值增长3.8%。", False),  # 6.4 − 2.6
        (TRADE_2025, "2025年，全国进出口总值增长5%。", True),
    ],
)
def test_the_national_figure_implied_by_a_difference_in_points(regional: Text, national: str, flagged: bool):
    found = check_national(index_of(regional, nation(national)))
    assert bool(found) is flagged
    if flagged:
        [f] = found
        assert f.check == NATIONAL
        assert f.first.source.name == regional.name and f.second.source.name == "nation.md"
        assert f.first.statement.quote in f.message and f.second.statement.quote in f.message


def test_no_stored_national_figure_no_finding():
    assert check_national(index_of(REGION_2025)) == []


# -- one key, two values ------------------------------------------------------------------------
def freight(name: str, words: str, published: str = "2026-01-20") -> Text:
    return Text(name, f"2025年，内蒙古口岸货运量{words}。", published)


@pytest.mark.parametrize(
    ("second", "flagged"),
    [
        ("1.40亿吨", True),
        ("1.32亿吨", False),
        ("1.3亿吨", False),  # 1.3 is 1.25–1.35 as written
        ("超过1.3亿吨", False),
        ("近1.2亿吨", True),
    ],
)
def test_the_same_key_reported_with_values_that_cannot_both_be_true(second: str, flagged: bool):
    found = check_same_key(index_of(freight("a.md", "达到1.32亿吨"), freight("b.md", second, "2026-01-10")))
    assert bool(found) is flagged
    if flagged:
        [f] = found
        assert f.check == SAME_KEY
        assert {f.first.source.name, f.second.source.name} == {"a.md", "b.md"}
        assert "a.md" in f.message and "b.md" in f.message


def test_consistency_runs_every_check():
    index = index_of(TRADE_2024, trade_2023("1800"), freight("a.md", "1.32亿吨"), freight("b.md", "1.40亿吨"))
    assert sorted(f.check for f in consistency(index)) == [PREVIOUS_LEVEL, SAME_KEY]
    assert consistency(index, region="北京市") == []
