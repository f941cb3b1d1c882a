"""The 通报 as DOCX (python-docx), set as GB/T 9704 asks and as offices edit
it: A4, 版心 156 × 225 mm, a document grid of 28 lines of 28 characters,
body 仿宋_GB2312 三号, headings 黑体 and 楷体_GB2312, title 方正小标宋简体 二号,
page numbers 「— 1 —」 in 宋体 四号 on the outer side (odd right, even
left). East Asian text takes its font from ``w:eastAsia`` (the names in
bulletin.yaml: what office computers have), figures and Latin letters
from ``w:ascii``/``w:hAnsi``; the annex is a landscape section."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from luoshi.bulletin.compose import Annex, Block, Masthead, Para, Picture, Table, lay_out
from luoshi.bulletin.fonts import docx_names, latin_font
from luoshi.bulletin.words import words

RED = RGBColor(0xC8, 0x10, 0x10)
_MM_PT = 72 / 25.4
_LANDSCAPE_MARGIN_MM = 20


def _fonts(element: Any, east_asian: str, latin: str) -> None:
    """Set a run's or style's fonts: East Asian text in ``east_asian``."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), latin)


class _Writer:
    def __init__(self) -> None:
        page = words()["page"]
        self.names = docx_names()
        self.latin = latin_font()
        self.width_mm = float(page["width_mm"])
        self.pitch_pt = float(page["height_mm"]) / int(page["lines"]) * _MM_PT
        self.char_pt = self.width_mm / int(page["chars"]) * _MM_PT
        self.body_pt = float(page["body_pt"])
        self.title_pt = float(page["title_pt"])
        self.masthead_pt = float(page["masthead_pt"])
        self.number_pt = float(page["number_pt"])
        self.doc = Document()
        self.signed = False
        self._page(page)
        self._normal()
        self._page_numbers()

    # -- the page -------------------------------------------------------------------
    def _page(self, page: dict[str, Any]) -> None:
        sec = self.doc.sections[0]
        sec.orientation = WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        top, left = float(page["top_mm"]), float(page["left_mm"])
        sec.top_margin, sec.left_margin = Mm(top), Mm(left)
        sec.right_margin = Mm(210 - left - self.width_mm)
        sec.bottom_margin = Mm(297 - top - float(page["height_mm"]))
        sec.header_distance = Mm(15)
        sec.footer_distance = Mm(297 - top - float(page["height_mm"]) - 7 - self.number_pt / _MM_PT)
        grid = sec._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sec._sectPr.append(grid)
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(round(self.pitch_pt * 20)))
        # the character pitch: the body size plus charSpace/4096 pt
        grid.set(qn("w:charSpace"), str(round((self.char_pt - self.body_pt) * 4096)))

    def _normal(self) -> None:
        style = self.doc.styles["Normal"]
        style.font.size = Pt(self.body_pt)
        _fonts(style.element, self.names["body"], self.latin)
        fmt = style.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(self.pitch_pt)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.widow_control = False

    def _page_numbers(self) -> None:
        self.doc.settings.odd_and_even_pages_header_footer = True
        sec = self.doc.sections[0]
        for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            p = footer.paragraphs[0]
            p.alignment = align
            fmt = p.paragraph_format
            fmt.first_line_indent = Pt(0)
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
            if align is WD_ALIGN_PARAGRAPH.RIGHT:
                fmt.right_indent = Pt(self.number_pt)  # 单页码居右空一字
            else:
                fmt.left_indent = Pt(self.number_pt)  # 双页码居左空一字
            self._run(p, "— ", "number", self.number_pt)
            self._page_field(p)
            self._run(p, " —", "number", self.number_pt)

    def _page_field(self, p: Paragraph) -> None:
        parts: list[tuple[str, str | None]] = [("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"),
                                               ("end", None)]  # fmt: skip
        for kind, text in parts:
            run = self._run(p, "", "number", self.number_pt)
            if kind == "instr":
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = text
            elif kind == "text":
                el = OxmlElement("w:t")
                el.text = text
            else:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            run._r.append(el)

    # -- text -----------------------------------------------------------------------
    def _run(self, p: Paragraph, text: str, role: str, pt: float, colour: RGBColor | None = None) -> Any:
        run = p.add_run(text)
        run.font.size = Pt(pt)
        _fonts(run._r, self.names[role], self.latin)
        if colour is not None:
            run.font.color.rgb = colour
        return run

    def _para(
        self, text: str, role: str, pt: float, align: WD_ALIGN_PARAGRAPH, indent_chars: float = 0, lines: float = 1
    ) -> Paragraph:
        p = self.doc.add_paragraph()
        p.alignment = align
        fmt = p.paragraph_format
        fmt.first_line_indent = Pt(indent_chars * self.char_pt)
        fmt.line_spacing = Pt(self.pitch_pt * lines)
        if text:
            self._run(p, text, role, pt)
        return p

    def masthead(self, m: Masthead) -> None:
        p = self._para("", "title", self.masthead_pt, WD_ALIGN_PARAGRAPH.CENTER, lines=2.5)
        run = self._run(p, m.name, "title", self.masthead_pt, RED)
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(round(self.masthead_pt / 2 * 20)))  # twips between characters
        run._r.get_or_add_rPr().append(spacing)
        self._para(m.number, "body", self.body_pt, WD_ALIGN_PARAGRAPH.CENTER)
        p = self._para("", "body", self.body_pt, WD_ALIGN_PARAGRAPH.LEFT)
        fmt = p.paragraph_format
        fmt.left_indent = fmt.right_indent = Pt(self.char_pt)
        text_pt = self.width_mm * _MM_PT - 2 * self.char_pt
        fmt.tab_stops.add_tab_stop(Pt(text_pt), WD_TAB_ALIGNMENT.RIGHT)
        self._run(p, f"{m.issuer}\t{m.date}", "body", self.body_pt)
        self._border_below(p)
        self._para("", "body", self.body_pt, WD_ALIGN_PARAGRAPH.LEFT)

    def _border_below(self, p: Paragraph) -> None:
        ppr = p._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "4"), ("w:color", "C81010")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        ppr.append(borders)

    def para(self, p: Para) -> None:
        center, left, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.RIGHT
        if p.style == "title":
            self._para(p.text, "title", self.title_pt, center, lines=1.5)
            self._para("", "body", self.body_pt, left)
        elif p.style == "salutation":
            self._para(p.text, "body", self.body_pt, left)
        elif p.style in ("heading", "subheading"):
            self._para(p.text, p.style, self.body_pt, left, 2)
        elif p.style == "signature":
            if not self.signed:
                self._para("", "body", self.body_pt, left)
                self._para("", "body", self.body_pt, left)
                self.signed = True
            para = self._para(p.text, "body", self.body_pt, right)
            para.paragraph_format.right_indent = Pt(4 * self.char_pt)  # 右空四字
        elif p.style == "caption":
            self._para(p.text, "subheading", 12, center)
        else:
            if p.text.startswith("附件："):
                self._para("", "body", self.body_pt, left)
            self._para(p.text, "body", self.body_pt, left, 2)

    def picture(self, pic: Picture) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt = p.paragraph_format
        fmt.first_line_indent = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact line height would clip the image
        p.add_run().add_picture(io.BytesIO(pic.png), width=Mm(self.width_mm))
        self._para(pic.caption, "subheading", 12, WD_ALIGN_PARAGRAPH.CENTER)

    def table(self, t: Table) -> None:
        sec = self.doc.sections[-1]
        usable = (sec.page_width or 0) - (sec.left_margin or 0) - (sec.right_margin or 0)
        total = sum(t.widths)
        table = self.doc.add_table(rows=1 + len(t.rows), cols=len(t.columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        header = table.rows[0]
        trpr = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")  # the header row again on every page
        trpr.append(repeat)
        widths = [int(usable * w / total) for w in t.widths]
        cells = [(0, t.columns, "heading")] + [(i + 1, r, "body") for i, r in enumerate(t.rows)]
        for n, values, role in cells:
            row = table.rows[n].cells
            for i, value in enumerate(values):
                cell = row[i]
                cell.width = widths[i]
                p = cell.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if t.columns[i] in t.numeric and role == "body" else None
                fmt = p.paragraph_format
                fmt.first_line_indent = Pt(0)
                fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
                self._run(p, value, role, t.size_pt)
        self._para("", "body", self.body_pt, WD_ALIGN_PARAGRAPH.LEFT).paragraph_format.line_spacing = Pt(8)

    def annex(self, a: Annex) -> None:
        sec = self.doc.add_section(WD_SECTION.NEW_PAGE)
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
        margin = Mm(_LANDSCAPE_MARGIN_MM)
        sec.top_margin = sec.bottom_margin = sec.left_margin = sec.right_margin = margin
        sec.footer_distance = Mm(8)
        self._para(a.label, "heading", self.body_pt, WD_ALIGN_PARAGRAPH.LEFT)
        self._para(a.title, "title", self.title_pt, WD_ALIGN_PARAGRAPH.CENTER, lines=1.5)

    def write(self, blocks: Sequence[Block]) -> bytes:
        lay_out(blocks, self)
        self.doc.core_properties.title = next(
            (b.text for b in blocks if isinstance(b, Para) and b.style == "title"), ""
        )
        self.doc.core_properties.author = "luoshi"
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def docx_bytes(blocks: Sequence[Block]) -> bytes:
    return _Writer().write(blocks)
