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


@pytest.mark.parametrize(
    ("text", "period"),
    [
        # A month range anywhere before the figure in its sentence, not only opening it.
        ("海关数据显示，2025年1—11月，全区外贸进出口总值2021.5亿元。", "2025-11"),
        ("据统计，1至10月份全市规模以上工业增加值增长7.1%。", "2025-10"),
        ("前11个月，全盟社会消费品零售总额增长4.2%。", "2025-11"),
        # A month alone.
        ("11月当月，全区进出口215.3亿元。", "2025-M11"),
        ("10月份，全市规模以上工业增加值增长8.3%。", "2025-M10"),
        ("10月单月全市有3个新开工项目实现开工。", "2025-M10"),
        ("至9月底，全市新建项目开工建设160个。", "2025-09-30"),
        ("上半年5.5%，从一季度4.9%提高到5.3%。", "2025-Q1"),
        ("1—11月，全区进出口2021.5亿元；其中，11月当月进出口215.3亿元。", "2025-M11"),
        # Quarters wherever they stand; the first three quarters are January–September.
        ("全市地区生产总值一季度增长5.6%。", "2025-Q1"),
        ("经初步核算，前三季度全盟地区生产总值增长5.8%。", "2025-09"),
        # 截至 a day: the running total of that day.
        ("截至12月8日，满洲里口岸今年累计通行中欧班列18012列。", "2025-12-08"),
        ("截至11月底，全区累计新增市场主体12.3万户。", "2025-11-30"),
        ("截至三季度末，全区新能源装机容量突破1.35亿千瓦。", "2025-09-30"),
        ("规模以上工业增加值增长8.2%，其中9月份增长9.1%；固定资产投资增长6.4%。", "2025"),
        ("11月当月，全区进出口216.3亿元，增长22.8%；其中出口96.8亿元。", "2025-M11"),
        # A year that starts a span in another clause does not capture the figure.
        ("自2023年起连续两年保持增长，全区口岸货运量达1.32亿吨。", "2025"),
        # 全年 after a part of the year is the whole year again.
        ("一季度增长较快，全年全区地区生产总值增长5.1%。", "2025"),
    ],
)
def test_parts_of_the_year_anywhere_in_the_sentence(text: str, period: str):
    statements = extract(text, published="2025-12-15", region="内蒙古自治区")
    assert statements[-1].period == period


def test_the_months_of_a_year_govern_the_sentences_after_it():
    text = "2025年1—11月，全区外贸进出口总值2021.5亿元，同比增长6.1%。其中，出口1100.2亿元，增长9.3%。"
    assert {s.period for s in extract(text, published="2025-12-15", region="内蒙古自治区")} == {"2025-11"}


def test_a_communique_reports_on_the_year_its_title_names():
    text = (
        "乌兰察布市2024年国民经济和社会发展统计公报\n乌兰察布市统计局\n2025年3月20日\n\n"
        "全年全市地区生产总值1150.2亿元，比上年增长5.5%。居民消费价格比上年上涨0.3%。\n"
    )
    statements = extract(text, published="2025-03-20")
    assert [(s.period, s.kind.value, s.region) for s in statements] == [("2024", "actual", "乌兰察布市")] * 3


def test_a_title_naming_months_sets_the_period_of_the_outcomes_in_it():
    text = (
        "关于全区区域合作深化行动1—10月推进情况的通报\n\n"
        "全区重点项目已开复工568个，完成投资1286.4亿元。全年计划投资1636亿元。\n"
    )
    got = [(s.value, s.kind.value, s.period) for s in extract(text, published="2025-11-12")]
    assert got == [(568.0, "actual", "2025-10"), (1286.4, "actual", "2025-10"), (1636.0, "target", "2025")]


def test_amounts_since_the_start_of_a_plan_span_it():
    text = "“十四五”以来，广东累计投入帮扶资金68.4亿元，共建产业园区84个，园区产值占比达到35%。"
    got = [(s.value, s.period) for s in extract(text, published="2025-11-22", region="广东省")]
    assert got == [(68.4, "2021-2025"), (84.0, "2021-2025"), (35.0, "2025")]


def test_a_later_sentence_of_its_own_news_does_not_take_the_months_before():
    text = "今年1—10月，全市引进国内到位资金1012.3亿元。推介会上，与深圳等地企业现场签约项目21个。"
    assert [s.period for s in extract(text, published="2025-11-22", region="鄂尔多斯市")] == ["2025-10", "2025"]
