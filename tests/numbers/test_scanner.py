"""The quantity scanner, phrase by phrase: what a figure is worth, in which unit,
how it is bounded, and what is not a figure at all (in the spirit of JioNLP's
test_money_parser: real phrases in, expected readings out)."""

from __future__ import annotations

import math

import pytest

from luoshi.numbers import Quantity, find_quantities


def only(text: str) -> Quantity:
    """The one quantity of ``text``; fails when there is none or several."""
    found = find_quantities(text)
    assert len(found) == 1, [(text[q.start : q.end], q.value, q.unit) for q in found]
    return found[0]


def reading(text: str) -> tuple[str, float, float | None, str, str]:
    """(figure as written, value, value_high, unit, qualifier) of the one quantity."""
    q = only(text)
    return text[q.start : q.end], q.value, q.value_high, q.unit, q.qualifier.value


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9)


# --- numbers as written ------------------------------------------------------------------

# (text, figure as written, value, unit, base_value, base unit)
ARABIC = [
    ("外贸进出口总值达2073.1亿元", "2073.1亿元", 2073.1, "亿元", 207_310_000_000, "元"),
    ("口岸货运量达到1.234亿吨", "1.234亿吨", 1.234, "亿吨", 123_400_000, "吨"),
    ("实现营业收入１２３亿元", "１２３亿元", 123, "亿元", 12_300_000_000, "元"),
    ("粮食产量５０万吨", "５０万吨", 50, "万吨", 500_000, "吨"),
    ("完成投资１２３４.５亿元", "１２３４.５亿元", 1234.5, "亿元", 123_450_000_000, "元"),
    ("粮食产量1,234.5万吨", "1,234.5万吨", 1234.5, "万吨", 12_345_000, "吨"),
    ("发放补贴1,234,567元", "1,234,567元", 1_234_567, "元", 1_234_567, "元"),
    ("社会消费品零售总额12,345.6亿元", "12,345.6亿元", 12345.6, "亿元", 1_234_560_000_000, "元"),
    ("带动6.97万名农村牧区劳动力就业", "6.97万名", 6.97, "万名", 69_700, "名"),
    ("地区生产总值2.67万亿元", "2.67万亿元", 2.67, "万亿元", 2_670_000_000_000, "元"),
    ("引进资金3千亿元", "3千亿元", 3, "千亿元", 300_000_000_000, "元"),
    ("旅游人数3.5亿人次", "3.5亿人次", 3.5, "亿人次", 350_000_000, "人次"),
    ("集装箱吞吐量120万标箱", "120万标箱", 120, "万标箱", 1_200_000, "标箱"),
    ("改造老旧小区10万平方米", "10万平方米", 10, "万平方米", 100_000, "平方米"),
    ("细颗粒物年均浓度30微克/立方米", "30微克/立方米", 30, "微克/立方米", 30, "微克/立方米"),
    ("运行线路达126条", "126条", 126, "条", 126, "条"),
    ("144家北京企业在自治区落地投资", "144家", 144, "家", 144, "家"),
    ("到发中欧班列500列", "500列", 500, "列", 500, "列"),
    ("同比增长5.8%", "5.8%", 5.8, "%", 5.8, "%"),
    ("居民消费价格涨幅２％", "２％", 2, "％", 2, "％"),
    ("高于全国外贸增速0.8个百分点", "0.8个百分点", 0.8, "个百分点", 0.8, "个百分点"),
    ("研发投入强度提高0.1百分点", "0.1百分点", 0.1, "百分点", 0.1, "百分点"),
]


@pytest.mark.parametrize(("text", "value"), [("城镇化率提高两个百分点", 2), ("城镇化率提高一个百分点", 1)])
def test_one_and_two_percentage_points_are_figures_not_idiom(text, value):
    assert reading(text) == (text[-len("两个百分点") :], value, None, "个百分点", "exact")


@pytest.mark.parametrize(("text", "written", "value", "unit", "base", "stem"), ARABIC, ids=[r[0] for r in ARABIC])
def test_arabic_figures_read_with_their_scale_and_unit(text, written, value, unit, base, stem):
    q = only(text)
    assert text[q.start : q.end] == written
    assert close(q.value, value)
    assert q.unit == unit
    assert close(q.base_value, base)
    assert q.stem == stem
    assert q.chinese is False


# (text, figure as written, value, unit, base_value)
CHINESE = [
    ("深入实施“三年十五万青年留呼行动”", "十五万", 15, "万人", 150_000),
    ("吸引二十万毕业生来此就业", "二十万", 20, "万人", 200_000),
    ("首破两千亿元大关", "首破两千亿元", 2000, "亿元", 200_000_000_000),
    ("安排资金三千万元", "三千万元", 3000, "万元", 30_000_000),
    ("投资一千二百三十四万元", "一千二百三十四万元", 1234, "万元", 12_340_000),
    ("全省经济总量十万亿元", "十万亿元", 10, "万亿元", 10_000_000_000_000),
    ("发放补贴一万元", "一万元", 1, "万元", 10_000),
    ("羊绒加工等八大落地加工产业不断壮大", "八大", 8, "大", 8),
    ("萤石等五大类进口大宗商品仓储转运园区", "五大类", 5, "大类", 5),
    ("全力以赴抓好今年十项重点工作", "十项", 10, "项", 10),
    ("持续开展‘六个倍增计划’", "六个", 6, "个", 6),
    ("建成一百零五个示范点", "一百零五个", 105, "个", 105),
    ("打造三十余家龙头企业", "三十余家", 30, "家", 30),
    ("新增二十多个服务站", "二十多个", 20, "个", 20),
    ("带动两万余人就业", "两万余人", 2, "万人", 20_000),
    ("发电量十亿千瓦时", "十亿千瓦时", 10, "亿千瓦时", 1_000_000_000),
]


@pytest.mark.parametrize(("text", "written", "value", "unit", "base"), CHINESE, ids=[r[0] for r in CHINESE])
def test_chinese_numerals_read_with_scale_split_off_into_the_unit(text, written, value, unit, base):
    q = only(text)
    assert text[q.start : q.end] == written
    assert close(q.value, value)
    assert q.unit == unit
    assert close(q.base_value, base)
    assert q.chinese is True


def test_person_noun_makes_the_unit_ren_but_stays_out_of_the_span():
    text = "三年十五万青年留呼行动"
    q = only(text)
    assert (q.unit, q.stem, text[q.start : q.end]) == ("万人", "人", "十五万")
    assert text[q.end :].startswith("青年")


# --- scale words and units that begin like scale words ---------------------------------------

# (text, figure, value, unit, stem, base_value)
ATOMIC = [
    ("新增装机3.1亿千瓦", "3.1亿千瓦", 3.1, "亿千瓦", "千瓦", 3.1e8),
    ("新能源装机1.5万千瓦", "1.5万千瓦", 1.5, "万千瓦", "千瓦", 1.5e4),
    ("外送电量500亿千瓦时", "500亿千瓦时", 500, "亿千瓦时", "千瓦时", 5e10),
    ("用电量5万亿千瓦时", "5万亿千瓦时", 5, "万亿千瓦时", "千瓦时", 5e12),
    ("户均用电800千瓦时", "800千瓦时", 800, "千瓦时", "千瓦时", 800),
    ("新建公路10万千米", "10万千米", 10, "万千米", "千米", 1e5),
    ("人均蔬菜120千克", "120千克", 120, "千克", "千克", 120),
]


@pytest.mark.parametrize(("text", "written", "value", "unit", "stem", "base"), ATOMIC, ids=[r[0] for r in ATOMIC])
def test_units_that_begin_with_a_scale_character_are_not_split(text, written, value, unit, stem, base):
    q = only(text)
    assert text[q.start : q.end] == written
    assert (q.unit, q.stem) == (unit, stem)
    assert close(q.value, value)
    assert close(q.base_value, base)


def test_kilowatt_hour_is_not_read_as_thousand_watt_hours():
    q = only("户均用电800千瓦时")
    assert q.scale == 1.0
    assert q.stem == "千瓦时"
    assert q.base_value == 800


@pytest.mark.parametrize(
    ("text", "scale"),
    [("5万元", 1e4), ("5亿元", 1e8), ("5万亿元", 1e12), ("5千亿元", 1e11), ("5百万元", 1e6), ("5千万元", 1e7)],
)
def test_scale_words_multiply_the_base_value(text, scale):
    q = only(text)
    assert q.scale == scale
    assert close(q.base_value, 5 * scale)
    assert q.stem == "元"


# unit class decides the measure downstream: level, count, percent, points
@pytest.mark.parametrize(
    ("text", "unit_class"),
    [
        ("1.2亿元", "level"),
        ("6000余吨", "level"),
        ("840亿斤", "level"),
        ("3.1亿千瓦", "level"),
        ("18万人", "count"),
        ("144家", "count"),
        ("126条", "count"),
        ("500列", "count"),
        ("十项", "count"),
        ("五大类", "count"),
        ("5.8%", "percent"),
        ("5.8％", "percent"),
        ("0.8个百分点", "points"),
    ],
)
def test_unit_and_measure_word_set_the_unit_class(text, unit_class):
    assert only(text).unit_class == unit_class


# --- ranges ----------------------------------------------------------------------------------

RANGES = [
    ("地区生产总值增长4.5%-5%", "4.5%-5%", 4.5, 5),
    ("地区生产总值增长5%到5.5%", "5%到5.5%", 5, 5.5),
    ("地区生产总值增长5%至5.5%", "5%至5.5%", 5, 5.5),
    ("地区生产总值增长4.5%—5%", "4.5%—5%", 4.5, 5),
    ("地区生产总值增长5.5%—6%", "5.5%—6%", 5.5, 6),
    ("地区生产总值增长4.5%——5%", "4.5%——5%", 4.5, 5),
    ("地区生产总值增长3.5%～4%", "3.5%～4%", 3.5, 4),
    ("地区生产总值增长5%~6%", "5%~6%", 5, 6),
    ("地区生产总值增长4.5-5%", "4.5-5%", 4.5, 5),
    ("地区生产总值增长5％－6％", "5％－6％", 5, 6),
]


@pytest.mark.parametrize(("text", "written", "low", "high"), RANGES, ids=[r[1] for r in RANGES])
def test_ranges_give_value_and_value_high(text, written, low, high):
    q = only(text)
    assert text[q.start : q.end] == written
    assert (q.value, q.value_high, q.qualifier.value) == (low, high, "range")
    assert q.unit_class == "percent"


# --- qualifiers ------------------------------------------------------------------------------

QUALIFIED = [
    # approx_below: 近/接近
    ("内蒙古口岸累计进出境中欧班列近6万列", "近6万列", 6, "万列", "approx_below"),
    ("城镇新增就业接近300万人", "接近300万人", 300, "万人", "approx_below"),
    # more_than: 余/多 between number and unit
    ("该园区生产番茄6000余吨", "6000余吨", 6000, "吨", "more_than"),
    ("培育特色产品80多种", "80多种", 80, "种", "more_than"),
    ("招收100多名", "100多名", 100, "名", "more_than"),
    ("新增1.2万余家", "1.2万余家", 1.2, "万家", "more_than"),
    ("减少10余万吨", "10余万吨", 10, "万吨", "more_than"),
    ("带动100万余人", "100万余人", 100, "万人", "more_than"),
    # at_least: 超/超过/突破/首破/不低于/不少于/至少/以上
    ("招商引资超5000亿元", "超5000亿元", 5000, "亿元", "at_least"),
    ("国内到位资金超过5700亿元", "超过5700亿元", 5700, "亿元", "at_least"),
    ("到发中欧班列总量力争突破500列", "突破500列", 500, "列", "at_least"),
    ("外贸进出口总值首破2000亿元", "首破2000亿元", 2000, "亿元", "at_least"),
    ("研发经费增长不低于8%", "不低于8%", 8, "%", "at_least"),
    ("新建不少于10家", "不少于10家", 10, "家", "at_least"),
    ("经济总量迈上十万亿元台阶", "迈上十万亿元", 10, "万亿元", "at_least"),
    ("培育至少3个", "至少3个", 3, "个", "at_least"),
    ("地区生产总值增长5%以上", "5%以上", 5, "%", "at_least"),
    ("城镇新增就业18万人以上", "18万人以上", 18, "万人", "at_least"),
    ("增长5%及以上", "5%及以上", 5, "%", "at_least"),
    # about: 约/左右/上下
    ("参与群众约300人", "约300人", 300, "人", "about"),
    ("地区生产总值增长5%左右", "5%左右", 5, "%", "about"),
    ("粮食产量100万吨左右", "100万吨左右", 100, "万吨", "about"),
    ("每批100人上下", "100人上下", 100, "人", "about"),
    ("提高0.5个百分点左右", "0.5个百分点左右", 0.5, "个百分点", "about"),
    # at_most: 以内/以下/控制在/不超过/降至
    ("城镇调查失业率5%以内", "5%以内", 5, "%", "at_most"),
    ("安全事故起数3%以下", "3%以下", 3, "%", "at_most"),
    ("城镇调查失业率控制在5.5%", "控制在5.5%", 5.5, "%", "at_most"),
    ("赤字率不超过3%", "不超过3%", 3, "%", "at_most"),
    ("不良贷款率降至2%", "降至2%", 2, "%", "at_most"),
    # a suffix decides over a prefix
    ("细颗粒物年均浓度控制在29微克/立方米左右", "控制在29微克/立方米左右", 29, "微克/立方米", "about"),
    ("城镇调查失业率控制在5.5%以内", "控制在5.5%以内", 5.5, "%", "at_most"),
    ("增长约5%左右", "约5%左右", 5, "%", "about"),
    # a light verb may stand between the prefix and the number
    ("制造业增加值约占30%", "约占30%", 30, "%", "about"),
    ("研发投入强度约为2.5%", "约为2.5%", 2.5, "%", "about"),
    # none of these: exact
    ("全年实现口岸货运量1.3亿吨", "1.3亿吨", 1.3, "亿吨", "exact"),
    # a prefix inside another word is none: 签约, 节约
    ("项目签约3543亿元", "3543亿元", 3543, "亿元", "exact"),
    ("节约200万元", "200万元", 200, "万元", "exact"),
]


@pytest.mark.parametrize(("text", "written", "value", "unit", "qualifier"), QUALIFIED, ids=[r[1] for r in QUALIFIED])
def test_qualifier_words_set_the_qualifier_and_belong_to_the_span(text, written, value, unit, qualifier):
    assert reading(text) == (written, value, None, unit, qualifier)


def test_span_starts_at_the_qualifier_and_digits_start_at_num_start():
    text = "中欧班列近6万列"
    q = only(text)
    assert text[q.start : q.num_start] == "近"
    assert text[q.num_start : q.end] == "6万列"


# --- not figures -----------------------------------------------------------------------------

NOT_FIGURES = [
    "回望2024年",
    "截至2024年底",
    "2月7日，兴安盟党政考察团赴山东考察对接",
    "去年12月31日",
    "1-11月",
    "二〇二四年",
    "⇒ 4版",
    "位居全国第5位",
    "第十二个",
    "全国前8位",
    "排名前3位",
    "前10名",
    "新建5G基站",
    "PM2.5浓度",
    "深层次参与高质量共建“一带一路”",
    "自治区两会结束后",
    "扩大二手车、“新三样”、中间品出口规模",
    "长三角、粤港澳大湾区和东三省",
    "确保实现今年一季度开门红",
    "持续完善“一廊两轴五带”文旅布局",
    "“十四五”规划",
    "继续认定一批就业基地",
    "交出一份合格的答卷",
    "京蒙协作结出的硕果之一",
    "进一步密切同京津冀的合作",
    "确保干一件成一件",
    "两个基地",
    "千方百计稳就业",
    "十分重要",
    "近两年",
    "最近100天",
    "稳定在50万",
    "增长3倍",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_dates_ordinals_names_and_idioms_are_not_figures(text):
    assert find_quantities(text) == []


def test_fixed_names_do_not_hide_the_figures_beside_them():
    text = "共建“一带一路”国家贸易额达2.6万亿元"
    assert [text[q.start : q.end] for q in find_quantities(text)] == ["2.6万亿元"]


def test_5g_and_pm25_leave_the_real_figure_next_to_them():
    assert [q.value for q in find_quantities("新建5G基站3.2万个")] == [3.2]
    assert [q.value for q in find_quantities("PM2.5平均浓度30微克/立方米")] == [30]


# --- offsets over a whole passage -------------------------------------------------------------

SEED_PASSAGE = (
    "2024年,内蒙古外贸进出口总值达2073.1亿元,同比增长5.8%,高于全国外贸增速0.8个百分点,首破两千亿元大关。"
    "内蒙古口岸货运量达到1.234亿吨,同比增长14.5%,创历史新高。内蒙古口岸累计进出境中欧班列近6万列,运行线路达126条。"
)


def test_every_figure_of_a_passage_is_found_in_order_with_exact_offsets():
    found = find_quantities(SEED_PASSAGE)
    assert [SEED_PASSAGE[q.start : q.end] for q in found] == [
        "2073.1亿元",
        "5.8%",
        "0.8个百分点",
        "首破两千亿元",
        "1.234亿吨",
        "14.5%",
        "近6万列",
        "126条",
    ]
    assert [q.start for q in found] == sorted(q.start for q in found)
    for q in found:
        assert q.start <= q.num_start < q.end


def test_start_and_end_limit_the_scan_but_offsets_index_the_whole_text():
    at = SEED_PASSAGE.index("内蒙古口岸货运量")
    found = find_quantities(SEED_PASSAGE, at)
    assert SEED_PASSAGE[found[0].start : found[0].end] == "1.234亿吨"
    assert found[0].start > at


# --- readings that were once wrong -------------------------------------------------------

FIXED = [
    pytest.param("装机十五万千瓦", ("十五万千瓦", 15, None, "万千瓦", "exact"), id="十五万千瓦"),
    pytest.param("人均用粮三万千克", ("三万千克", 3, None, "万千克", "exact"), id="三万千克"),
    pytest.param("全年进出口总额逾100亿元", ("逾100亿元", 100, None, "亿元", "at_least"), id="逾100亿元"),
]


@pytest.mark.parametrize(("text", "expected"), FIXED)
def test_scale_words_before_atomic_units_and_逾(text, expected):
    assert reading(text) == expected


@pytest.mark.parametrize(("text", "value"), [("留住18万大学生", 18), ("吸引二十万大学生", 20)])
def test_daxuesheng_is_a_person_noun_not_the_measure_word_da(text, value):
    assert [(q.value, q.unit) for q in find_quantities(text)] == [(value, "万人")]


@pytest.mark.parametrize("text", ["吸纳几十万人就业", "建成数十个示范点", "新建十几个园区"])
def test_vague_tens_are_not_read_as_exact_amounts(text):
    assert find_quantities(text) == []


def test_amounts_with_the_currency_left_out_are_read():
    text = "全省生产总值连续跨越7万亿、8万亿、9万亿三个大台阶"
    found = [(q.value, q.unit) for q in find_quantities(text) if q.unit.startswith("万亿")]
    assert [v for v, _ in found] == [7, 8, 9]


def test_a_long_run_of_chinese_numerals_gives_nothing():
    # Once this backtracked cubically (5,000 characters took minutes); the
    # possessive pattern makes it linear. Its speed is measured in bench/.
    assert find_quantities("一二三四五六七八九十" * 500) == []


def test_a_short_run_of_chinese_numerals_gives_nothing():
    assert find_quantities("一二三四五六七八九十" * 5) == []


# --- per mille, written-out fractions and compound units ---------------------------------------

# (text, figure as written, value, unit, unit_class)
UNITS = [
    ("全年人口出生率为5.12‰", "5.12‰", 5.12, "‰", "permille"),
    ("人口自然增长率为-1.93‰", "-1.93‰", -1.93, "‰", "permille"),
    ("出生率为千分之12.13", "千分之12.13", 12.13, "‰", "permille"),
    ("增长百分之五", "百分之五", 5, "%", "percent"),
    ("增长百分之十二点五", "百分之十二点五", 12.5, "%", "percent"),
    ("增长百分之6.5", "百分之6.5", 6.5, "%", "percent"),
    ("覆盖率达到百分之百", "百分之百", 100, "%", "percent"),
    ("出入境交通运输工具45.4万辆(列/架)次", "45.4万辆(列/架)次", 45.4, "万辆(列/架)次", "count"),
    (
        "抵离口岸的交通工具达2813.8万辆（艘、架、列）次",
        "2813.8万辆（艘、架、列）次",
        2813.8,
        "万辆（艘、架、列）次",
        "count",
    ),
    ("进出境交通工具76.9万列辆架次", "76.9万列辆架次", 76.9, "万列辆架次", "count"),
    ("转口交通工具1854列次", "1854列次", 1854, "列次", "count"),
    ("飞行规模达2061万架次", "2061万架次", 2061, "万架次", "count"),
    ("邮轮母港接待邮轮91艘次", "91艘次", 91, "艘次", "count"),
    ("牲畜存栏1.29亿头只", "1.29亿头只", 1.29, "亿头只", "count"),
    ("牲畜总头数10798.5万头(只)", "10798.5万头(只)", 10798.5, "万头(只)", "count"),
    ("保障性租赁住房7.4万套（间）", "7.4万套（间）", 7.4, "万套（间）", "count"),
    ("粮食单产420公斤/亩", "420公斤/亩", 420, "公斤/亩", "level"),
    ("全员劳动生产率达58万元/人左右", "58万元/人左右", 58, "万元/人", "level"),
    ("新增产能3095万吨/年", "3095万吨/年", 3095, "万吨/年", "level"),
    ("城市低保标准842元/月", "842元/月", 842, "元/月", "level"),
    ("用电量3200万千瓦时", "3200万千瓦时", 3200, "万千瓦时", "level"),
    ("推广550大卡以上热值煤", "550大卡以上", 550, "大卡", "level"),
    ("通关时间压缩至1.5小时以内", "压缩至1.5小时以内", 1.5, "小时", "level"),
    ("审批时限压缩至5个工作日", "压缩至5个工作日", 5, "个工作日", "level"),
    ("开展小分队招商不少于20批次", "不少于20批次", 20, "批次", "count"),
    ("集装箱吞吐量812.4万标箱", "812.4万标箱", 812.4, "万标箱", "count"),
    ("销售增长近两成", "近两成", 2, "成", "percent"),
    ("占全国9成", "9成", 9, "成", "percent"),
]


@pytest.mark.parametrize(("text", "base"), [("增长近两成", 20), ("占全国九成以上", 90), ("约7成", 70)])
def test_tenths_are_written_as_cheng_and_applied_as_percent(text, base):
    q = only(text)
    assert (q.base_value, q.stem) == (pytest.approx(base), "%")


# (text, figure as written, base value, stem)
SCALE_ALONE = [
    ("进出口总额突破万亿元", "突破万亿元", 1e12, "元"),
    ("生物医药产值超千亿元", "超千亿元", 1e11, "元"),
    ("首次突破千万千瓦", "首次突破千万千瓦", 1e7, "千瓦"),
    ("整车出口突破百万辆", "突破百万辆", 1e6, "辆"),
    ("促消费活动近万场", "近万场", 1e4, "场"),
]


@pytest.mark.parametrize(("text", "written", "base", "stem"), SCALE_ALONE, ids=[r[1] for r in SCALE_ALONE])
def test_a_scale_word_alone_after_a_bound_is_one_of_it(text, written, base, stem):
    q = only(text)
    assert (text[q.start : q.end], q.stem) == (written, stem)
    assert close(q.base_value, base)


@pytest.mark.parametrize("text", ["千万不要放松", "万元GDP能耗", "亿元以上项目", "一成不变"])
def test_a_scale_word_alone_without_a_bound_is_no_figure(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize(("text", "written", "value", "unit", "unit_class"), UNITS, ids=[r[1] for r in UNITS])
def test_per_mille_fractions_and_compound_units_are_read_whole(text, written, value, unit, unit_class):
    q = only(text)
    assert (text[q.start : q.end], q.unit, q.unit_class) == (written, unit, unit_class)
    assert close(q.value, value)


def test_a_compound_unit_keeps_its_scale_apart():
    q = only("全员劳动生产率达58万元/人")
    assert (q.scale, q.stem, q.base_value) == (1e4, "元/人", 580_000)


@pytest.mark.parametrize(
    ("text", "value"), [("1-11月增长5%", 5), ("2020-2025年增长5%", 5), ("4.5%-5%", 4.5), ("G20-3%", 3)]
)
def test_a_dash_after_a_word_or_figure_is_no_minus_sign(text, value):
    assert find_quantities(text)[0].value == value


# --- numerals that count nothing ---------------------------------------------------------------

NOT_QUANTITIES = [
    "全国唯一一个",
    "两三个",
    "党的二十大",
    "二十大精神",
    "党的十八大以来",
    "八座以下乘用车",
    "五座新能源车型",
    "前进3个位次",
    "上升3个位次",
    "排名上升3位",
    "排名由369位上升到235位",
    "包揽前六名",
    "ESI全球排名前1%",
    "前1‰学科",
    "ESI前千分之一",
    "10个全国第1",
    "3项全国第一",
    "5项指标居全国第一",
    "80多种产品产能全国第一",
    "14种农产品产量居全国第1位",
    "取得3个第一",
    "实施5000万元以上项目",
    "其中投资10亿元以上的项目",
    "新签约亿元以上项目",
    "对滞后序时进度10个百分点以上的任务",
    "涉及新能源汽车零部件",
    "前11个月",
    "连续19个季度居全国前列",
    "中国四大名石",
    "分两批面向民间资本发布",
    "用好两个市场两种资源",
    "残疾人两项补贴",
    "入选全国十大考古新发现",
    "每出口4辆就有1辆",
    "每出口4辆新能源汽车就有1辆",
    "内政办发〔2025〕12号",
    "第12号令",
    "12月10日",
    "3月份",
    "15分钟社区生活圈",
    "“1小时交通圈”",
    "“圈内1小时、济青1.5小时”通勤圈",
    "“7×24小时”预约通关",
    "240小时过境免签政策",
    "公园24小时开放",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_ranks_ratios_congresses_and_vehicle_classes_are_not_figures(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("国家现代农业产业园增至21个、居全国第1位", ["21个"]),
        ("引进院士3位", ["3位"]),
        ("建成5座加氢站", ["5座"]),
        ("八大落地加工产业", ["八大"]),
        ("五大类进口大宗商品", ["五大类"]),
        ("新增ESI全球前1‰学科1个", ["1个"]),
        ("建设3个第一批示范区", ["3个"]),
        ("培育100家以上特色企业", ["100家以上"]),
        ("港口物流、跨境电商两场专题对接会", ["两场"]),
        ("两所高校实现升格", ["两所"]),
        ("实施1000个以上省重点项目", ["1000个以上"]),
        ("签约项目120个，总投资500亿元以上", ["120个", "500亿元以上"]),
    ],
)
def test_counts_beside_those_words_stay(text, figures):
    assert [text[q.start : q.end] for q in find_quantities(text)] == figures


# --- numerals that name a programme ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("全力推进五大任务", True),
        ("抓好七项重点工作", True),
        ("实施六个倍增计划", True),
        ("打好三大攻坚战", True),
        ("打好五张牌", True),
        ("打赢三场硬仗", True),
        ("完成34项重点任务", False),  # Arabic digits in a progress report count tasks
        ("建成77个供应基地", False),
        ("新增十项专利", False),
    ],
)
def test_slogan_heads_mark_a_figure_as_naming_a_programme(text, named):
    assert only(text).named is named
