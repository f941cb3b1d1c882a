"""The 通报 as DOCX, read back with python-docx as Word or WPS would open it:
the GB/T 9704 page and grid, East Asian fonts by w:eastAsia, the red
masthead, page numbers on the outer side, the sections and the annex."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from bulletin_samples import COMMERCE, IM, MID_YEAR, NEXT_YEAR, fill
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm

from luoshi.bulletin import bulletin_bytes, issue, make_bulletin
from luoshi.store.duckdb_store import DuckDBStore

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def docx(tmp_path_factory: pytest.TempPathFactory) -> Document:
    folder = tmp_path_factory.mktemp("bulletin")
    store = DuckDBStore(folder / "luoshi.duckdb")
    try:
        fill(store, folder)
        issue(store, make_bulletin(store, IM, "2025", as_of=MID_YEAR), "test")
        data = bulletin_bytes(make_bulletin(store, IM, "2025", as_of=NEXT_YEAR), "docx")
    finally:
        store.close()
    return Document(io.BytesIO(data))


def _east_asian(run_or_style_element) -> str | None:  # type: ignore[no-untyped-def]
    fonts = run_or_style_element.find(f"{W}rPr/{W}rFonts")
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def _paragraph(doc: Document, starts: str):  # type: ignore[no-untyped-def]
    return next(p for p in doc.paragraphs if p.text.startswith(starts))


def test_the_page_is_a4_with_the_gbt9704_type_area_and_a_28_by_28_grid(docx: Document) -> None:
    sec = docx.sections[0]
    # lengths are kept in twips: a millimetre is not a whole number of them
    assert [round(x.mm, 1) for x in (sec.page_width, sec.page_height, sec.top_margin, sec.left_margin)] == [
        210,
        297,
        37,
        28,
    ]
    assert abs(sec.page_width - sec.left_margin - sec.right_margin - Mm(156)) < Mm(0.1)
    assert abs(sec.page_height - sec.top_margin - sec.bottom_margin - Mm(225)) < Mm(0.1)
    grid = sec._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    line_pitch_mm = int(grid.get(qn("w:linePitch"))) / 20 * 25.4 / 72
    assert abs(line_pitch_mm * 28 - 225) < 0.5  # 28 lines
    char_pitch_pt = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert abs(char_pitch_pt * 28 * 25.4 / 72 - 156) < 0.5  # 28 characters


def test_body_and_headings_ask_for_the_official_east_asian_fonts(docx: Document) -> None:
    normal = docx.styles["Normal"]
    assert _east_asian(normal.element) == "仿宋_GB2312" and normal.font.size.pt == 16
    title = _paragraph(docx, "关于内蒙古自治区2025年重点任务推进情况的通报")
    assert _east_asian(title.runs[0]._r) == "方正小标宋简体" and title.runs[0].font.size.pt == 22
    assert _east_asian(_paragraph(docx, "一、总体情况").runs[0]._r) == "黑体"
    assert _east_asian(_paragraph(docx, "（一）中欧班列").runs[0]._r) == "楷体_GB2312"
    body = _paragraph(docx, "纳入本期通报的重点任务共6项")
    assert _east_asian(body.runs[0]._r) == "仿宋_GB2312"
    assert body.runs[0]._r.find(f"{W}rPr/{W}rFonts").get(qn("w:ascii")) == "Times New Roman"
    assert body.paragraph_format.first_line_indent.pt == pytest.approx(2 * 156 / 28 * 72 / 25.4, abs=0.1)


def test_the_masthead_is_red_over_a_red_rule(docx: Document) -> None:
    name = _paragraph(docx, "督查通报")
    assert str(name.runs[0].font.color.rgb) == "C81010"
    issuer = _paragraph(docx, "内蒙古自治区人民政府督查室\t2026年3月1日")
    bottom = issuer._p.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert bottom is not None and bottom.get(qn("w:color")) == "C81010"
    assert _paragraph(docx, "第2期").alignment is not None


def test_page_numbers_sit_on_the_outer_side_of_odd_and_even_pages(docx: Document) -> None:
    assert docx.settings.odd_and_even_pages_header_footer
    sec = docx.sections[0]
    for footer, side in ((sec.footer, "right"), (sec.even_page_footer, "left")):
        p = footer.paragraphs[0]
        assert p.text.replace("1", "N") == "— N —"
        assert " PAGE " in "".join(t.text for t in p._p.iter(f"{W}instrText"))
        assert p.alignment.name.lower() == side


def test_the_sections_lagging_task_and_annex_are_there(docx: Document) -> None:
    text = "\n".join(p.text for p in docx.paragraphs)
    for words in ("一、总体情况", "二、分单位情况", "三、进度滞后的任务", "四、下一步工作", "附件：任务分解表"):
        assert words in text
    assert "较上期新增完成2项（口岸货运量、招商引资国内到位资金），新增滞后1项（中欧班列）" in text
    assert "最新进展：2025年450列（来源：nmg_2025_trains.csv，2026年1月20日）" in text
    units, annex = docx.tables
    assert [c.text for c in units.rows[0].cells][:2] == ["牵头单位", "任务数"]
    assert {r.cells[0].text for r in units.rows} >= {COMMERCE, "自治区农牧厅", "合计"}
    assert len(annex.rows) == 1 + 6 and annex.rows[0].cells[0].text == "序号"
    assert annex.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None  # repeated on every page
    assert docx.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    assert len(docx.inline_shapes) == 2  # the two charts


def test_a_docx_without_any_chinese_font_installed_has_no_charts_but_everything_else(
    store: DuckDBStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from luoshi.bulletin import fonts

    fonts.find_fonts.cache_clear()
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path / "no fonts here"])
    try:
        b = make_bulletin(store, IM, "2025", as_of=NEXT_YEAR)
        doc = Document(io.BytesIO(bulletin_bytes(b, "docx")))
        assert len(doc.inline_shapes) == 0 and "三、进度滞后的任务" in "\n".join(p.text for p in doc.paragraphs)
        with pytest.raises(fonts.FontsMissing, match="fonts-noto-cjk"):
            bulletin_bytes(b, "pdf")
    finally:
        fonts.find_fonts.cache_clear()
