"""Numerals that count nothing, numerals that name a programme, and the units
and measures of the figures that remain: real phrasing of news, communiqués,
work reports and press conferences, one phrase per row."""

from __future__ import annotations

import pytest

from luoshi.extract import extract
from luoshi.types import Kind, Statement


def figures(text: str) -> list[Statement]:
    return [s for s in extract(text, published="2025-02-10", region="内蒙古自治区") if s.kind is not Kind.EVENT]


def reading(s: Statement) -> tuple[str | None, float | None, str | None, str | None, str | None]:
    return (
        s.value_text,
        s.value,
        s.unit,
        s.measure.value if s.measure else None,
        s.qualifier.value if s.qualifier else None,
    )


# --- numerals that are not quantities ------------------------------------------------------

NOT_QUANTITIES = [
    # uniqueness, party congresses
    "内蒙古是全国唯一一个与俄蒙两国同时接壤的省区。",
    "深入学习贯彻党的二十大和二十届三中全会精神。",
    "党的十八大以来，全区经济总量连上台阶。",
    # a vehicle class
    "八座以下乘用车出口持续走强。",
    "新投放五座新能源车型。",
    # ranks and moves in a ranking
    "经济总量居全国第3位。",
    "地区生产总值增速居全国第3，前进3个位次。",
    "区域创新能力全国排名提升4位。",
    "全区经济总量排名上升3个位次。",
    "在“世界500强”排名由369位上升到235位。",
    "台湾农民创业园综合考评连年包揽大陆前六名。",
    "跻身全球城市前五位。",
    # counts of first places
    "全区有10个全国第1。",
    "5G用户渗透率、电信业务收入增幅等5项指标居全国第一。",
    "“四水四定”取得“十个全国第一”成果。",
    "煤制烯烃等80多种产品产能全国第一。",
    "油菜籽等14种农产品产量居全国第1位。",
    # a ratio: one in four
    "全国每出口4辆新能源汽车就有1辆经满洲里口岸出境。",
    # dates, document numbers, item numbers
    "2025年12月10日，记者从自治区商务厅获悉。",
    "根据《关于印发实施方案的通知》（内政办发〔2025〕12号）要求。",
    "根据自治区人民政府第12号令。",
    "（1）扩大有效投资。",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_numerals_that_count_nothing_give_no_statement(text: str):
    assert [s.value_text for s in figures(text)] == []


# (text, the figures it does hold, as written)
BESIDE_NON_QUANTITIES = [
    ("八座以下乘用车出口量增长12%。", ["12%"]),
    ("举办港口物流、跨境电商两场专题对接会。", ["两场"]),
    ("全年销售五座乘用车3万辆。", ["3万辆"]),
    ("国家现代农业产业园增至21个、居全国第1位。", ["21个"]),
    ("进出口总额增长18.2%、增速居全国第3位。", ["18.2%"]),
    ("地区生产总值增长10.7%居全国第一。", ["10.7%"]),
    ("12月10日，全市完成投资35亿元。", ["35亿元"]),
    ("引进院士3位。", ["3位"]),
    ("85个学科进入ESI世界学科排名前1%。", ["85个"]),
]


@pytest.mark.parametrize(("text", "written"), BESIDE_NON_QUANTITIES)
def test_figures_beside_such_numerals_are_still_found(text: str, written: list[str]):
    assert [s.value_text for s in figures(text)] == written


# --- slogans with numbers ------------------------------------------------------------------

SLOGANS = [
    ("全力推进五大任务。", "五大"),
    ("落实“五大任务”。", "五大"),
    ("全力抓好七项重点工作。", "七项"),
    ("持续实施六个倍增计划。", "六个"),
    ("坚决打好三大攻坚战。", "三大"),
    ("着力打造六大新兴支柱产业集群。", "六大"),
    ("启动生态环境保护治理九项行动。", "九项"),
]


@pytest.mark.parametrize(("text", "written"), SLOGANS)
def test_numerals_naming_a_programme_are_in_name(text: str, written: str):
    [s] = figures(text)
    assert (s.value_text, s.in_name) == (written, True)


@pytest.mark.parametrize(
    "text", ["今年计划完成34项重点任务，已完成28项。", "新建5G基站3000个。", "全年开行中欧班列1.5万列。"]
)
def test_counts_of_things_are_not_names(text: str):
    assert [s.in_name for s in figures(text)] == [False] * len(figures(text))


# --- units and measures --------------------------------------------------------------------

# (text, value as written, value, unit, measure, qualifier)
MEASURED = [
    # per mille is a rate, a minus sign is kept
    ("全年人口出生率为5.12‰。", "5.12‰", 5.12, "‰", "rate_pct", "exact"),
    ("人口自然增长率为-1.93‰。", "-1.93‰", -1.93, "‰", "rate_pct", "exact"),
    ("出生率为千分之12.13。", "千分之12.13", 12.13, "‰", "rate_pct", "exact"),
    # percentages written out
    ("地区生产总值增长百分之五左右。", "百分之五左右", 5, "%", "growth_pct", "about"),
    ("一般公共预算收入增长百分之十二点五。", "百分之十二点五", 12.5, "%", "growth_pct", "exact"),
    # compound units kept whole
    ("口岸查验出入境交通运输工具45.4万辆(列/架)次。", "45.4万辆(列/架)次", 45.4, "万辆(列/架)次", "count", "exact"),
    ("进出境交通工具76.9万列辆架次。", "76.9万列辆架次", 76.9, "万列辆架次", "count", "exact"),
    ("保障航班起降3000架次。", "3000架次", 3000, "架次", "count", "exact"),
    ("牲畜存栏1.29亿头只。", "1.29亿头只", 1.29, "亿头只", "count", "exact"),
    ("牲畜总头数达到10798.5万头(只)。", "10798.5万头(只)", 10798.5, "万头(只)", "count", "exact"),
    ("粮食平均单产420公斤/亩。", "420公斤/亩", 420, "公斤/亩", "level", "exact"),
    ("全员劳动生产率提高到42万元/人以上。", "42万元/人以上", 42, "万元/人", "level", "at_least"),
    ("全社会用电量3200万千瓦时。", "3200万千瓦时", 3200, "万千瓦时", "level", "exact"),
    ("集装箱吞吐量12万标箱。", "12万标箱", 12, "万标箱", "count", "exact"),
    ("建设保障性租赁住房7.4万套（间）。", "7.4万套（间）", 7.4, "万套（间）", "count", "exact"),
    ("接待游客3.2亿人次。", "3.2亿人次", 3.2, "亿人次", "count", "exact"),
    ("推广550大卡以上热值煤。", "550大卡以上", 550, "大卡", "level", "at_least"),
    # tenths (成) as written, 20 % once applied
    ("带动服务区农特产品销售增长近四成。", "近四成", 4, "成", "growth_pct", "approx_below"),
    ("绿电占比超三成。", "超三成", 3, "成", "rate_pct", "at_least"),
    # a scale word alone, after a bound, is one of it
    ("进出口总额突破万亿元。", "突破万亿元", 1, "万亿元", "level", "at_least"),
    ("新能源并网装机首次突破千万千瓦。", "首次突破千万千瓦", 1000, "万千瓦", "level", "at_least"),
    ("合肥中欧班列全年发运突破千列。", "突破千列", 1000, "列", "count", "at_least"),
    # durations
    ("整车出口平均通关时间压缩至1.5小时以内。", "压缩至1.5小时以内", 1.5, "小时", "level", "at_most"),
    ("审批时限压缩至5个工作日。", "压缩至5个工作日", 5, "个工作日", "level", "at_most"),
    ("开展小分队招商不少于20批次。", "不少于20批次", 20, "批次", "count", "at_least"),
    # a price index on last year's 100 is the change it states
    ("居民消费价格指数控制在103%以内。", "控制在103%以内", 3, "%", "growth_pct", "at_most"),
    ("居民消费价格指数为102.1%。", "102.1%", 2.1, "%", "growth_pct", "exact"),
    ("工业生产者出厂价格指数为98.5%。", "98.5%", -1.5, "%", "growth_pct", "exact"),
    ("居民消费价格指数上涨2.1%。", "2.1%", 2.1, "%", "growth_pct", "exact"),
    ("制造业采购经理指数为50.2%。", "50.2%", 50.2, "%", "rate_pct", "exact"),
    # thresholds crossed
    ("外贸进出口总额跨上2000亿元台阶。", "跨上2000亿元", 2000, "亿元", "level", "at_least"),
    ("一般公共预算支出首次超过7000亿元。", "首次超过7000亿元", 7000, "亿元", "level", "at_least"),
    ("中欧班列开行量已突破18000列。", "突破18000列", 18000, "列", "count", "at_least"),
    ("口岸货运量超过了3000万吨。", "超过了3000万吨", 3000, "万吨", "level", "at_least"),
]


@pytest.mark.parametrize(
    ("text", "written", "value", "unit", "measure", "qualifier"), MEASURED, ids=[r[1] for r in MEASURED]
)
def test_units_measures_and_qualifiers(text, written, value, unit, measure, qualifier):
    [s] = figures(text)
    assert reading(s) == (written, pytest.approx(value), unit, measure, qualifier)


@pytest.mark.parametrize(
    ("text", "base"), [("增长近两成。", 20), ("占全国九成以上。", 90), ("外贸进出口在对美贸易下降超3成的情况下", -30)]
)
def test_tenths_apply_like_a_scale_word(text: str, base: float):
    [s] = figures(text)
    assert (s.base_value, s.base_unit) == (pytest.approx(base), "%")


@pytest.mark.parametrize(
    "text", ["打造“15分钟社区生活圈”。", "实行“7×24小时”预约通关。", "用好240小时过境免签政策。", "构建1小时通勤圈。"]
)
def test_durations_naming_a_service_or_a_reach_are_not_figures(text: str):
    assert figures(text) == []


# A difference in points is negative after a fall or a shortfall.
POINTS = [
    ("投资完成年度计划的78.6%，低于序时进度4.7个百分点。", -4.7),
    ("销售完成84.8%，快于序时进度1.5个百分点。", 1.5),
    ("外贸增速高于全国0.8个百分点。", 0.8),
    ("高耗能制造业增加值占比下降0.5个百分点。", -0.5),
    ("城镇化率比上年末提高0.52个百分点。", 0.52),
]


@pytest.mark.parametrize(("text", "value"), POINTS)
def test_points_below_or_down_are_negative(text: str, value: float):
    assert [s.value for s in figures(text) if s.unit == "个百分点"] == [value]


# Growth of any indicator, in the catalogue or not, is growth_pct after a growth word.
GROWTH = [
    ("煤炭产量同比增长5.2%。", 5.2),
    ("汽车产量下降3.1%。", -3.1),
    ("羊绒制品出口额增长12.3%。", 12.3),
    ("全区苹果产量增长8%。", 8),
    ("稀土功能材料产量比上年增长20.5%。", 20.5),
    ("网上零售额增速达10.2%。", 10.2),
    ("民间投资下降3.2%。", -3.2),
    ("接待国内游客人次增长了12%。", 12),
    ("货物周转量较上年提高4.3%。", 4.3),
    ("地区生产总值增长5.6%。", 5.6),
    ("整车出口平均通关时间较上年缩短40%。", -40),
]


@pytest.mark.parametrize(
    "text",
    [
        "第一、二、三产业增加值分别增长3.9%、6.8%和4.2%。",
        "新能源汽车、智能家电、智能手机限上零售额分别增长8.7%、31.5%和32.3%。",
    ],
)
def test_every_percentage_of_a_listed_growth_is_growth(text: str):
    assert [s.measure.value if s.measure else None for s in figures(text)] == ["growth_pct"] * 3


@pytest.mark.parametrize(("text", "value"), GROWTH)
def test_a_percentage_after_a_growth_word_is_growth_of_any_indicator(text: str, value: float):
    [s] = figures(text)
    assert (s.measure.value if s.measure else None, s.value) == ("growth_pct", value)
