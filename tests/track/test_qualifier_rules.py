"""Each qualifier's rule for a year-end outcome, as a table: the target as
written, the outcome, the status."""

from __future__ import annotations

import pytest
from track_samples import figure, percent

from luoshi.track.figures import rounding
from luoshi.track.status import Status, judge
from luoshi.types import Kind, Measure, Qualifier

MET, EXCEEDED, MISSED = Status.MET, Status.EXCEEDED, Status.MISSED


def level_target(value: float, qualifier: Qualifier, value_text: str | None = None, **kw: object):
    return figure(value, kind=Kind.TARGET, qualifier=qualifier, value_text=value_text, **kw)  # type: ignore[arg-type]


def growth_target(value: float, qualifier: Qualifier, **kw: object):
    return percent(value, kind=Kind.TARGET, qualifier=qualifier, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("written", "target", "actual", "expected"),
    [
        # at_least (超过5700亿元): met when actual ≥ target
        ("超过5700亿元 / 6000亿元", level_target(5700, Qualifier.AT_LEAST, unit="亿元"), 6000e8, MET),
        ("超过5700亿元 / 5700亿元", level_target(5700, Qualifier.AT_LEAST, unit="亿元"), 5700e8, MET),
        ("超过5700亿元 / 5699亿元", level_target(5700, Qualifier.AT_LEAST, unit="亿元"), 5699e8, MISSED),
        ("超过5700亿元 / 6300亿元 (+10.5%)", level_target(5700, Qualifier.AT_LEAST, unit="亿元"), 6300e8, EXCEEDED),
        # more_than (500余列) is read as at_least
        ("500余列 / 499列", level_target(500, Qualifier.MORE_THAN, unit="列", scale=1), 499, MISSED),
        ("500余列 / 520列", level_target(500, Qualifier.MORE_THAN, unit="列", scale=1), 520, MET),
        # at_most (控制在5.5%以内): met when ≤, never exceeded
        ("5.5%以内 / 5.2%", growth_target(5.5, Qualifier.AT_MOST, indicator="urban_unemployment_rate"), 5.2, MET),
        ("5.5%以内 / 5.5%", growth_target(5.5, Qualifier.AT_MOST, indicator="urban_unemployment_rate"), 5.5, MET),
        ("5.5%以内 / 5.7%", growth_target(5.5, Qualifier.AT_MOST, indicator="urban_unemployment_rate"), 5.7, MISSED),
        ("5.5%以内 / 3.0%", growth_target(5.5, Qualifier.AT_MOST, indicator="urban_unemployment_rate"), 3.0, MET),
        # range (增长5%-5.5%): inside, or beyond on the good side
        ("5%-5.5% / 5.2%", growth_target(5, Qualifier.RANGE, value_high=5.5, value_text="5%-5.5%"), 5.2, MET),
        ("5%-5.5% / 4.9%", growth_target(5, Qualifier.RANGE, value_high=5.5, value_text="5%-5.5%"), 4.9, MISSED),
        ("5%-5.5% / 5.9%", growth_target(5, Qualifier.RANGE, value_high=5.5, value_text="5%-5.5%"), 5.9, MET),
        ("5%-5.5% / 6.6%", growth_target(5, Qualifier.RANGE, value_high=5.5, value_text="5%-5.5%"), 6.6, EXCEEDED),
        # about (5%左右): within 0.5 points for a rate …
        ("5%左右 / 4.7%", growth_target(5, Qualifier.ABOUT), 4.7, MET),
        ("5%左右 / 4.5%", growth_target(5, Qualifier.ABOUT), 4.5, MET),
        ("5%左右 / 4.4%", growth_target(5, Qualifier.ABOUT), 4.4, MISSED),
        ("5%左右 / 5.8%", growth_target(5, Qualifier.ABOUT), 5.8, MET),
        ("5%左右 / 6.1%", growth_target(5, Qualifier.ABOUT), 6.1, EXCEEDED),
        # … and 2% of the value for a level (310万吨左右: 303.8 is the edge)
        ("310万吨左右 / 304万吨", level_target(310, Qualifier.ABOUT, unit="万吨", scale=1e4), 304e4, MET),
        ("310万吨左右 / 303万吨", level_target(310, Qualifier.ABOUT, unit="万吨", scale=1e4), 303e4, MISSED),
        # approx_below (近1000亿元): about-or-below, so short by the tolerance is met
        ("近1000亿元 / 985亿元", level_target(1000, Qualifier.APPROX_BELOW, unit="亿元"), 985e8, MET),
        ("近1000亿元 / 970亿元", level_target(1000, Qualifier.APPROX_BELOW, unit="亿元"), 970e8, MISSED),
        # exact (实现口岸货运量1.3亿吨): within the rounding of the last digit, or above
        ("1.3亿吨 / 1.32亿吨", level_target(1.3, Qualifier.EXACT), 1.32e8, MET),
        ("1.3亿吨 / 1.26亿吨", level_target(1.3, Qualifier.EXACT), 1.26e8, MET),
        ("1.3亿吨 / 1.24亿吨", level_target(1.3, Qualifier.EXACT), 1.24e8, MISSED),
        ("1.3亿吨 / 1.5亿吨", level_target(1.3, Qualifier.EXACT), 1.5e8, EXCEEDED),
    ],
)
def test_year_end_status_by_qualifier(written: str, target, actual: float, expected: Status):
    assert judge(target, actual) is expected, written


def fall(value: float, qualifier: Qualifier):
    """单位地区生产总值能耗下降…, written negative."""
    return growth_target(value, qualifier, indicator="energy_intensity_change")


@pytest.mark.parametrize(
    ("written", "target", "actual", "expected"),
    [
        # 单位地区生产总值能耗下降2.5%左右 (written -2.5): a bigger fall is better
        ("下降2.5%左右 / 下降3%", fall(-2.5, Qualifier.ABOUT), -3.0, MET),
        ("下降2.5%左右 / 下降1.8%", fall(-2.5, Qualifier.ABOUT), -1.8, MISSED),
        ("下降2.5%左右 / 下降4%", fall(-2.5, Qualifier.ABOUT), -4.0, EXCEEDED),
        ("下降3%以上 / 下降3.2%", fall(-3, Qualifier.AT_LEAST), -3.2, MET),
        ("下降3%以上 / 下降2.9%", fall(-3, Qualifier.AT_LEAST), -2.9, MISSED),
        # a ceiling (CPI 2%左右) kept well under is met, never exceeded
        ("CPI 2%左右 / 0.2%", growth_target(2, Qualifier.ABOUT, indicator="cpi_growth"), 0.2, MET),
        ("CPI 2%左右 / 2.6%", growth_target(2, Qualifier.ABOUT, indicator="cpi_growth"), 2.6, MISSED),
        (
            "失业率5.5%左右 / 5.1%",
            growth_target(5.5, Qualifier.ABOUT, indicator="urban_unemployment_rate", measure=Measure.RATE_PCT),
            5.1,
            MET,
        ),  # fmt: skip
    ],
)
def test_lower_is_better_indicators_mirror_the_rules(written: str, target, actual: float, expected: Status):
    assert judge(target, actual) is expected, written


@pytest.mark.parametrize(
    ("value", "value_text", "unit", "scale", "half_unit"),
    [
        (1.3, "1.3亿吨", "亿吨", 1e8, 0.05e8),
        (1.32, "1.32", "亿吨", 1e8, 0.005e8),  # a statistics row: the number alone
        (6000, "6000亿元", "亿元", 1e8, 0.5e8),
        (5700, "超过5700亿元", "亿元", 1e8, 0.5e8),
        (2000, "两千亿元", "亿元", 1e8, 500e8),  # Chinese numerals: the last non-zero digit
        (15, "十五万人", "万人", 1e4, 0.5e4),
        (5.5, "4.5%-5.5%", "%", 1, 0.05),
    ],
)
def test_rounding_is_half_a_unit_of_the_last_written_digit(value, value_text, unit, scale, half_unit):
    s = figure(value, value_text=value_text, unit=unit, scale=scale)
    assert rounding(s) == pytest.approx(half_unit)
