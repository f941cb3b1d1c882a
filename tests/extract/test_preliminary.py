"""Preliminary outcomes: the extractor flags a figure whose sentence says
预计, 初步核算, 初步统计 or 快报 (``preliminary`` in cues.yaml), as it flags
a running total, so that linking never reads a text to decide it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Extracted
from luoshi.cli import app
from luoshi.extract import extract
from luoshi.extract.preliminary import cue_words
from luoshi.rules import load_yaml
from luoshi.types import Kind

ROOT = Path(__file__).resolve().parents[2]

# Figures of the real reports: (province, the figure's quote, preliminary).
# 福建 opens its review with 初步统计，… and every figure of that sentence is
# flagged, down to the last; 广东's 预计 reaches the figures a hundred
# characters on in the same sentence, not the next sentence's.
REAL_FIGURES = [
    ("福建省", "2025年全省地区生产总值60199.45亿元", True),
    ("福建省", "城镇调查失业率4.7%", True),
    ("福建省", "数字经济增加值预计达3.4万亿元", True),
    ("福建省", "文旅经济增加值预计达6500亿元", True),
    ("广东省", "预计全年接待游客9.6亿人次", True),
    ("广东省", "抵离口岸的交通工具达2813.8万辆（艘、架、列）次", True),
    ("广东省", "预计高新技术企业达7.4万家", True),
    ("广东省", "新增境内外上市公司45家", False),  # the sentence after 预计高新技术企业达7.4万家…。
    ("广东省", "预计大湾区经济总量突破15万亿元", True),
    ("广东省", "198项高频政务服务事项", False),  # two sentences on
    ("宁夏回族自治区", "全社会研发经费投入预计年均增长11%以上", True),
    ("重庆市", "全社会研发经费投入预计年均增长10.5%", True),
    ("山西省", "数字经济核心产业增加值预计增长10%", True),
]


@pytest.mark.parametrize(("province", "quote", "preliminary"), REAL_FIGURES)
def test_figures_of_the_reports_are_flagged_by_their_own_sentence(
    reports: dict[str, Extracted], province: str, quote: str, preliminary: bool
):
    [s] = [s for s in reports[province][1] if s.quote == quote]
    assert s.kind is Kind.ACTUAL and s.preliminary is preliminary


def test_only_the_figures_of_a_cue_sentence_are_flagged_in_a_report(reports: dict[str, Extracted]):
    doc, statements = reports["福建省"]
    flagged = [s for s in statements if s.preliminary]
    assert len(flagged) == 12  # the ten of 初步统计，… and the two 预计 figures
    sentence = doc.text[doc.text.index("初步统计") : doc.text.index("居民消费价格与上年持平")]
    assert sum(1 for s in flagged if s.quote in sentence) == 10
    assert [s.quote for s in flagged if s.quote not in sentence] == [
        "数字经济增加值预计达3.4万亿元",
        "文旅经济增加值预计达6500亿元",
    ]


def test_a_reports_targets_are_never_flagged(reports: dict[str, Extracted]):
    for province in ("福建省", "广东省", "重庆市", "宁夏回族自治区"):
        targets = [s for s in reports[province][1] if s.kind is not Kind.ACTUAL]
        assert targets and not any(s.preliminary for s in targets), province


def test_a_preliminary_word_with_no_estimate_flags_no_other_figure(reports: dict[str, Extracted]):
    # 困难比预计的多: the word is there, in a sentence without a figure
    for province in ("北京市", "河南省"):
        doc, statements = reports[province]
        assert "预计" in doc.text and not any(s.preliminary for s in statements), province


def test_a_target_whose_sentence_says_yuji_is_not_preliminary():
    text = (ROOT / "samples" / "nmg_report_2026.md").read_text(encoding="utf-8")
    [cpi] = [s for s in extract(text, "nmg_report_2026.md", "2026-01-26") if s.quote == "居民消费价格涨幅预计在2%左右"]
    assert cpi.kind is Kind.TARGET and not cpi.preliminary


# Sentences written to break the rule: (text, the figure's value, preliminary).
WRITTEN = [
    ("据初步核算，2024年全年引进国内到位资金5573.1亿元。", 5573.1, True),
    ("2024年全年引进国内到位资金5573.1亿元，数据来自统计快报。", 5573.1, True),  # the cue after the figure
    ("预计明年更好。2024年全年引进国内到位资金5573.1亿元。", 5573.1, False),
    ("预计明年更好；2024年全年引进国内到位资金5573.1亿元。", 5573.1, False),
    ("预计明年更好\n2024年全年引进国内到位资金5573.1亿元。", 5573.1, False),
    ("预计明年更好! 2024年全年引进国内到位资金5573.1亿元。", 5573.1, False),
    ("2024年全年引进国内到位资金5573.1亿元。预计明年更好。", 5573.1, False),
    ("初步，2024年全年引进国内到位资金5573.1亿元。", 5573.1, False),  # 初步 alone is no cue
]


@pytest.mark.parametrize(("text", "value", "preliminary"), WRITTEN)
def test_a_sentence_end_stops_a_cue(text: str, value: float, preliminary: bool):
    [s] = [s for s in extract(text, "x.md", "2025-02-10") if s.value == value]
    assert s.kind is Kind.ACTUAL and s.preliminary is preliminary


def test_the_flag_is_written_in_jsonl_only_when_true(tmp_path: Path):
    doc = tmp_path / "page.md"
    doc.write_text("2024年，预计全年引进国内到位资金超5300亿元。全年粮食产量达到820亿斤。", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(doc), "--published", "2025-01-20", "-f", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["value_text"], r.get("preliminary")) for r in rows] == [("超5300亿元", True), ("820亿斤", None)]


def test_the_cue_words_are_the_briefs_and_hold_no_sentence_end():
    assert {"预计", "初步核算", "快报"} <= set(cue_words())
    ends = load_yaml("cues.yaml")["preliminary"]["sentence_ends"]
    assert {"。", "；", "\n"} <= set(ends)
    assert not any(end in cue for cue in cue_words() for end in ends)
