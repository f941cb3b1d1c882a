"""Extraction on the 31 real provincial government work reports of 2026."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.types import Kind

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "gwr2026"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"provincial reports not found at {CORPUS}")

# The 2026 GDP growth target of each report, read from its 主要预期目标 paragraph:
# province, value, value_high, qualifier, the words as the report writes them.
# Unusual phrasings: 山西 heads the paragraph 主要目标 (no 预期); 广东 writes
# "主要预期目标 是" with spaces; 广西, 河南, 湖北 say 经济增长 instead of 地区生产
# 总值增长; 江苏 says 按增长5%安排 (an exact planning figure, not 左右); 陕西 uses
# a full-width ％; 黑龙江 writes the range 4.5-5% with one sign; 天津 gives 4.5% bare.
GDP_TARGETS = [
    ("上海市", 5, None, "about", "全市生产总值增长5%左右"),
    ("云南省", 4.5, None, "about", "地区生产总值增长4.5%左右"),
    ("内蒙古自治区", 5, None, "about", "地区生产总值增长5%左右"),
    ("北京市", 5, None, "about", "地区生产总值增长5%左右"),
    ("吉林省", 5, None, "about", "地区生产总值增长5%左右"),
    ("四川省", 5.5, None, "about", "地区生产总值增长5.5%左右"),
    ("天津市", 4.5, None, "exact", "地区生产总值增长4.5%，在实际工作中努力争取更好结果"),
    ("宁夏回族自治区", 5, None, "about", "地区生产总值增长5%左右，力争取得更好结果"),
    ("安徽省", 5, 5.5, "range", "全省地区生产总值增长5%—5.5%"),
    ("山东省", 5, None, "at_least", "地区生产总值增长5%以上"),
    ("山西省", 4.5, 5, "range", "今年经济社会发展主要目标是：地区生产总值增长4.5%—5%"),
    ("广东省", 4.5, 5, "range", "地区生产总值增长4.5%—5%，在实际工作中全力争取更好结果"),
    ("广西壮族自治区", 5, None, "about", "主要预期目标是：经济增长5%左右"),
    ("新疆维吾尔自治区", 5.5, 6, "range", "地区生产总值增长5.5%—6%"),
    ("江苏省", 5, None, "exact", "地区生产总值按增长5%安排"),
    ("江西省", 5, 5.5, "range", "地区生产总值增长5%-5.5%"),
    ("河北省", 5, None, "at_least", "地区生产总值增长5%以上"),
    ("河南省", 5, None, "about", "主要预期目标是：经济增长5%左右"),
    ("浙江省", 5, 5.5, "range", "全省生产总值增长5%—5.5%"),
    ("海南省", 6, None, "about", "地区生产总值增长6%左右"),
    ("湖北省", 5.5, None, "about", "主要预期目标是：经济增长5.5%左右"),
    ("湖南省", 5, None, "about", "地区生产总值增长5%左右"),
    ("甘肃省", 5.5, None, "about", "地区生产总值增长5.5%左右"),
    ("福建省", 5, None, "about", "全省地区生产总值增长5%左右"),
    ("西藏自治区", 7, None, "at_least", "地区生产总值增长7%以上"),
    ("贵州省", 5, None, "about", "地区生产总值增长5%左右"),
    ("辽宁省", 4.5, None, "about", "地区生产总值增长4.5%左右"),
    ("重庆市", 5, None, "at_least", "地区生产总值增长5%以上"),
    ("陕西省", 5, None, "about", "生产总值增长5％左右"),
    ("青海省", 4.5, None, "about", "全省地区生产总值增长4.5%左右"),
    ("黑龙江省", 4.5, 5, "range", "地区生产总值增长4.5-5%"),
]
PROVINCES = [row[0] for row in GDP_TARGETS]


def test_the_table_covers_all_31_reports():
    names = sorted(p.name.split("_")[1] for p in CORPUS.glob("2026_*.csv"))
    assert names == sorted(PROVINCES)
    assert len(names) == 31


@pytest.mark.parametrize(("province", "value", "high", "qualifier", "written"), GDP_TARGETS, ids=PROVINCES)
def test_report_yields_its_own_2026_gdp_growth_target(reports, province, value, high, qualifier, written):
    doc, statements = reports[province]
    assert doc.region == province
    at = doc.text.find(written)
    assert at >= 0, f"{province}: {written!r} is not in the report"
    targets = [
        s
        for s in statements
        if s.indicator == "gdp_growth" and s.kind is Kind.TARGET and s.period == "2026" and s.region == province
    ]
    assert [(s.value, s.value_high, s.qualifier.value) for s in targets] == [(value, high, qualifier)]
    [target] = targets
    assert target.start < at + len(written) and at < target.end
    assert target.measure.value == "growth_pct"
    assert target.unit in ("%", "％")


GOLD_FILES = sorted(
    [SHARED / "gold" / "gwr2026_dev.jsonl", *(ROOT / "tests" / "gold").glob("gwr2026_extra*.jsonl")],
)


@pytest.mark.parametrize("gold", GOLD_FILES, ids=[g.name for g in GOLD_FILES])
def test_report_gold_scores_at_least_095_strict_f1(reports, score, gold):
    if not gold.is_file():
        pytest.skip(f"gold file not found: {gold}")
    statements = [s for _, found in reports.values() for s in found]
    result = score(gold, statements, CORPUS, windowed=True)
    assert result["strict_f1"] >= 0.95, result
    assert result["value_recall"] >= 0.95, result


@pytest.mark.parametrize("province", PROVINCES)
def test_every_statement_is_a_well_formed_span(reports, province):
    doc, statements = reports[province]
    assert len(statements) > 50
    for s in statements:
        assert 0 <= s.start < s.end <= len(doc.text)
        assert s.quote == doc.text[s.start : s.end]
        assert s.region, s.quote
        assert s.period, s.quote
        assert s.kind in (Kind.ACTUAL, Kind.TARGET, Kind.EVENT)
        assert not any(a <= s.start < b for a, b in doc.skip), s.quote
        if s.kind is not Kind.EVENT:
            assert s.value_text and s.value_text in s.quote
            assert s.measure is not None and s.qualifier is not None and s.unit


@pytest.mark.parametrize("province", PROVINCES)
def test_figures_are_for_2025_or_2026_or_a_span_of_years(reports, province):
    """A report looks back at 2025 (and the five years to it) and plans 2026 (and the five years from it)."""
    _, statements = reports[province]
    years = {int(s.period[:4]) for s in statements if s.kind is not Kind.EVENT}
    assert {2025, 2026} <= years
    assert min(years) >= 2000
