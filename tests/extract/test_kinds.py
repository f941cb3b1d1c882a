"""Outcome or target in texts other than provincial reports: plan headings in
any wording make the list under them targets; progress against a plan is an
outcome, and so are the clauses after it."""

from __future__ import annotations

import pytest

from luoshi import extract

PLAN = (
    "巴林右旗2025年国民经济和社会发展计划\n\n"
    "一、2024年计划执行情况\n"
    "2024年，全旗地区生产总值完成156.3亿元，同比增长6.2%。\n"
    "{heading}\n"
    "1.地区生产总值增长6%；\n"
    "2.固定资产投资增长10%。\n"
)


@pytest.mark.parametrize(
    "heading",
    [
        "二、2025年主要目标任务",
        "二、2025年工作安排",
        "今年工作安排",
        "二、重点任务",
        "2025年主要预期目标",
        "三、下一步工作打算",
    ],
)
def test_a_plan_heading_in_any_wording_makes_the_list_under_it_targets(heading: str):
    statements = extract(PLAN.format(heading=heading), published="2025-01-20")
    assert [(s.value, s.kind.value, s.period) for s in statements] == [
        (156.3, "actual", "2024"),
        (6.2, "actual", "2024"),
        (6.0, "target", "2025"),
        (10.0, "target", "2025"),
    ]


def test_a_sub_heading_of_the_review_does_not_open_a_plan():
    text = PLAN.format(heading="（三）重点任务扎实推进").replace("1.地区", "全旗地区").replace("2.固定", "固定")
    kinds = {s.kind.value for s in extract(text, published="2025-01-20")}
    assert kinds == {"actual"}


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("1—10月，全市重大项目完成年度计划投资的82.4%。", ["actual"]),
        ("全年计划开行中欧班列1.8万列，截至10月底已突破15000列，占年度计划的83%。", ["target", "actual", "actual"]),
        ("今年以来，新开工项目完成投资56.2亿元，占年度投资计划的75%，同比增长12%。", ["actual", "actual", "actual"]),
        ("力争全年口岸货运量达到1.3亿吨。", ["target"]),
    ],
)
def test_progress_against_a_plan_is_an_outcome(text: str, kinds: list[str]):
    assert [s.kind.value for s in extract(text, published="2025-11-20", region="内蒙古自治区")] == kinds


def test_a_goal_bound_outside_a_report_is_a_target_and_an_approximation_is_not():
    (goal,) = extract("一季度开工项目不少于30个。", published="2025-01-10", region="内蒙古自治区")
    (about,) = extract("全年累计为企业节省物流成本约2.3亿元。", published="2025-12-10", region="内蒙古自治区")
    assert (goal.kind.value, about.kind.value) == ("target", "actual")


def test_a_threshold_crossed_in_the_news_is_an_outcome():
    (s,) = extract("满洲里口岸中欧班列开行量突破1.8万列。", published="2025-12-10", region="满洲里市")
    assert (s.kind.value, s.qualifier.value) == ("actual", "at_least")


def test_a_name_packing_two_subjects_is_unpacked_for_a_respectively_list():
    got = [
        (s.indicator_name, s.value)
        for s in extract("城乡居民人均可支配收入分别增长4.5%和7.5%。", published="2025-12-01")
    ]
    assert got == [("城镇居民人均可支配收入", 4.5), ("农村居民人均可支配收入", 7.5)]


def test_a_second_list_after_a_respectively_list_keeps_its_order():
    text = "城乡居民人均可支配收入分别实现63848元、32729元，增长4.6%、6%左右。"
    got = [(s.indicator_name, s.value, s.qualifier.value) for s in extract(text, published="2025-01-20")]
    assert got == [
        ("城镇居民人均可支配收入", 63848.0, "exact"),
        ("农村居民人均可支配收入", 32729.0, "exact"),
        ("城镇居民人均可支配收入", 4.6, "about"),
        ("农村居民人均可支配收入", 6.0, "about"),
    ]


def test_listed_subjects_share_the_head_after_the_other_modifier():
    text = "城镇和农村牧区常住居民人均可支配收入分别增长5%和7.5%。"
    got = [s.indicator_name for s in extract(text, published="2025-01-20")]
    assert got == ["城镇居民人均可支配收入", "农村居民人均可支配收入"]  # the catalogue's names


def test_a_bare_clause_borrows_the_indicator_named_in_the_clause_before():
    (s,) = extract("规模以上固定资产投资破百亿元大关，增长25%。", published="2025-01-20", region="克什克腾旗")
    assert (s.indicator, s.value) == ("fixed_asset_investment_growth", 25.0)


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("规模以上工业增加值增长8.7%，其中洮南市增长12.4%。", "industrial_value_added_growth"),
        ("规模以上工业增加值增长8.2%，其中9月份增长9.1%。", "industrial_value_added_growth"),
        ("粮食总产量达到136.8亿斤，连续三年稳定在130亿斤以上。", "grain_output"),
    ],
)
def test_places_months_and_spans_of_time_name_no_subject(text: str, indicator: str):
    assert extract(text, published="2025-12-01", region="内蒙古自治区")[-1].indicator == indicator


def test_a_growth_noun_before_wei_is_still_a_growth():
    (s,) = extract("7月当月增加值增速为7.3%。", published="2025-08-20", region="锡林郭勒盟")
    assert (s.measure.value, s.period) == ("growth_pct", "2025-M07")


def test_a_bare_growth_in_the_next_sentence_keeps_the_paragraphs_subject():
    text = (
        "前三季度全市生产总值1204.6亿元，同比增长5.5%。分季度看，一季度增长5.9%，二季度增长5.3%。"
        "96.2%的养老机构开展服务。"
    )
    got = [(s.indicator, s.period) for s in extract(text, published="2025-10-24", region="清远市")]
    assert got[2:4] == [("gdp_growth", "2025-Q1"), ("gdp_growth", "2025-Q2")]
    assert got[4][0] != "gdp_growth"


def test_a_name_counting_what_the_list_is_over_is_not_unpacked():
    got = [s.indicator_name for s in extract("1—11月对两国进出口分别为763.5亿元和402.8亿元。", published="2025-12-10")]
    assert "进口" not in "".join(got) and len(set(got)) == 1


def test_a_clause_naming_only_listed_places_keeps_the_subject_before_it():
    text = (
        "鄂尔多斯市、包头市，分别完成年度计划投资的91.2%、88.5%，均快于序时进度。"
        "兴安盟、乌海市、阿拉善盟分别完成61.4%、58.9%和55.3%，进度明显滞后。"
    )
    names = {s.indicator_name for s in extract(text, published="2025-11-10", region="内蒙古自治区")}
    assert not names & {"兴安盟", "乌海市", "阿拉善盟"}
