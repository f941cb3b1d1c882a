"""Owners: who the text makes responsible for a figure (the lead unit) and
who works with them (co_owners), in every common wording of task
breakdowns, progress reports, news and press conferences."""

from __future__ import annotations

import pytest

from luoshi.extract.pipeline import extract
from luoshi.types import Statement


def _figure(text: str, value_text: str) -> Statement:
    [found] = [s for s in extract(text, published="2025-03-01") if s.value_text == value_text]
    assert found.quote == text[found.start : found.end]
    return found


OWNED = [
    # labels in a parenthesis closing the task
    (
        "1.地区生产总值增长6%左右（牵头单位：市发展改革委；责任单位：市统计局、市商务局）。",
        "6%左右",
        "市发展改革委",
        ("市统计局", "市商务局"),
    ),
    ("2.社会消费品零售总额增长7%（市商务局牵头）；", "7%", "市商务局", ()),
    ("3.全年新增规模以上工业企业30家（市工业和信息化局）。", "30家", "市工业和信息化局", ()),
    (
        "4.建设高标准农田50万亩（盟农牧局牵头，盟财政局、盟自然资源局配合）。",
        "50万亩",
        "盟农牧局",
        ("盟财政局", "盟自然资源局"),
    ),
    (
        "5.政务服务事项网上可办率达到95%以上（市政府办公室牵头，市级各有关部门及各县市区政府按职责分工负责）",
        "95%以上",
        "市政府办公室",
        ("市级各有关部门及各县市区政府",),
    ),
    (
        "6.高标准农田建设劳务报酬20亿元以上（牵头单位：农牧厅、林草局、人社厅）。",
        "20亿元以上",
        "农牧厅",
        ("林草局", "人社厅"),
    ),
    ("7.新增家庭养老床位7000张（责任单位：旗民政局；配合单位：旗财政局）。", "7000张", "旗民政局", ("旗财政局",)),
    ("8.城镇新增就业1.2万人（责任单位：市人社局（牵头）、市教育局）", "1.2万人", "市人社局", ("市教育局",)),
    (
        "（市政府办公室、市审批制度改革领导小组办公室牵头，市级各有关部门按职责分工负责）全年网上办件100万件。",
        "100万件",
        "市政府办公室",
        ("市审批制度改革领导小组办公室", "市级各有关部门"),
    ),
    # 由…负责 after the task, and 由…牵头 before it
    (
        "9.海铁联运集装箱吞吐量达到5万标箱。由市交通运输局负责，赤峰国际陆港公司配合。",
        "5万标箱",
        "市交通运输局",
        ("赤峰国际陆港公司",),
    ),
    ("10.由盟商务局牵头，全年举办专场招商推介会4场。", "4场", "盟商务局", ()),
    # label lines of their own below the task
    (
        "一、主要预期目标\n1.地区生产总值增长6.2%左右。\n牵头单位：区发改局\n责任单位：区统计局，各街道\n",
        "6.2%左右",
        "区发改局",
        ("区统计局", "各街道"),
    ),
    (
        "3.固定资产投资增长10%以上。\n牵头负责领导：王明。\n牵头责任单位：市发展改革委。\n"
        "协同责任单位：市住建局、市交通局等，各县、市、区政府。\n",
        "10%以上",
        "市发展改革委",
        ("市住建局", "市交通局", "各县、市、区政府"),
    ),
    # a progress report (督查通报): outcomes have their 牵头单位 too
    (
        "2.兴安盟纳入调度的46个项目中，仍有11个尚未开工（责任单位：兴安盟行政公署）。",
        "11个",
        "兴安盟行政公署",
        (),
    ),
    (
        "（一）自治区商务厅牵头任务。1—10月，全区外贸进出口总值1783.5亿元，同比增长4.1%。",
        "1783.5亿元",
        "自治区商务厅",
        (),
    ),
    (
        "（三）自治区发展改革委牵头任务\n跨区域合作项目38个，已开工29个。\n（四）其他任务\n新建冷链仓储3个。",
        "29个",
        "自治区发展改革委",
        (),
    ),
    # a table row whose 牵头单位 and 责任单位 cells the loader labelled
    (
        "序号\t工作任务\t牵头单位\t责任单位\n1\t新建5G基站800个\t牵头单位：市工信局\t责任单位：市通信办、各旗县区人民政府",
        "800个",
        "市工信局",
        ("市通信办", "各旗县区人民政府"),
    ),
    (
        "序号\t牵头单位\t指标\t目标值\n1\t牵头单位：市统计局\t居民人均可支配收入增长\t6%",
        "6%",
        "市统计局",
        (),
    ),
    # a body that speaks: news and press conferences
    ("自治区农牧厅相关负责人介绍，2025年将在京高标准建设2个共享前置仓。", "2个", "自治区农牧厅", ()),
    ("据自治区统计局相关负责人介绍，全区粮食产量达到820亿斤。", "820亿斤", "自治区统计局", ()),
    ("自治区统计局新闻发言人、综合处处长李明介绍，全区地区生产总值增长5.7%。", "5.7%", "自治区统计局", ()),
    ("呼和浩特海关党组成员、副关长张伟介绍，1—11月全区进出口增长4.6%。", "4.6%", "呼和浩特海关", ()),
]


@pytest.mark.parametrize(("text", "value_text", "owner", "co_owners"), OWNED, ids=[c[1] for c in OWNED])
def test_the_task_wording_names_the_owner_and_co_owners(text, value_text, owner, co_owners):
    figure = _figure(text, value_text)
    assert (figure.owner, figure.co_owners) == (owner, co_owners)


def test_each_task_of_a_paragraph_has_its_own_owner_and_a_task_without_one_has_none():
    text = "新建5G基站800个（市工信局牵头），新增公共充电桩2000个（市发展改革委牵头），城市绿地率达到40%。"
    assert [(_figure(text, v).owner) for v in ("800个", "2000个", "40%")] == ["市工信局", "市发展改革委", None]


def test_label_lines_own_the_task_above_them_not_the_next_one():
    text = "1.地区生产总值增长6.2%左右。\n牵头单位：区发改局\n2.规模以上工业增加值增长5%左右。\n牵头单位：区工信局\n"
    assert (_figure(text, "6.2%左右").owner, _figure(text, "5%左右").owner) == ("区发改局", "区工信局")


def test_a_press_conference_answer_belongs_to_the_body_asked_and_a_question_to_no_one():
    text = (
        "主持人：首先请自治区统计局相关负责人介绍情况。\n"
        "自治区统计局相关负责人介绍，前三季度全区地区生产总值同比增长5.7%。\n"
        "前三季度，全区规模以上工业增加值同比增长8.2%。\n"
        "记者：请问自治区商务厅，上半年全区进出口增长2.8%，三季度表现如何？\n"
        "答：前三季度，全区外贸进出口总值1596.8亿元。\n"
        "下一步，力争全年外贸进出口增长5%以上。\n"
        "主持人：今天的发布会到此结束，全区约有3000家企业参加了线上直播。\n"
    )
    owners = {v: _figure(text, v).owner for v in ("5.7%", "8.2%", "2.8%", "1596.8亿元", "5%以上", "3000家")}
    assert owners == {
        "5.7%": "自治区统计局",
        "8.2%": "自治区统计局",
        "2.8%": None,
        "1596.8亿元": "自治区商务厅",
        "5%以上": "自治区商务厅",
        "3000家": None,
    }


NOT_OWNERS = [
    ("赤峰市发展和改革委员会（市发改委）印发通知，全年新开工项目300个。", "300个"),  # an abbreviation
    ("建设年产10万吨煤制烯烃项目（鄂尔多斯市）。", "10万吨"),  # where, not who
    ("全年引进国内（市外）到位资金增长12%左右。", "12%左右"),
    ("全区新增市场主体12万户（不含个体工商户）。", "12万户"),
    ("各牵头单位要会同责任单位细化举措，全年完成投资150亿元。", "150亿元"),
    ("由企业负责建设的光伏项目装机达到30万千瓦。", "30万千瓦"),
]


@pytest.mark.parametrize(("text", "value_text"), NOT_OWNERS, ids=[c[1] for c in NOT_OWNERS])
def test_parentheses_and_words_that_name_no_responsible_unit_give_no_owner(text, value_text):
    figure = _figure(text, value_text)
    assert (figure.owner, figure.co_owners) == (None, ())


def test_co_owners_are_a_list_in_the_contract_and_left_out_when_empty():
    text = "1.地区生产总值增长6%左右（牵头单位：市发展改革委；责任单位：市统计局）；2.新增企业30家（市工信局）。"
    assert _figure(text, "6%左右").to_dict()["co_owners"] == ["市统计局"]
    assert "co_owners" not in _figure(text, "30家").to_dict()


def test_a_transcript_turn_opened_by_its_speaker_in_brackets_is_the_speakers():
    from luoshi import extract

    text = (
        "新闻发布会实录\n\n[市统计局副局长、新闻发言人 张明]初步核算，前三季度全市生产总值1204.6亿元，同比增长5.5%。\n"
    )
    assert {s.owner for s in extract(text, published="2025-10-24", region="清远市")} == {"市统计局"}


def test_a_task_table_written_as_text_gives_each_row_its_units():
    from luoshi import extract

    text = (
        "通辽市重点任务分解表\n\n序号｜指标｜目标值｜牵头单位｜责任单位\n"
        "1｜外贸进出口总值｜达到60亿元，增长10%｜市商务局｜通辽海关、市税务局\n"
        "2｜实际使用外资｜2000万美元｜市商务局｜市发展改革委\n"
    )
    got = [(s.value, s.owner, s.co_owners) for s in extract(text, published="2025-03-01", region="通辽市")]
    assert got == [
        (60.0, "市商务局", ("通辽海关", "市税务局")),
        (10.0, "市商务局", ("通辽海关", "市税务局")),
        (2000.0, "市商务局", ("市发展改革委",)),
    ]


def test_a_paragraph_opening_with_the_unit_that_leads_its_work_is_that_units():
    from luoshi import extract

    text = (
        "关于一季度推进情况的通报\n\n"
        "盟商务局牵头的招商引资工作进展较好。一季度，全盟引进国内到位资金86.4亿元，同比增长11.2%。\n"
    )
    assert {s.owner for s in extract(text, published="2025-04-15", region="锡林郭勒盟")} == {"盟商务局"}


def test_places_of_a_list_take_their_own_units_from_a_parallel_list():
    from luoshi import extract

    text = (
        "关于一季度推进情况的通报\n\n"
        "苏尼特右旗、镶黄旗分别有5个、6个计划新开工项目尚未办结用地手续（责任单位：苏尼特右旗人民政府、镶黄旗人民政府）。\n"
    )
    got = [(s.region, s.owner) for s in extract(text, published="2025-04-15", region="锡林郭勒盟")]
    assert got == [("苏尼特右旗", "苏尼特右旗人民政府"), ("镶黄旗", "镶黄旗人民政府")]
