"""Inputs written to break the pipeline, and short sentences that pin how a
figure is read (kind, period, sign, indicator, measure, qualifier)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.extract.pipeline import extract
from luoshi.types import Kind, Statement

PUBLISHED = "2025-02-01"


def run(text: str, **kw) -> list[Statement]:
    kw.setdefault("published", PUBLISHED)
    statements = extract(text, **kw)
    assert_sane(text, statements)
    return statements


def assert_sane(text: str, statements: list[Statement]) -> None:
    spans = [(s.start, s.end) for s in statements]
    assert spans == sorted(spans)
    for s in statements:
        assert 0 <= s.start < s.end <= len(text)
        assert s.quote == text[s.start : s.end]
        assert s.kind in (Kind.ACTUAL, Kind.TARGET, Kind.EVENT)
        if s.kind is not Kind.EVENT:
            assert s.value_text and s.value_text in s.quote
        json.dumps(s.to_dict(), ensure_ascii=False)


# --- inputs written to break it --------------------------------------------------------------

TEN_FIGURES = (
    "全年实现地区生产总值2.6万亿元、增长5.8%，规上工业增加值增长7.4%，固定资产投资增长3.1%，"
    "社会消费品零售总额6200亿元、增长4.2%，进出口总值2073.1亿元、增长5.8%，一般公共预算收入3200亿元、增长6%。"
)

NOTHING_TO_FIND = {
    "empty": "",
    "one space": " ",
    "newlines": "\n\n\n",
    "punctuation": "，。、；：？！“”‘’（）《》【】……——,.;:?!\"'()[]",
    "digits only": "1" * 200_000,
    "numerals": "一二三四五六七八九十" * 5,
    "years and dates": "2024年2月7日至2025年12月31日",
}


@pytest.mark.parametrize("text", NOTHING_TO_FIND.values(), ids=NOTHING_TO_FIND.keys())
def test_texts_without_figures_give_nothing_and_do_not_fail(text):
    assert run(text) == []


def test_no_published_date_no_region_and_no_year_still_works():
    statements = extract("地区生产总值增长5%左右")
    assert [(s.value, s.qualifier.value) for s in statements] == [(5, "about")]
    assert_sane("地区生产总值增长5%左右", statements)


def test_unbalanced_opening_quote():
    text = "“地区生产总值增长5%左右，城镇新增就业18万人以上"
    found = run(text)
    assert [(s.value, s.unit, s.qualifier.value) for s in found] == [(5, "%", "about"), (18, "万人", "at_least")]
    assert found[0].quote.startswith("地区生产总值")  # the stray quote mark stays out of the span


def test_unbalanced_closing_quote():
    text = "地区生产总值增长5%左右”，城镇新增就业18万人以上。”"
    assert [s.value for s in run(text)] == [5, 18]


def test_mixed_full_and_half_width_punctuation():
    text = "地区生产总值增长5%左右,一般公共预算收入增长4％左右；城镇调查失业率控制在5.5%以内;居民消费价格涨幅2％左右。"
    found = run(text)
    assert [(s.indicator, s.value, s.qualifier.value) for s in found] == [
        ("gdp_growth", 5, "about"),
        ("general_budget_revenue_growth", 4, "about"),
        ("urban_unemployment_rate", 5.5, "at_most"),
        ("cpi_growth", 2, "about"),
    ]


def test_a_sentence_with_ten_figures_gives_ten_statements_in_order():
    found = run(TEN_FIGURES, region="内蒙古自治区")
    assert [(s.indicator, s.value, s.unit) for s in found] == [
        ("gdp", 2.6, "万亿元"),
        ("gdp_growth", 5.8, "%"),
        ("industrial_value_added_growth", 7.4, "%"),
        ("fixed_asset_investment_growth", 3.1, "%"),
        (found[4].indicator, 6200, "亿元"),
        ("retail_sales_growth", 4.2, "%"),
        ("foreign_trade_value", 2073.1, "亿元"),
        ("foreign_trade_growth", 5.8, "%"),
        ("general_budget_revenue", 3200, "亿元"),
        ("general_budget_revenue_growth", 6, "%"),
    ]
    assert {s.region for s in found} == {"内蒙古自治区"}


def test_nested_ranges_read_the_first_pair_as_a_range_and_do_not_fail():
    text = "地区生产总值增长5%-5.5%-6%"
    found = run(text)
    assert (found[0].value, found[0].value_high, found[0].qualifier.value) == (5, 5.5, "range")
    assert all(s.end <= len(text) for s in found)


def test_figures_at_the_very_start_and_the_very_end():
    text = "5%左右的增长目标，城镇新增就业18万人"
    found = run(text)
    assert (found[0].start, found[0].value) == (0, 5)
    assert (found[-1].end, found[-1].value) == (len(text), 18)


def test_a_figure_that_is_the_whole_text():
    assert [(s.start, s.end, s.value) for s in run("18万人")] == [(0, 4, 18)]


def test_the_same_text_repeated_gives_its_statements_once_with_every_copy_as_evidence():
    one = run(TEN_FIGURES)
    many = run(TEN_FIGURES * 50)
    assert [(s.start, s.value) for s in many] == [(s.start, s.value) for s in one]
    shift = len(TEN_FIGURES)
    for s in many:
        assert len(s.repeats) == 49
        assert s.repeats[0][0] - shift == s.start


ALPHABET = (
    "0123456789.%％-—～一二两三四五六七八九十百千万亿余多近约超以上左右元吨人个家项列千瓦时第年月日"
    "今去力争确保目标预期地区生产总值增长下降城镇调查失业率全市省自治区北京内蒙古兴安盟"
    "签署合作协议考察团赴对接集团公司与，。；：、“”‘’（）\n 分别和及"
)


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=ALPHABET, max_size=120),
    published=st.sampled_from([None, PUBLISHED]),
    region=st.sampled_from([None, "北京市", "内蒙古自治区"]),
)
def test_random_report_like_text_never_breaks_extraction(text, published, region):
    assert_sane(text, extract(text, published=published, region=region))


# --- inputs that once broke it ----------------------------------------------------------


def test_an_absurdly_long_number_gives_no_infinite_value():
    text = "1" * 400 + "亿元"
    for s in extract(text):
        assert math.isfinite(s.value) and math.isfinite(s.base_value)


def test_a_text_full_of_chinese_numerals_gives_nothing():
    assert extract("一二三四五六七八九十" * 500) == []


@pytest.mark.parametrize(
    "text", ["2月30日，兴安盟党政考察团赴山东考察对接。", "4月31日，兴安农垦集团与华瑞面业公司签署运营合作协议。"]
)
def test_an_impossible_date_leaves_the_event_its_year(text):
    [event] = [s for s in run(text) if s.kind is Kind.EVENT]
    assert event.period == "2025"


# --- what a sentence means ---------------------------------------------------------------

TARGETS = [
    "今年全市地区生产总值力争增长5.5%",
    "确保全市地区生产总值增长5.5%",
    "今年经济社会发展主要预期目标是：地区生产总值增长5.5%",
    "2025年全市地区生产总值增长5.5%左右",
]


@pytest.mark.parametrize("text", TARGETS)
def test_goal_cues_make_a_current_year_figure_a_target(text):
    [s] = run(text, region="北京市")
    assert (s.kind, s.period, s.indicator, s.value) == (Kind.TARGET, "2025", "gdp_growth", 5.5)
    assert s.region == "北京市"


@pytest.mark.parametrize("text", ["去年全市地区生产总值增长5.2%", "2024年全市地区生产总值增长5.2%"])
def test_last_year_makes_an_outcome_of_that_year(text):
    [s] = run(text, region="北京市")
    assert (s.kind, s.period, s.indicator, s.value) == (Kind.ACTUAL, "2024", "gdp_growth", 5.2)


@pytest.mark.parametrize(
    ("published", "year"), [("2025-02-01", "2025"), ("2024-03-05", "2024"), ("2026-01-20", "2026")]
)
def test_jinnian_is_the_year_of_publication(published, year):
    [s] = run("今年粮食产量力争达到500万吨", published=published)
    assert (s.period, s.kind, s.indicator, s.value, s.unit) == (year, Kind.TARGET, "grain_output", 500, "万吨")


def test_qunian_is_the_year_before_publication():
    [s] = run("去年粮食产量达到500万吨", published="2024-03-05")
    assert (s.period, s.kind) == ("2023", Kind.ACTUAL)


# text, indicator, measure, value, qualifier
MEANINGS = [
    ("规模以上工业增加值下降3%", "industrial_value_added_growth", "growth_pct", -3, "exact"),
    ("地区生产总值下降3%", "gdp_growth", "growth_pct", -3, "exact"),
    ("城镇调查失业率5.5%左右", "urban_unemployment_rate", "rate_pct", 5.5, "about"),
    ("城镇调查失业率控制在5.5%以内", "urban_unemployment_rate", "rate_pct", 5.5, "at_most"),
    ("居民消费价格涨幅2%左右", "cpi_growth", "growth_pct", 2, "about"),
    ("单位地区生产总值能耗下降2.5%", "energy_intensity_change", "growth_pct", -2.5, "exact"),
    ("研发经费投入强度达到2.6%", "rd_intensity", "rate_pct", 2.6, "exact"),
    ("城镇新增就业18万人以上", "urban_new_jobs", "count", 18, "at_least"),
    ("粮食产量超过840亿斤", "grain_output", "level", 840, "at_least"),
    ("外贸进出口总值达2073.1亿元", "foreign_trade_value", "level", 2073.1, "exact"),
    ("高于全国外贸增速0.8个百分点", None, "pp_diff", 0.8, "exact"),
]


@pytest.mark.parametrize(("text", "indicator", "measure", "value", "qualifier"), MEANINGS, ids=[m[0] for m in MEANINGS])
def test_indicator_measure_sign_and_qualifier(text, indicator, measure, value, qualifier):
    [s] = run(text)
    if indicator is not None:
        assert s.indicator == indicator
    assert (s.measure.value, s.value, s.qualifier.value) == (measure, value, qualifier)


def test_a_decline_is_negative_in_base_value_too():
    [s] = run("单位地区生产总值能耗下降2.5%")
    assert s.base_value == -2.5


@pytest.mark.parametrize(
    "text", ["单位GDP二氧化碳排放下降3%左右", "力争海洋生产总值增长6%左右", "单位地区生产总值二氧化碳排放下降3.8%"]
)
def test_carbon_intensity_and_marine_gdp_are_not_gdp_growth(text):
    [s] = run(text)
    assert s.indicator != "gdp_growth"
