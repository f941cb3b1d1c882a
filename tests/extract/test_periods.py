"""Parts of a year, said in the figure's clause or as the sentence's opening
words, and relative years."""

from __future__ import annotations

import pytest

from luoshi import extract


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("1-10月，全区规模以上工业增加值增长6.2%。", "2025-10"),
        ("前三季度，全区地区生产总值增长5.1%。", "2025-09"),
        ("上半年全区固定资产投资增长3%。", "2025-H1"),
        ("一季度，全区社会消费品零售总额增长4%。", "2025-Q1"),
        ("2025年1-10月，全区社会消费品零售总额增长4%。", "2025-10"),
        ("全年全区地区生产总值增长5.1%。", "2025"),
        ("一、二季度经济平稳增长；全年地区生产总值增长4.9%。", "2025"),
    ],
)
def test_part_of_the_year(text: str, period: str):
    (s,) = extract(text, published="2025-11-20", region="内蒙古自治区")
    assert s.period == period


def test_national_gdp_is_gdp_of_the_nation():
    (s,) = extract("全国国内生产总值增长5%。", published="2026-02-01", region="北京市")
    assert (s.indicator, s.region, s.region_code) == ("gdp_growth", "全国", None)


def test_the_past_year_of_a_spring_report_is_last_year():
    (s,) = extract("过去一年，全区粮食产量达到840亿斤。", published="2026-02-01", region="内蒙古自治区")
    assert (s.period, s.kind.value) == ("2025", "actual")
