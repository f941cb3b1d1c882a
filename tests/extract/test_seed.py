"""Extraction on the real seed (an Inner Mongolia Daily page of February 2025)
against its hand-labelled gold statements."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from luoshi.extract.periods import infer_document_year
from luoshi.types import Kind, Statement

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GOLD = SHARED / "gold" / "seed_statements.jsonl"
pytestmark = pytest.mark.skipif(not GOLD.is_file(), reason=f"seed gold not found at {GOLD}")

SCALES = {"万亿": 1e12, "亿": 1e8, "万": 1e4}


def read_gold() -> list[dict]:
    if not GOLD.is_file():
        return []
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


GOLD_RECORDS = read_gold()
FIGURES = [g for g in GOLD_RECORDS if g["kind"] != "event"]
EVENTS = [g for g in GOLD_RECORDS if g["kind"] == "event"]


def figure_id(g: dict) -> str:
    same_quote = sum(x["quote"] == g["quote"] for x in FIGURES)
    return g["quote"] if same_quote == 1 else f"{g['quote']}|{g['value_text']}"


def gold_base(g: dict) -> float:
    """The gold value with its unit's scale word applied (6.97 万名 -> 69700)."""
    for word, scale in SCALES.items():
        if g["unit"].startswith(word) and len(g["unit"]) > len(word):
            return g["value"] * scale
    return g["value"]


def span_of(text: str, quote: str) -> tuple[int, int]:
    at = text.find(quote)
    assert at >= 0 and text.find(quote, at + 1) < 0, f"gold quote not found once: {quote}"
    return at, at + len(quote)


def matching(statements: list[Statement], text: str, g: dict) -> Statement:
    """The statement over the gold quote whose value equals the gold value after scale."""
    s, e = span_of(text, g["quote"])
    found = [
        st
        for st in statements
        if st.kind is not Kind.EVENT
        and st.start < e
        and s < st.end
        and st.base_value is not None
        and math.isclose(st.base_value, gold_base(g), rel_tol=1e-6)
    ]
    assert found, f"no statement over {g['quote']!r} with value {g['value']}{g['unit']}"
    return found[0]


@pytest.mark.parametrize("g", FIGURES, ids=[figure_id(g) for g in FIGURES])
def test_gold_figure_is_extracted_with_its_attributes(seed, g):
    doc, statements = seed
    st = matching(statements, doc.text, g)
    got = {
        "kind": st.kind.value,
        "period": st.period,
        "measure": st.measure.value if st.measure else None,
        "qualifier": st.qualifier.value if st.qualifier else None,
        "region": st.region,
        "unit": st.unit,
        "owner": st.owner,
    }
    want = {k: g.get(k) for k in got}
    assert got == want
    assert math.isclose(st.value, g["value"], rel_tol=1e-9)
    assert st.value_high == g["value_high"]
    if not g["indicator"].startswith("other:"):
        assert st.indicator == g["indicator"]
    assert st.value_text == g["value_text"]


EXPECTED_EVENTS = [
    ("visit", "2月7日,兴安盟党政考察团赴山东考察对接", {"兴安盟党政考察团", "山东省", "华瑞集团", "宝来利来集团"}),
    ("agreement", "兴安农垦集团与华瑞面业公司签署运营合作协议", {"兴安农垦集团", "华瑞面业公司"}),
]


@pytest.mark.parametrize(("event_type", "quote", "parties"), EXPECTED_EVENTS, ids=[e[0] for e in EXPECTED_EVENTS])
def test_events_come_out_with_their_parties_and_date(seed, event_type, quote, parties):
    doc, statements = seed
    s, e = span_of(doc.text, quote)
    [ev] = [st for st in statements if st.kind is Kind.EVENT and st.event_type == event_type]
    assert ev.start < e and s < ev.end
    assert set(ev.parties) == parties
    assert ev.period == "2025-02-07"
    assert ev.region == "兴安盟"


def test_seed_has_exactly_the_two_gold_events(seed):
    _, statements = seed
    assert sorted(st.event_type for st in statements if st.kind is Kind.EVENT) == sorted(
        g["event_type"] for g in EVENTS
    )


OWNERS = [
    ("全年实现口岸货运量1.3亿吨", "1.3亿吨", "自治区商务厅"),
    ("到发中欧班列总量力争突破500列", "突破500列", "自治区商务厅"),
    ("招商引资国内到位资金超过5700亿元", "超过5700亿元", "自治区商务厅"),
    ("持续开展‘六个倍增计划’", "六个", "自治区农牧厅"),
    ("和‘四项行动’", "四项", "自治区农牧厅"),
    ("在京高标准建设2个共享前置仓", "2个", "自治区农牧厅"),
    ("建好用好77个农畜产品供应基地", "77个", "自治区农牧厅"),
    ("校友经济5个方面打造亮点", "5个", "兴安盟区域经济合作局"),
    # targets the text gives no responsible body for
    ("推动“六大产业集群”相互耦合", "六大", None),
    ("全力以赴抓好今年十项重点工作", "十项", None),
]


@pytest.mark.parametrize(("anchor", "value_text", "owner"), OWNERS, ids=[o[1] for o in OWNERS])
def test_targets_carry_the_body_the_text_makes_responsible(seed, anchor, value_text, owner):
    doc, statements = seed
    s, e = span_of(doc.text, anchor)
    [st] = [st for st in statements if st.value_text == value_text and st.start < e and s < st.end]
    assert st.kind is Kind.TARGET
    assert st.owner == owner


def test_outcomes_have_no_owner(seed):
    _, statements = seed
    assert [st.quote for st in statements if st.kind is Kind.ACTUAL and st.owner] == []


def test_page_guide_is_skipped_and_gives_nothing(seed):
    doc, statements = seed
    guide = doc.text.index("本期导读")
    assert any(s <= guide < e for s, e in doc.skip)
    assert [st.quote for st in statements if st.end > guide] == []
    # the guide holds 一份 and ⇒ 4版: neither is a figure even when read
    assert "一份“定制保险”" in doc.text[guide:]


def test_nothing_is_extracted_inside_any_skipped_range(seed):
    doc, statements = seed
    for st in statements:
        assert not any(s <= st.start < e for s, e in doc.skip), st.quote


def test_document_year_is_inferred_as_2025_although_the_file_has_no_date(seed):
    doc, statements = seed
    assert doc.published is None
    assert infer_document_year(doc.text) == 2025
    periods = {st.period for st in statements}
    assert periods == {"2024", "2025", "2025-02-07"}


def test_every_quote_is_the_text_between_its_offsets(seed):
    doc, statements = seed
    assert statements
    for st in statements:
        assert 0 <= st.start < st.end <= len(doc.text)
        assert st.quote == doc.text[st.start : st.end]
        if st.kind is not Kind.EVENT:
            assert st.value_text and st.value_text in st.quote


def test_statements_come_in_text_order(seed):
    _, statements = seed
    starts = [(st.start, st.end) for st in statements]
    assert starts == sorted(starts)


def test_seed_scores_against_its_gold(seed, score):
    _, statements = seed
    result = score(GOLD, statements, GOLD.parent.parent / "corpus" / "seed", windowed=False)
    assert result["value_recall"] >= 0.98, result
    assert result["strict_f1"] >= 0.95, result


def test_numerals_naming_a_programme_and_running_totals_are_flagged(seed):
    _, statements = seed
    # quoted (‘六个倍增计划’, “六大产业集群”) or led by a slogan head (八大…产业, 十项重点工作)
    named = ["六个", "四项", "六大", "十五万", "八大", "十项"]
    assert sorted(s.value_text for s in statements if s.in_name) == sorted(named)
    assert [s.value_text for s in statements if s.cumulative] == ["近6万列"]


def test_every_statement_names_the_rules_that_decided_it(seed):
    _, statements = seed
    for s in statements:
        assert s.rules and all("." in r for r in s.rules)
    freight = next(s for s in statements if s.value_text == "1.3亿吨")
    assert "indicator.port_freight_volume" in freight.rules and "kind.target_cue" in freight.rules
