"""Page furniture: rules from page_chrome.yaml become skip ranges; text is never rewritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.load import load_path
from luoshi.load.chrome import chrome_ranges, chrome_rules, find_chrome
from luoshi.rules import load_yaml

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SEED = SHARED / "seed" / "000_39f8f6a33f179f43.txt"
INNER_MONGOLIA = SHARED / "gwr2026" / "2026_内蒙古自治区_政府工作报告.csv"
DATA = load_yaml("page_chrome.yaml")
EXAMPLES = [(e["id"], ex) for key in ("lines", "blocks") for e in DATA[key] for ex in e["examples"]]


def skipped(text: str) -> list[str]:
    return [text[start:end] for start, end in chrome_ranges(text)]


def test_rules_load_with_unique_ids():
    rules = chrome_rules()
    ids = [r.id for r in rules.lines] + [b.id for b in rules.blocks]
    assert len(ids) == len(set(ids)) == len(DATA["lines"]) + len(DATA["blocks"])


@pytest.mark.parametrize(("rule_id", "example"), EXAMPLES, ids=[f"{i}:{e}" for i, e in EXAMPLES])
def test_every_example_is_matched_by_its_own_rule(rule_id, example):
    text = f"正文第一段，全年增长5%。\n{example}\n正文第二段，新增就业6万人。\n"
    start = text.index(example)
    # A line rule covers its line; a block rule starts there and runs on.
    assert any(s == start and e >= start + len(example) + 1 and r == rule_id for s, e, r in find_chrome(text))


@pytest.mark.parametrize(
    "line",
    [
        "全年实现口岸货运量1.3亿吨。",
        "下载量增长20%",
        "时间：2月3日上午9时在呼和浩特召开",
        "内蒙古自治区人民政府",
        "2025年2月1日",
        "来源：国家统计局数据显示，全年粮食产量增长",
        "## 深化区域合作 拓展发展新空间",
        "一、2025年工作回顾",
        "各位代表：",
        "（据《内蒙古日报》）",
        "本期导读的内容有三条。",
    ],
)
def test_prose_lines_are_not_skipped(line):
    assert chrome_ranges(f"{line}\n正文。\n") == ()


def test_adjacent_furniture_lines_merge_across_blank_lines():
    text = "下载\n打印\n\n【字号：\n】\n2026年政府工作报告\n各位代表：\n"
    assert skipped(text) == ["下载\n打印\n\n【字号：\n】\n"]


def test_crlf_lines_are_skipped_with_their_line_breaks():
    text = "下载\r\n打印\r\n】\r\n正文，全年增长5%。\r\n"
    assert skipped(text) == ["下载\r\n打印\r\n】\r\n"]


def test_page_pointer_line_alone_is_skipped():
    text = "### 一份“定制保险” 温暖整座城\n\n⇒ 4版\n\n正文。"
    assert skipped(text) == ["⇒ 4版\n"]


def test_guide_block_stops_at_the_next_top_level_heading():
    text = "## 本期导读\n\n### 一则\n\n⇒ 4版\n\n## 新的文章\n\n口岸货运量1.3亿吨。\n"
    assert skipped(text) == ["## 本期导读\n\n### 一则\n\n⇒ 4版\n\n"]


def test_loading_never_rewrites_the_text(tmp_path):
    text = "下载\n打印\n】\n来源：内蒙古日报\n正文：全年增长5%。\n⇒ 4版\n"
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    [document] = load_path(path)
    assert document.text == text
    assert [text[a:b] for a, b in document.skip] == ["下载\n打印\n】\n来源：内蒙古日报\n", "⇒ 4版\n"]


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed not found at {SEED}")
def test_seed_guide_block_is_skipped_to_the_end():
    [document] = load_path(SEED)
    text = document.text
    guide = text.index("## 本期导读")
    assert document.skip == ((guide, len(text)),)
    assert text[guide:].count("⇒") == 2
    assert "。" not in text[guide:]


@pytest.mark.skipif(not INNER_MONGOLIA.is_file(), reason=f"report not found at {INNER_MONGOLIA}")
def test_inner_mongolia_report_toolbar_source_and_related_links():
    [document] = load_path(INNER_MONGOLIA)
    parts = [document.text[a:b] for a, b in document.skip]
    assert parts == [
        "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n",
        "来源：内蒙古日报\n时间：2026-02-12\n",
        "相关报道：",
    ]
