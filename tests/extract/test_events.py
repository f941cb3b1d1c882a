"""Cooperation events in news of any province: visits and meetings,
agreements and projects signed, forums, investment promotion meetings, each
with its parties and its day; and sentences that plan, hope or sum up, which
give none. Sentences are written for these tests after the wording of real
reports from many provinces."""

from __future__ import annotations

import re

import pytest

from luoshi.extract.pipeline import extract
from luoshi.rules import load_yaml
from luoshi.types import Kind, Statement

EVENT_TYPES = {"visit", "agreement", "contract", "forum", "promotion"}


def events(text: str, published: str | None = None, region: str | None = None) -> list[Statement]:
    found = [s for s in extract(text, published=published, region=region) if s.kind is Kind.EVENT]
    for s in found:
        assert s.quote == text[s.start : s.end]
    return found


def only(text: str, published: str | None = None, region: str | None = None) -> Statement:
    found = events(text, published, region)
    assert len(found) == 1, [(s.event_type, s.quote) for s in found]
    return found[0]


# (text, published, document region, event_type, parties, period)
ONE_EVENT = [
    # --- visits: a delegation goes somewhere, a leader leads a group, a host receives one
    ("8月26日下午，延边州政协考察团来我市参观考察，先后察看了城市规划馆。", "2020-08-28", "梅河口市",
     "visit", {"延边州政协考察团", "梅河口市"}, "2020-08-26"),
    ("4月11日，四平市党政代表团一行赴金华市对接对口合作工作。", "2019-04-13", None,
     "visit", {"四平市党政代表团", "金华市"}, "2019-04-11"),
    ("兴安盟党政考察团于2月7日前往山东开展考察对接。", "2025-02-10", None,
     "visit", {"兴安盟党政考察团", "山东省"}, "2025-02-07"),
    ("2019年5月22日，首都科技发展战略研究院院长王明带队赴河北省丰宁满族自治县开展调研。", None, None,
     "visit", {"首都科技发展战略研究院", "丰宁满族自治县"}, "2019-05-22"),
    ("8月10日，微山县委书记李华带领党政考察团来曲阜市学习考察。", "2019-08-12", None,
     "visit", {"微山县", "曲阜市"}, "2019-08-10"),
    ("以两岸经贸交流协会理事长陈强为团长的一行16人于7月19日前往贵州黔西南州等地考察。", "2014-07-30", None,
     "visit", {"两岸经贸交流协会", "黔西南布依族苗族自治州"}, "2014-07-19"),
    ("昨天下午，市委副书记、市长张立会见了蒙古国扎门乌德市市长巴图一行。", "2023-05-10", "温州市",
     "visit", {"温州市", "蒙古国扎门乌德市"}, "2023-05-09"),
    ("4月24日，市委副书记、市长黄文与来访的黑河市委书记李军座谈，共商两市对口合作。", "2023-04-26", "珠海市",
     "visit", {"珠海市", "黑河市"}, "2023-04-24"),
    ("会上，市长王海与四平市委副书记、市长郭林率领的四平市党政代表团一行座谈交流。", "2019-04-13", "温州市",
     "visit", {"温州市", "四平市"}, "2019"),
    # --- agreements signed, with the day in brackets, a place, a list of partners, 《》, 就…签约
    ("上海市人民政府与中国五矿集团有限公司今天（1月29日）在沪签署战略合作协议。", "2023-01-29", None,
     "agreement", {"上海市人民政府", "中国五矿集团有限公司"}, "2023-01-29"),
    ("6月21日，中冶交通建设集团与营口经济技术开发区在营口签署战略合作协议。", "2021-06-23", None,
     "agreement", {"中冶交通建设集团", "营口经济技术开发区"}, "2021-06-21"),
    ("2月21日，我市与中南设计研究总院有限公司签订战略框架协议。", "2022-03-01", "丹江口市",
     "agreement", {"丹江口市", "中南设计研究总院有限公司"}, "2022-02-21"),
    ("正镶白旗与江苏晶能科技有限公司、秦皇岛炭材料有限公司签署产业合作框架协议，投资额达24亿元。", "2023-03-01", None,
     "agreement", {"正镶白旗", "江苏晶能科技有限公司", "秦皇岛炭材料有限公司"}, "2023"),
    ("9月22日，省林业科学院与中铁五局集团有限公司签署《战略合作框架协议》。", "2020-09-25", None,
     "agreement", {"省林业科学院", "中铁五局集团有限公司"}, "2020-09-22"),
    ("广州市政府与万科企业股份有限公司昨天上午签署战略合作框架协议。", "2022-05-10", None,
     "agreement", {"广州市政府", "万科企业股份有限公司"}, "2022-05-09"),
    ("考察期间，兴安农垦集团和华瑞面业公司就运营合作签约。", "2025-02-10", None,
     "agreement", {"兴安农垦集团", "华瑞面业公司"}, "2025"),
    ("近日，商丘市人民政府与中国恒天集团战略合作框架协议签署仪式在北京举行。", "2019-06-10", None,
     "agreement", {"商丘市人民政府", "中国恒天集团", "北京市"}, "2019-06-10"),
    # --- forums and fairs: opened, held, closed; organisers named with 由…主办的
    ("1月16日上午，“天津论坛2015”在天津迎宾馆隆重开幕。", "2015-01-19", None,
     "forum", {"天津市"}, "2015-01-16"),
    ("11月1日，由北京大学、北京市教育委员会和韩国高等教育财团共同主办的北京论坛在钓鱼台国宾馆开幕。",
     "2013-11-02", None, "forum", {"北京大学", "北京市教育委员会", "韩国高等教育财团"}, "2013-11-01"),
    ("9月3日上午，第10届中国—东盟博览会在广西南宁隆重开幕。", "2013-09-04", None,
     "forum", {"南宁市"}, "2013-09-03"),
    ("为期5天的第五届丝绸之路国际博览会15日在西安落幕。", "2021-05-17", None,
     "forum", {"西安市"}, "2021-05-15"),
    ("10月20日，第二届山东论坛在威海开幕。", "2018-10-21", None,
     "forum", {"威海市"}, "2018-10-20"),
    # --- investment promotion meetings: the organiser opens the name, or is the subject
    ("昨日，江门市招商推介会在深圳国际会展中心开幕。", "2023-05-12", None,
     "promotion", {"江门市", "深圳市"}, "2023-05-11"),
    ("8月11日，内蒙古锡林郭勒盟上海招商推介会在上海成功召开。", "2020-08-12", None,
     "promotion", {"锡林郭勒盟", "上海市"}, "2020-08-11"),
    ("9日，我市在北京成功举办了“济宁市重点招商项目签约暨合作恳谈会”。", "2009-12-10", "济宁市",
     "promotion", {"济宁市", "北京市"}, "2009-12-09"),
    ("11月28日，满洲里市在哈尔滨市举办口岸经济招商推介会。", "2025-11-30", None,
     "promotion", {"满洲里市", "哈尔滨市"}, "2025-11-28"),
    # --- projects signed at a meeting, with their number and amount
    ("11月20日的推介会上，鄂尔多斯市各旗区与深圳等地企业现场签约项目21个，协议总金额236.5亿元。", "2025-11-22", None,
     "contract", {"鄂尔多斯市各旗区", "深圳等地企业"}, "2025-11-20"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "published", "region", "event_type", "parties", "period"), ONE_EVENT, ids=[c[0][:16] for c in ONE_EVENT]
)
def test_an_event_comes_out_with_its_type_parties_and_day(text, published, region, event_type, parties, period):
    ev = only(text, published, region)
    assert (ev.event_type, set(ev.parties), ev.period) == (event_type, parties, period)


# (text, published, [(event_type, parties, period)] in text order)
SEVERAL = [
    (
        "4月24日，内蒙古自治区招商引资推介会暨合作项目签约仪式在杭州举行。"
        "签约仪式上，长三角地区企业同内蒙古自治区成功签约项目96个，协议总投资2410亿元。",
        "2023-04-25",
        [
            ("promotion", {"内蒙古自治区", "杭州市"}, "2023-04-24"),
            ("contract", {"长三角地区企业", "内蒙古自治区"}, "2023-04-24"),
        ],
    ),
    (
        "9月8日，第十八届中国国际投资贸易洽谈会在厦门开幕。"
        "当天下午，河南省政府在厦门举行中原经济区推介暨合作项目签约仪式，共集中签约项目98个，投资总额470亿元。",
        "2014-09-10",
        [
            ("forum", {"厦门市"}, "2014-09-08"),
            ("promotion", {"河南省政府", "厦门市"}, "2014-09-08"),
            ("contract", {"河南省"}, "2014-09-08"),
        ],
    ),
    (
        "11月20日，粤桂产业协作招商推介会在南宁举行。\n"
        "同日，“鄂尔多斯市（深圳）招商推介会”在深圳举行。推介会上，鄂尔多斯市各旗区与深圳等地企业现场签约项目21个。",
        "2025-11-22",
        [
            ("promotion", {"南宁市"}, "2025-11-20"),
            ("promotion", {"鄂尔多斯市", "深圳市"}, "2025-11-20"),
            ("contract", {"鄂尔多斯市各旗区", "深圳等地企业"}, "2025-11-20"),
        ],
    ),
    (
        "11月28日，满洲里市在哈尔滨市举办口岸经济招商推介会，与黑龙江省、吉林省的12家外贸企业现场签约合作项目8个，协议金额23.6亿元。",
        "2025-11-30",
        [
            ("promotion", {"满洲里市", "哈尔滨市"}, "2025-11-28"),
            ("contract", {"黑龙江省", "吉林省"}, "2025-11-28"),
        ],
    ),
    (
        "2月7日，兴安盟党政考察团赴山东考察对接。考察团先后走进华瑞集团、宝来利来集团等6家企业，"
        "兴安农垦集团与华瑞面业公司签署运营合作协议。",
        "2025-02-10",
        [
            ("visit", {"兴安盟党政考察团", "山东省", "华瑞集团", "宝来利来集团"}, "2025-02-07"),
            ("agreement", {"兴安农垦集团", "华瑞面业公司"}, "2025-02-07"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), SEVERAL, ids=[c[0][:16] for c in SEVERAL])
def test_a_news_item_gives_each_of_its_events_once(text, published, expected):
    got = [(s.event_type, set(s.parties), s.period) for s in events(text, published)]
    assert got == expected


def test_signed_projects_stay_figures_beside_their_event():
    text = "签约仪式上，长三角地区企业同内蒙古自治区成功签约项目96个，协议总投资2410亿元。"
    statements = extract("4月24日，推介会在杭州举行。" + text, published="2023-04-25")
    [contract] = [s for s in statements if s.event_type == "contract"]
    assert contract.quote == "长三角地区企业同内蒙古自治区成功签约项目96个，协议总投资2410亿元"
    figures = {s.value_text for s in statements if s.kind is not Kind.EVENT}
    assert {"96个", "2410亿元"} <= figures


def test_a_reprint_in_traditional_script_gives_the_same_events_quoted_as_written():
    text = "4月24日，內蒙古自治區招商推介會在杭州舉行。簽約儀式上，長三角地區企業同內蒙古自治區簽約項目96個。"
    promotion, contract = events(text, "2023-04-25")
    assert (promotion.event_type, set(promotion.parties)) == ("promotion", {"内蒙古自治区", "杭州市"})
    assert (contract.event_type, contract.period) == ("contract", "2023-04-24")
    assert contract.quote == "長三角地區企業同內蒙古自治區簽約項目96個"


NO_EVENT = [
    # planned, hoped for, announced for later, denied
    "要与华为公司签署战略合作协议，推动项目尽快落地。",
    "将与京津冀地区企业签订一批合作协议。",
    "力争与长三角地区企业签约项目50个以上。",
    "推动与北京市签署新一轮战略合作框架协议。",
    "第二届丝绸之路工商领导人峰会将于9月8日在西安举行。",
    "第七届东北亚博览会定于9月6日在长春举办。",
    "截至6月3日，全州拟签约项目79个，拟签约金额332亿元。",
    "目前尚未与对方签订正式合同。",
    "希望广大企业来考察调研、投资兴业。",
    # a work report's plans and its list of the year's fairs: no day, no event
    "办好第23届东博会、峰会和世界林木业大会。",
    "成功举办第十届库布其沙漠论坛，新增5个国家生态文明示范区。",
    "支持举办中国家电及消费电子博览会。",
    "赴长三角、珠三角开展小分队招商不少于20批次，举办专场招商推介会4场。",
    # totals of a period, not a signing
    "1至3月，我区集中签约文旅、工业项目9个，协议引资67.7亿元。",
    "今年以来新签约项目32个，签约额99.75亿元。",
    "新签约亿元以上项目160个，签约项目开工率达到70%以上。",
    "西博会期间，四川签约投资合作项目352个，投资金额3169亿元。",
    # a signing at a meeting on no day the text gives
    "推介会上，鄂尔多斯市各旗区与深圳等地企业现场签约项目21个，协议总金额236.5亿元。",
    "第一季度各盟市党政主要领导带队外出招商76次，举办招商引资项目签约大会等活动50余场。",
    # no parties to name, or no meeting
    "双方签署了合作协议。",
    "论坛期间还举办了港口物流、跨境电商两场专题对接会。",
    "11月19日下午，粤桂东西部协作联席会议在南宁召开。",
]


@pytest.mark.parametrize("text", NO_EVENT, ids=[t[:16] for t in NO_EVENT])
def test_what_is_planned_hoped_for_or_summed_up_is_no_event(text):
    assert events(text, "2025-06-10") == []


def test_nothing_in_a_reports_plan_section_is_an_event():
    text = (
        "一、2025年工作回顾\n过去一年，全市经济运行稳中有进。\n"
        "二、2026年主要目标任务\n3月10日，与华为公司签署战略合作协议，推动算力项目落地。\n"
    )
    assert events(text, "2026-01-20") == []


# --- days ------------------------------------------------------------------------------------

DAYS = [
    # 近日 and 日前 are the document's day; without one, the event keeps its year
    ("近日，商丘市人民政府与中国恒天集团签署战略合作框架协议。", "2019-06-10", "2019-06-10"),
    ("日前，商丘市人民政府与中国恒天集团签署战略合作框架协议。2019年合作项目开工。", None, "2019"),
    ("昨日，江门市招商推介会在深圳开幕。", "2023-03-01", "2023-02-28"),
    # a bare day takes the month of the paragraph's dateline
    ("新华社杭州4月25日电 内蒙古招商引资推介会24日在杭州举行。", "2023-05-02", "2023-04-24"),
    # a range is dated by its first day
    ("11月19日至20日，广东省党政代表团赴广西壮族自治区学习考察。", "2025-11-22", "2025-11-19"),
    ("6月18-24日，市政协考察团赴甘肃考察。", "2008-07-01", "2008-06-18"),
    # a day that does not exist leaves the year
    ("2月30日，兴安盟党政考察团赴山东考察对接。", "2025-02-01", "2025"),
]


@pytest.mark.parametrize(("text", "published", "period"), DAYS, ids=[d[0][:12] for d in DAYS])
def test_an_event_is_dated_by_the_day_the_text_gives(text, published, period):
    assert only(text, published).period == period


def test_a_day_four_sentences_back_no_longer_dates_an_event():
    text = (
        "2月9日，全盟举办招商引资专题讲座。讲座邀请专家授课。各旗市立即行动。各地赴外开展招商活动。"
        "锡林浩特市与中植东方草业集团有限公司就示范园区项目签订战略合作协议。"
    )
    ev = only(text, "2023-05-01")
    assert ev.event_type == "agreement" and ev.period == "2023"


def test_a_day_just_before_opens_the_quote_and_one_further_back_does_not():
    text = "2月7日，兴安盟党政考察团赴山东考察对接。考察期间，兴安农垦集团与华瑞面业公司签署运营合作协议。"
    visit, agreement = events(text, "2025-02-10")
    assert visit.quote == "2月7日，兴安盟党政考察团赴山东考察对接"
    assert agreement.quote == "兴安农垦集团与华瑞面业公司签署运营合作协议"
    assert agreement.period == "2025-02-07"


# --- the data agrees with the code --------------------------------------------------------------


def test_every_event_rule_has_a_known_type_a_verb_and_the_groups_it_reads():
    from luoshi.extract.events import _rules

    data = load_yaml("events.yaml")
    readers = {"name", "place", "person", "subject", "clause"}
    for rule in _rules().events:
        assert rule.type in EVENT_TYPES | {"meeting"}, rule.id
        assert {"v"} <= set(rule.pattern.groupindex), rule.id
        assert set(rule.groups) <= set(rule.pattern.groupindex), rule.id
        assert set(rule.groups.values()) <= readers, rule.id
        if rule.type == "meeting":
            assert "meeting" in rule.pattern.groupindex, rule.id
    assert {t["type"] for t in data["meetings"]["types"]} <= EVENT_TYPES
    assert set(data["same_day"]) <= set(data["relative_days"])
    re.compile(data["date"])
