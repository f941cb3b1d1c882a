"""The 通报 as PDF for 内蒙古自治区 2025, from the samples and the sample
statistics: what it says (pdftotext), the fonts it embeds (pdffonts), the
GB/T 9704 grid (character positions), and what its first page looks like
(rendered: a red masthead and rule above black text)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from bulletin_samples import IM, MID_YEAR, NEXT_YEAR, fill
from pdf_tools import page_count, page_image, page_lines, page_sizes_and_texts, pdf_fonts, pdf_text

from luoshi.bulletin import issue, make_bulletin, write_bulletin
from luoshi.bulletin.fonts import find_fonts
from luoshi.store.duckdb_store import DuckDBStore

MM = 72 / 25.4


@pytest.fixture(scope="module")
def year_end_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 通报 of 2026-03-01, after one of 2025-07-31 (so it says what changed)."""
    folder = tmp_path_factory.mktemp("bulletin")
    store = DuckDBStore(folder / "luoshi.duckdb")
    try:
        fill(store, folder)
        issue(store, make_bulletin(store, IM, "2025", as_of=MID_YEAR), "test")
        path = folder / "通报.pdf"
        write_bulletin(make_bulletin(store, IM, "2025", as_of=NEXT_YEAR), "pdf", path)
    finally:
        store.close()
    return path


def test_the_pdf_says_each_section_with_counts_changes_and_sources(year_end_pdf: Path) -> None:
    text = pdf_text(year_end_pdf)
    for words in (
        "督查通报",
        "第2期",
        "内蒙古自治区人民政府督查室",
        "2026年3月1日",
        "关于内蒙古自治区2025年重点任务推进情况的通报",
        "各牵头单位：",
        "一、总体情况",
        "纳入本期通报的重点任务共6项。其中，已完成2项，占33.3%；未完成1项，占16.7%；暂无数据3项，占50.0%。",
        "较上期新增完成2项（口岸货运量、招商引资国内到位资金），新增滞后1项（中欧班列）",
        "二、分单位情况",
        "自治区商务厅",
        "自治区农牧厅",
        "三、进度滞后的任务",
        "（一）中欧班列（牵头单位：自治区商务厅，未完成）",
        # the target and the latest figure, each with its document and date
        "目标：全年到发中欧班列力争超过500列（来源：《开放合作交出亮眼答卷内蒙古今年区域合作任务分解到厅局》，2025年2月10日）",
        "最新进展：2025年450列（来源：nmg_2025_trains.csv，2026年1月20日），完成目标的90.0%，距目标差50列",
        "请自治区商务厅对照目标任务",
        "四、下一步工作",
        "附件：任务分解表",
        "图1各牵头单位任务进展情况",
        "图2主要指标完成率与序时进度",
        "—1—",
    ):
        assert words in text, words
    # the annex: every target with its figures and sources
    annex = text[text.index("目标、实绩和来源") :]
    assert "全年口岸货运量的目标定为1.3亿吨" in annex and "101.5%" in annex
    assert "nmg_2025_sample.csv（统计数据，2026-01-20）" in annex


def test_the_pdf_embeds_simplified_chinese_fonts(year_end_pdf: Path) -> None:
    fonts = pdf_fonts(year_end_pdf)
    assert len(fonts) >= 3  # 小标宋 (title), 仿宋 (body), 黑体 (headings)
    assert all(f["emb"] == "yes" and f["sub"] == "yes" and f["uni"] == "yes" for f in fonts), fonts
    found = find_fonts()
    names = {f["name"].split("+", 1)[1] for f in fonts}
    for role in ("title", "body", "heading"):
        assert found[role].name.replace(" ", "") in names, (role, names)


def _fullwidth(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or ch in "、。（）《》“”"


def test_the_body_is_set_28_characters_a_line_on_a_28_line_grid(year_end_pdf: Path) -> None:
    with pdfplumber.open(year_end_pdf) as pdf:
        page = pdf.pages[0]
        assert (round(page.width / MM), round(page.height / MM)) == (210, 297)
    body = [(bottom, chars) for bottom, size, chars in page_lines(year_end_pdf) if round(size) == 16]
    wide = [chars for _, chars in body if all(_fullwidth(c) for _, _, c in chars)]
    full = [chars for chars in wide if len(chars) == 28]
    assert full, "no full line of 28 characters"
    for chars in full:  # fills the 156 mm 版心 from 28 mm, one character every 156/28 mm
        assert abs(chars[0][0] - 28) < 0.5 and abs(chars[-1][1] - (28 + 156)) < 1.0, chars
    # never more than 28 on a line, but for punctuation hung at its end
    assert all(len(chars) <= 28 or chars[-1][2] in "，。、；：）" for chars in wide)
    # consecutive lines of a paragraph one grid step (225/28 mm) apart
    steps = [round(a - b, 2) for (a, _), (b, _) in zip(body, body[1:], strict=False)]
    assert sum(1 for s in steps if abs(s - 225 / 28) < 0.1) >= 5, steps


def test_the_first_page_shows_a_red_masthead_over_black_text(year_end_pdf: Path) -> None:
    image = page_image(year_end_pdf, 0, dpi=60)
    width, height = image.size
    pixels = image.load()
    assert pixels is not None

    def count(top: float, bottom: float, test) -> int:  # type: ignore[no-untyped-def]
        return sum(
            1 for y in range(int(top * height), int(bottom * height)) for x in range(width) if test(*pixels[x, y])
        )

    red = lambda r, g, b: r > 150 and g < 90 and b < 90  # noqa: E731
    dark = lambda r, g, b: r < 90 and g < 90 and b < 90  # noqa: E731
    # 督查通报 in red at the top of the 版心 (37 mm down), a red rule under the issuer
    assert count(0.12, 0.22, red) > 500
    rule_rows = [
        y
        for y in range(int(0.2 * height), int(0.35 * height))
        if sum(1 for x in range(width) if red(*pixels[x, y])) > 0.6 * (156 / 210) * width
    ]
    assert rule_rows, "no red rule across the 版心"
    # the title and text below the rule are black (the charts further down have colours)
    below = (max(rule_rows) + 3) / height
    assert count(below, below + 0.12, dark) > 1000
    assert count(below, below + 0.12, red) < 20


def test_a_pdf_runs_to_the_annex_on_landscape_pages(year_end_pdf: Path) -> None:
    pages = page_sizes_and_texts(year_end_pdf)
    assert len(pages) == page_count(year_end_pdf) >= 3
    portrait = [text for w, h, text in pages if h > w]
    landscape = [text for w, h, text in pages if w > h]
    assert "一、总体情况" in portrait[0] and "附件：任务分解表" in "".join(portrait)
    assert landscape and landscape[0].startswith("附件任务分解表"), landscape[:1]
    assert all(w > h for w, h, _ in pages[len(portrait) :])  # the annex is last, every page of it landscape
    assert "—1—" in portrait[0] and f"—{len(pages)}—" in landscape[-1]  # numbered through
