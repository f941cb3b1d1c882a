"""The place a document is about — from its title, issuing body and dateline,
not the province it mentions most — and the place of each figure in it."""

from __future__ import annotations

import pytest

from luoshi import extract
from luoshi.extract.pipeline import extract_document
from luoshi.types import Document


def _regions(text: str, title: str | None = None, region: str | None = None) -> list[tuple[str, str | None]]:
    doc = Document(name="t.txt", text=text, title=title, region=region)
    return [(s.region, s.region_code) for s in extract_document(doc) if s.value is not None]


@pytest.mark.parametrize(
    ("text", "region", "code"),
    [
        # The title names the place; the body speaks of the province as often.
        (
            "巴林右旗2025年国民经济和社会发展计划\n\n全旗地区生产总值完成156.3亿元，占全市的12%，"
            "内蒙古自治区下达的任务全面完成。\n",
            "巴林右旗",
            "150423",
        ),
        # The issuing body names the place when the title does not.
        (
            "关于全年经济运行情况的通报\n来源：包头市人民政府\n\n全市地区生产总值增长6.1%，自治区排名第2。\n",
            "包头市",
            "150200",
        ),
        # A news dateline from a county-level city.
        ("新华社满洲里12月5日电 今年以来，口岸累计通行中欧班列5100列。\n", "满洲里市", "150781"),
        # A provincial capital's dateline speaks for its province.
        ("新华社呼和浩特12月15日电 1—11月，全区外贸进出口总值2021.5亿元。\n", "内蒙古自治区", "150000"),
        # A title that names the province, then the league inside it: the league.
        ("内蒙古兴安盟：前三季度经济稳中向好\n\n全盟地区生产总值增长6.3%。\n", "兴安盟", "152200"),
    ],
)
def test_a_document_is_about_the_place_its_header_names(text: str, region: str, code: str):
    assert _regions(text)[0] == (region, code)


def test_metadata_province_is_narrowed_by_the_title():
    text = "赤峰市2025年政府工作报告\n\n全市地区生产总值增长6.5%左右。\n"
    assert _regions(text, region="内蒙古自治区") == [("赤峰市", "150400")]


def test_a_place_named_in_the_sentence_owns_its_figure():
    text = "兴安盟2025年经济运行情况\n\n全盟地区生产总值增长5.9%，其中乌兰浩特市增长7.2%。\n"
    assert _regions(text) == [("兴安盟", "152200"), ("乌兰浩特市", "152201")]


def test_a_benchmark_region_is_not_the_subject():
    text = "达拉特旗2025年上半年经济运行\n\n全旗规模以上工业增加值增长9.8%，高于全市2.1个百分点。\n"
    assert {r for r, _ in _regions(text)} == {"达拉特旗"}


def test_whole_region_words_follow_the_document_level():
    text = "和林格尔县2025年政府工作报告\n\n全县一般公共预算收入增长8%，全市排名第一，全区农畜产品加工转化率达到70%。\n"
    assert _regions(text) == [("和林格尔县", "150123"), ("内蒙古自治区", "150000")]


def test_a_provincial_text_keeps_its_province():
    (s,) = extract("2024年全区外贸进出口总值为2073.1亿元。", region="内蒙古自治区")
    assert (s.region, s.region_code) == ("内蒙古自治区", "150000")


def test_places_of_a_respectively_list_each_own_their_figure():
    text = (
        "内蒙古自治区督查通报\n\n1—10月，鄂尔多斯市、包头市和呼和浩特市，分别完成年度计划投资的91.2%、88.5%和85.1%。\n"
    )
    assert _regions(text) == [("鄂尔多斯市", "150600"), ("包头市", "150200"), ("呼和浩特市", "150100")]


def test_places_each_with_its_own_figure_in_a_list_of_clauses():
    text = "白城市2025年政府工作报告\n\n全市规模以上工业增加值增长8.7%，其中洮南市增长12.4%、大安市增长10.9%。\n"
    assert _regions(text) == [("白城市", "220800"), ("洮南市", "220881"), ("大安市", "220882")]


def test_the_place_opening_a_clause_owns_the_clauses_after_it_in_a_local_text():
    text = (
        "兴安盟2025年政府工作报告\n\n一、2024年工作回顾\n"
        "全盟旅游持续升温，其中阿尔山市接待游客623万人次，实现旅游收入74.6亿元。\n"
    )
    assert _regions(text)[-2:] == [("阿尔山市", "152202"), ("阿尔山市", "152202")]


def test_the_subject_place_opens_the_clause_and_the_partner_follows():
    text = "粤桂协作再上新台阶\n\n今年以来，广东帮助广西农村劳动力到粤就业27.6万人。\n"
    assert _regions(text, region="广东省") == [("广东省", "440000")]


def test_a_county_word_in_a_league_text_is_the_county_named_before():
    text = "兴安盟2025年政府工作报告\n\n突泉县新材料产业园投产项目12个，带动全县规上工业增加值增长21.7%。\n"
    assert _regions(text)[-1] == ("突泉县", "152224")


def test_a_semicolon_ends_what_a_place_opened():
    text = (
        "白城市2025年政府工作报告\n\n一、2024年工作回顾\n"
        "工业增加值增长8.7%，其中大安市增长10.9%；固定资产投资增长11.2%。\n"
    )
    assert _regions(text)[-1] == ("白城市", "220800")


def test_places_of_a_respectively_list_share_the_indicator_after_them():
    text = "巴彦淖尔市、赤峰市和呼和浩特市11月份进出口分别增长24.8%、11.3%和17.6%。"
    got = [(s.indicator, s.region, s.period) for s in extract(text, published="2025-12-15", region="内蒙古自治区")]
    assert got == [
        ("foreign_trade_growth", "巴彦淖尔市", "2025-M11"),
        ("foreign_trade_growth", "赤峰市", "2025-M11"),
        ("foreign_trade_growth", "呼和浩特市", "2025-M11"),
    ]


def test_the_signature_of_a_notice_names_its_place():
    text = "关于一季度全盟重点工作推进情况的通报\n\n全盟重点项目开工86个。\n\n兴安盟行政公署办公室\n2025年4月10日\n"
    assert _regions(text)[0] == ("兴安盟", "152200")


def test_a_dateline_where_the_news_was_filed_yields_to_the_province_it_reports():
    text = "新华社北京12月5日电 记者从海关总署获悉，内蒙古自治区1—11月外贸进出口2021.5亿元，内蒙古增速居前。\n"
    assert _regions(text)[0] == ("内蒙古自治区", "150000")


def test_places_each_followed_by_their_figure_in_brackets_own_them():
    text = "11月，在巴彦淖尔市(增速25.2%)、赤峰市(增速10.7%)、呼和浩特市(增速18.1%)的带动下，全区进出口增长23.8%。"
    got = [s.region for s in extract(text, published="2025-12-10", region="内蒙古自治区")]
    assert got == ["巴彦淖尔市", "赤峰市", "呼和浩特市", "内蒙古自治区"]


def test_a_place_opening_a_company_name_is_not_the_figures_place():
    text = (
        "满洲里：汽车出口越跑越宽\n\n"
        "全市汽车出口增长。内蒙古北疆通汽车贸易有限公司负责人说：今年公司出口汽车2600多辆。\n"
    )
    assert _regions(text)[-1] == ("满洲里市", "150781")
