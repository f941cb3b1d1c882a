"""Reprints in traditional script and messy copies read like the clean
simplified text: same values, kinds, periods, regions, indicators and
owners, with quotes cut from the text as written."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.extract.noise import quiet
from luoshi.extract.pipeline import extract, extract_document
from luoshi.extract.script import has_traditional, simplified
from luoshi.extract.structure import Structure
from luoshi.load import load_path
from luoshi.types import Statement

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "corpus" / "seed" / "000_39f8f6a33f179f43.txt"
NMG_REPORT = SHARED / "corpus" / "gwr2026" / "2026_内蒙古自治区_政府工作报告.csv"
PUBLISHED = "2025-01-20"


def reading(s: Statement) -> tuple:
    """Everything a statement says, apart from where its words stand."""
    return (
        s.kind,
        s.period,
        s.region,
        s.region_code,
        s.indicator,
        s.indicator_name,
        s.measure,
        s.value,
        s.value_high,
        s.unit,
        s.qualifier,
        s.owner,
        s.parties,
        s.event_type,
    )


def run(text: str, region: str = "內蒙古自治區") -> list[Statement]:
    statements = extract(text, published=PUBLISHED, region=region)
    for s in statements:
        assert s.quote == text[s.start : s.end]
        assert s.value_text is None or s.value_text in s.quote
    return statements


# --- traditional script -------------------------------------------------------------------

TRADITIONAL_AND_SIMPLIFIED = [
    ("2024年全區外貿進出口總值2073.1億元，比上年增長5.8%。", "2024年全区外贸进出口总值2073.1亿元，比上年增长5.8%。"),
    (
        "今年主要預期目標是：地區生產總值增長6%左右，力爭口岸貨運量突破1.3億噸。",
        "今年主要预期目标是：地区生产总值增长6%左右，力争口岸货运量突破1.3亿吨。",
    ),
    (
        "鄂爾多斯市2024年地區生產總值達到6200億元，錫林郭勒盟新增造林面積120萬畝。",
        "鄂尔多斯市2024年地区生产总值达到6200亿元，锡林郭勒盟新增造林面积120万亩。",
    ),
    ("確保糧食產量穩定在800億斤以上，新建5G基站1.2萬個。", "确保粮食产量稳定在800亿斤以上，新建5G基站1.2万个。"),
    ("2024年國內生產總值增長5%，全國居民消費價格上漲0.2%。", "2024年国内生产总值增长5%，全国居民消费价格上涨0.2%。"),
    ("外貿進出口總值力爭增長8%（自治區商務廳牽頭）。", "外贸进出口总值力争增长8%（自治区商务厅牵头）。"),
    ("1—9月，全區接待遊客2.16億人次，同比增長8.9%。", "1—9月，全区接待游客2.16亿人次，同比增长8.9%。"),
]


@pytest.mark.parametrize(("traditional", "simple"), TRADITIONAL_AND_SIMPLIFIED)
def test_a_traditional_sentence_says_what_its_simplified_form_says(traditional, simple):
    read = run(traditional)
    assert read and [reading(s) for s in read] == [reading(s) for s in run(simple, "内蒙古自治区")]
    assert [(s.start, s.end) for s in read] == [(s.start, s.end) for s in run(simple, "内蒙古自治区")]


def test_quotes_stay_in_traditional_script_and_names_are_simplified():
    level, growth = run(TRADITIONAL_AND_SIMPLIFIED[0][0])
    assert (level.quote, level.value_text) == ("2024年全區外貿進出口總值2073.1億元", "2073.1億元")
    assert growth.quote == "比上年增長5.8%"
    [_, afforested] = run(TRADITIONAL_AND_SIMPLIFIED[2][0])
    # A reprint's own indicator links to the simplified original's.
    assert (afforested.indicator, afforested.region) == ("other:锡林郭勒盟新增造林面积", "锡林郭勒盟")


ERDOS_SIMPLIFIED = (
    "鄂尔多斯市前三季度经济运行稳中有进\n"
    "本报鄂尔多斯10月28日电 记者从市统计局获悉，前三季度，鄂尔多斯市地区生产总值完成4512.6亿元，同比增长6.1%。"
    "规模以上工业增加值增长7.9%，原煤产量5.8亿吨，增长3.2%。全市外贸进出口总值186.4亿元，增长12.5%。\n"
    "市商务局有关负责人表示，全年力争外贸进出口总值突破240亿元，确保社会消费品零售总额增长5%以上。"
)
ERDOS_TRADITIONAL = (
    "鄂爾多斯市前三季度經濟運行穩中有進\n"
    "本報鄂爾多斯10月28日電 記者從市統計局獲悉，前三季度，鄂爾多斯市地區生產總值完成4512.6億元，同比增長6.1%。"
    "規模以上工業增加值增長7.9%，原煤產量5.8億噸，增長3.2%。全市外貿進出口總值186.4億元，增長12.5%。\n"
    "市商務局有關負責人表示，全年力爭外貿進出口總值突破240億元，確保社會消費品零售總額增長5%以上。"
)


def test_a_traditional_news_report_gives_the_statements_of_the_simplified_one():
    read = extract(ERDOS_TRADITIONAL, published="2025-10-28")
    want = extract(ERDOS_SIMPLIFIED, published="2025-10-28")
    assert len(read) == 9
    assert [reading(s) for s in read] == [reading(s) for s in want]
    assert {s.region for s in read} == {"鄂尔多斯市"}
    assert [s.period for s in read if s.kind.value == "actual"] == ["2025-09"] * 7
    assert all(s.quote == ERDOS_TRADITIONAL[s.start : s.end] for s in read)


SIMPLIFIED_TEXTS = [
    "在乾县调研时强调，全年地区生产总值增长5%左右。",  # 乾 is a place name in simplified script too
    "昇腾生态企业达到120家，取得显著成效。",  # 昇 a brand, 著 in 显著
    "全区外贸进出口总值2073.1亿元。",
]


@pytest.mark.parametrize("text", SIMPLIFIED_TEXTS)
def test_a_simplified_text_is_read_as_written(text):
    assert not has_traditional(text)
    assert simplified(text) is text


def test_only_lines_in_traditional_script_are_converted():
    text = "在乾县调研时强调\n全區外貿進出口總值2073.1億元，力爭「六個倍增計劃」落地\n"
    out = simplified(text)
    assert len(out) == len(text)
    assert out.splitlines() == ["在乾县调研时强调", "全区外贸进出口总值2073.1亿元，力争“六个倍增计划”落地"]


# --- messy copies -------------------------------------------------------------------------

MESSY_AND_CLEAN = [
    # pinyin after a word, and inside one
    ("全区口岸（kǒu àn）货运量9648.5万吨，同比增长7.2%。", "全区口岸货运量9648.5万吨，同比增长7.2%。"),
    ("前三季度全区进(jìn)出口总值1566.7亿元，增长4.3%。", "前三季度全区进出口总值1566.7亿元，增长4.3%。"),
    ("全区粮(liáng)食播种面积10365万亩。", "全区粮食播种面积10365万亩。"),
    # mojibake in brackets, with the ? a decoder leaves
    ("社会消费品零售总额（锟斤拷?）3965.2亿元，增长4.2%。", "社会消费品零售总额3965.2亿元，增长4.2%。"),
    ("全区外贸进出口总值（ÄÚÃɹÅ）2073.1亿元，比上年增长5.8%。", "全区外贸进出口总值2073.1亿元，比上年增长5.8%。"),
    ("全区中欧班列（\ufffd?）开行7526列，增长3.8%。", "全区中欧班列开行7526列，增长3.8%。"),
    ("全区口岸货运量(?)9648.5万吨！同比增长7.2%。", "全区口岸货运量9648.5万吨！同比增长7.2%。"),
    ("全区口岸货运量（！）9648.5万吨，同比增长7.2%。", "全区口岸货运量9648.5万吨，同比增长7.2%。"),
    # whitespace inside figures and dates
    ("2024年全区外贸进出口总值2073. 1亿元，比上年增长5.8 %。", "2024年全区外贸进出口总值2073.1亿元，比上年增长5.8%。"),
    (
        "2024 年全区外贸进出口总值 2073.1 亿元，比上年增长 5.8 %。",
        "2024年全区外贸进出口总值2073.1亿元，比上年增长5.8%。",
    ),
    ("全区外贸进出口总值2073\n.1亿元，比上年增长5.8%。", "全区外贸进出口总值2073.1亿元，比上年增长5.8%。"),
    ("1—11 月份，全区中欧班列开行7526列。", "1—11月份，全区中欧班列开行7526列。"),
    # line breaks inside a sentence, between words and inside one
    (
        "在稳外贸政策持续发力的带动下，全区外贸进出口总值\n2073.1亿元，比上年增长5.8%。",
        "在稳外贸政策持续发力的带动下，全区外贸进出口总值2073.1亿元，比上年增长5.8%。",
    ),
    (
        "在稳外贸政策持续发力的带动下，全区外贸进出口总值2073.1亿元，比上年\n增长5.8%。",
        "在稳外贸政策持续发力的带动下，全区外贸进出口总值2073.1亿元，比上年增长5.8%。",
    ),
    (
        "在稳外贸政策持续发力的带动下，全区外贸进出\n口总值2073.1亿元，比上年增长5.8%。",
        "在稳外贸政策持续发力的带动下，全区外贸进出口总值2073.1亿元，比上年增长5.8%。",
    ),
]


@pytest.mark.parametrize(("messy", "clean"), MESSY_AND_CLEAN)
def test_a_messy_copy_says_what_the_clean_text_says(messy, clean):
    read = run(messy, "内蒙古自治区")
    want = run(clean, "内蒙古自治区")
    assert read and [reading(s) for s in read] == [reading(s) for s in want]


def test_a_noise_bracket_is_emptied_and_set_before_the_word_it_interrupts():
    text = "1—9月，全区进(jìn)出口总值1566.7亿元。"
    assert quiet(text) == "1—9月，(   )全区进出口总值1566.7亿元。"
    [s] = run(text, "内蒙古自治区")
    assert s.quote == "全区进(jìn)出口总值1566.7亿元"


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("总值2073. 1亿元", "总值02073.1亿元"),
        ("增长5.8 %", "增长05.8%"),
        ("2024 年", "2024年 "),
        ("增长5%，总值（\ufffd?）2073亿元", "增长5%，（  ）总值2073亿元"),
        ("20个对外（duì wài）开放口岸", "20个对外（       ）开放口岸"),  # moving 个对外 would break 20个
        ("总值锟斤拷2073亿元", "总值   2073亿元"),
    ],
)
def test_noise_is_blanked_or_moved_aside_in_the_text_extraction_reads(text, reads):
    assert quiet(text) == reads


NOT_NOISE = [
    "地区生产总值（GDP）增长5%，人工智能（AI）产业规模300亿元。",
    "全省100个县（市、区）全部摘帽。",
    "附件2\n名词解释\n1.“两重”建设",
    "2024 2025\n5.8 6.0",
    "（一）巩固壮大实体经济根基，纵深推进产业强省建设\n做强做优做大资源型产业。",
    "1.地区生产总值增长6.2%左右。\n牵头单位：区发改局\n责任单位：区统计局，各街道\n",
    "赤峰市人民政府办公室关于印发《赤峰市2025年区域合作深化行动重点任务分解方案》的通知\n\n赤政办发〔2025〕9号",
    "各位代表！今年是“十五五”开局之年？",
]


@pytest.mark.parametrize("text", NOT_NOISE)
def test_what_is_not_noise_is_read_as_written(text):
    assert quiet(text) == text


@pytest.mark.parametrize(
    ("text", "figure", "sentence"),
    [
        ("口岸货运量（锟斤拷?）9648.5万吨。", "9648.5", "口岸货运量"),
        ("口岸货运量(kǒu àn!)9648.5万吨。", "9648.5", "口岸货运量"),
        ("全区口岸货运量\ufffd?9648.5万吨。", "9648.5", "全区口岸货运量"),
        ("在政策带动下，全区外贸进出口总值\n2073.1亿元。", "2073.1", "在政策带动下"),
        ("一、主要预期目标\n地区生产总值增长6%左右。", "6%", "地区生产总值"),
        ("1.地区生产总值增长6%左右，\n2.规模以上工业增加值增长7%。", "7%", "2.规模以上"),
    ],
)
def test_noise_and_layout_breaks_end_no_sentence_but_headings_and_items_do(text, figure, sentence):
    structure = Structure(quiet(text))
    assert structure.sentence_start(text.index(figure)) == text.index(sentence)


# --- properties ---------------------------------------------------------------------------

ALPHABET = (
    "0123456789.%-—一二三十百万億萬億噸畝個元年月日今力爭確保預期目標地區生產總值增長下降"
    "進出口國內全區盟市內蒙古鄂爾多斯錫林郭勒商務廳牽頭，。；：、“”「」（）()\n ?!kǒuàÄÚ\ufffd锟斤拷"
)


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=120))
def test_every_quote_of_a_traditional_or_messy_text_is_its_text_between_the_offsets(text):
    assert len(quiet(simplified(text))) == len(text)
    for s in extract(text, published=PUBLISHED):
        assert s.quote == text[s.start : s.end]
        assert s.value_text is None or s.value_text in s.quote


# --- real documents converted to traditional ----------------------------------------------


def _in_traditional(path):
    s2t = opencc.OpenCC("s2t")
    [doc] = load_path(path)
    text = s2t.convert(doc.text)
    assert len(text) == len(doc.text)  # so the loader's skip ranges still fit
    convert = lambda s: s2t.convert(s) if s else s  # noqa: E731
    return doc, dataclasses.replace(doc, text=text, title=convert(doc.title), region=convert(doc.region))


@pytest.mark.real_texts
@pytest.mark.parametrize("path", [SEED, NMG_REPORT], ids=["seed", "nmg_report"])
def test_a_real_document_in_traditional_script_gives_the_same_statements(path):
    doc, traditional = _in_traditional(path)
    want = extract_document(doc)
    read = extract_document(traditional)
    assert len(want) > 30
    assert [(s.start, s.end, *reading(s)) for s in read] == [(s.start, s.end, *reading(s)) for s in want]
    assert all(s.quote == traditional.text[s.start : s.end] for s in read)


def test_noise_between_places_of_a_list_leaves_the_list_a_list():
    from luoshi import extract

    text = "經滿洲里、二連（èr lián）浩特口岸進出境的中歐班列7526列。"
    (s,) = extract(text, published="2025-10-20", region="内蒙古自治区")
    assert s.region == "内蒙古自治区"
