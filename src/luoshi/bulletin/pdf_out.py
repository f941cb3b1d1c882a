"""The 通报 as PDF, set with fpdf2 on the GB/T 9704 page: A4, 版心 156 × 225 mm,
body in the 仿宋 role's font at 三号 on a grid of 28 lines of 28 characters,
page numbers 「— 1 —」 in 四号 (odd pages right, even pages left, one
character in), the annex on landscape pages. The fonts found by
``luoshi.bulletin.fonts`` are embedded, subset.

Why fpdf2: it embeds the CFF-outline CJK fonts Debian ships (Noto CJK) —
reportlab takes TrueType outlines only — it is pure Python with no browser
or office suite to install on a server, and it lets the grid be set exactly
(each line placed on its grid line, 禁则 kept), which printing HTML through
Chromium or converting the DOCX with LibreOffice would leave to them."""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence

from fpdf import FPDF
from fpdf.enums import Align, VAlign, WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from luoshi.bulletin.compose import Annex, Block, Masthead, Para, Picture, Table, lay_out
from luoshi.bulletin.fonts import FontSet
from luoshi.bulletin.words import words

RED = (200, 16, 16)
_NO_START = set("，。、；：？！）》」』”’％%,.;:?!)]}…—·")  # never begins a line (hangs at the end instead)
_NO_END = set("（《「『“‘([{")  # never ends a line
_WORD = set("0123456789.%-+/:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_LANDSCAPE_MARGIN = 20.0


def break_lines(text: str, width: float, measure: Callable[[str], float], indent: float = 0.0) -> list[str]:
    """``text`` in lines no wider than ``width`` (the first ``indent`` less):
    a figure or Latin word kept whole where it fits, closing punctuation
    hung at the end of a line rather than starting the next, opening
    punctuation carried to the next line."""
    tokens: list[str] = []
    for ch in text:
        if tokens and ch in _WORD and tokens[-1][-1] in _WORD:
            tokens[-1] += ch
        else:
            tokens.append(ch)
    lines: list[str] = []
    line, used = "", 0.0
    room = width - indent
    for tok in tokens:
        w = measure(tok)
        if line and used + w > room + 1e-6:
            if tok[0] in _NO_START:  # hang it
                line += tok
                lines.append(line)
                line, used, room = "", 0.0, width
                continue
            if line[-1] in _NO_END:
                carried = line[-1]
                lines.append(line[:-1])
                line, used = carried, measure(carried)
            else:
                lines.append(line)
                line, used = "", 0.0
            room = width
            if w > room:  # a word longer than a line: split it
                for ch in tok:
                    cw = measure(ch)
                    if line and used + cw > room + 1e-6:
                        lines.append(line)
                        line, used = "", 0.0
                    line += ch
                    used += cw
                continue
        line += tok
        used += w
    if line or not lines:
        lines.append(line)
    return lines


class _Pdf(FPDF):
    """A page with GB/T 9704 page numbers."""

    number_font = "number"
    number_pt = 14.0
    char_mm = 156 / 28

    def footer(self) -> None:
        landscape = self.w > self.h
        bottom = _LANDSCAPE_MARGIN if landscape else 297 - 37 - 225
        left = _LANDSCAPE_MARGIN if landscape else 28.0
        width = self.w - 2 * _LANDSCAPE_MARGIN if landscape else 156.0
        self.set_char_spacing(0)
        self.set_font(self.number_font, size=self.number_pt)
        self.set_text_color(0, 0, 0)
        text = f"— {self.page_no()} —"
        y = self.h - bottom + 7  # 版心下边缘之下 7 mm
        self.set_xy(left + self.char_mm, y)
        odd = self.page_no() % 2 == 1
        self.cell(width - 2 * self.char_mm, 6, text, align=Align.R if odd else Align.L)


class _Writer:
    def __init__(self, fonts: FontSet) -> None:
        page = words()["page"]
        self.top = float(page["top_mm"])
        self.left = float(page["left_mm"])
        self.width = float(page["width_mm"])
        self.height = float(page["height_mm"])
        self.lines = int(page["lines"])
        self.pitch = self.height / self.lines
        self.char = self.width / int(page["chars"])
        self.body_pt = float(page["body_pt"])
        self.title_pt = float(page["title_pt"])
        self.masthead_pt = float(page["masthead_pt"])
        pdf = _Pdf(orientation="P", unit="mm", format="A4")
        pdf.number_pt = float(page["number_pt"])
        pdf.char_mm = self.char
        # one embedded font for roles that share a file (title and subheading, body and page numbers)
        self.family: dict[str, str] = {}
        for role, f in fonts.fonts.items():
            if role == "chart":
                continue
            family = f"{f.path.stem}-{f.face}".lower()
            if family not in self.family.values():
                pdf.add_font(family, fname=str(f.path), collection_font_number=f.face)
            self.family[role] = family
        pdf.number_font = self.family["number"]
        pdf.set_margins(self.left, self.top, 210 - self.left - self.width)
        pdf.c_margin = 0  # a line's first character on the 版心's edge
        # tables and the annex flow over pages by themselves; body lines are placed on the grid
        pdf.set_auto_page_break(True, 297 - self.top - self.height - 0.5)
        pdf.set_title("通报")
        pdf.set_creator("luoshi")
        self.pdf = pdf
        self.line = 0  # the next free grid line on the page
        self.landscape = False

    # -- the grid -------------------------------------------------------------------
    def _spacing(self, pt: float) -> float:
        """Character spacing (pt) that makes a CJK character of ``pt`` take one grid step."""
        return self.char * 72 / 25.4 - pt if pt == self.body_pt else 0.0

    def _y(self, line: int) -> float:
        return self.top + line * self.pitch

    def _need(self, lines: int) -> None:
        if self.pdf.page == 0 or self.line + lines > self.lines:
            self.pdf.add_page(orientation="P")
            self.landscape = False
            self.line = 0

    def _after_flow(self) -> None:
        """Back on the grid after a table or picture: the first line below it."""
        self.line = math.ceil((self.pdf.get_y() - self.top) / self.pitch - 1e-6)
        if self.line >= self.lines:
            self.line = self.lines

    def _font(self, role: str, pt: float) -> None:
        self.pdf.set_font(self.family[role], size=pt)

    def _set(self, role: str, pt: float, colour: tuple[int, int, int] = (0, 0, 0)) -> None:
        self._font(role, pt)
        self.pdf.set_char_spacing(self._spacing(pt))
        self.pdf.set_text_color(*colour)

    def _lines(self, text: str, role: str, pt: float, indent_chars: float, align: Align = Align.L) -> None:
        self._set(role, pt)
        indent = indent_chars * self.char
        for n, line in enumerate(break_lines(text, self.width, self.pdf.get_string_width, indent)):
            self._need(1)
            x = self.left + (indent if n == 0 else 0.0)
            self.pdf.set_xy(x, self._y(self.line))
            self.pdf.cell(self.width - (x - self.left), self.pitch, line, align=align)
            self.line += 1

    # -- blocks ---------------------------------------------------------------------
    def masthead(self, m: Masthead) -> None:
        self._need(6)
        pdf = self.pdf
        self._font("title", self.masthead_pt)
        pdf.set_char_spacing(self.masthead_pt / 2)
        pdf.set_text_color(*RED)
        pdf.set_xy(self.left, self._y(0))
        pdf.cell(self.width, 2 * self.pitch, m.name, align=Align.C)
        self._set("body", self.body_pt)
        pdf.set_xy(self.left, self._y(2))
        pdf.cell(self.width, self.pitch, m.number, align=Align.C)
        pdf.set_xy(self.left + self.char, self._y(3))
        pdf.cell(self.width - 2 * self.char, self.pitch, m.issuer, align=Align.L)
        pdf.set_xy(self.left + self.char, self._y(3))
        pdf.cell(self.width - 2 * self.char, self.pitch, m.date, align=Align.R)
        pdf.set_draw_color(*RED)
        pdf.set_line_width(0.6)
        rule = self._y(4) + 1
        pdf.line(self.left, rule, self.left + self.width, rule)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.2)
        self.line = 5

    def para(self, p: Para) -> None:
        if p.style == "title":
            self._lines(p.text, "title", self.title_pt, 0, Align.C)
            self.line += 1  # a blank line below the title
        elif p.style == "salutation":
            self._lines(p.text, "body", self.body_pt, 0)
        elif p.style in ("heading", "subheading"):
            self._lines(p.text, p.style, self.body_pt, 2)
        elif p.style == "signature":
            self._signature(p.text)
        elif p.style == "caption":
            self._caption(p.text)
        else:
            if p.text.startswith("附件："):
                self.line += 1  # 附件说明: a blank line above it
            self._lines(p.text, "body", self.body_pt, 2)

    def _signature(self, text: str) -> None:
        # issuer and date right, the date four characters in (成文日期右空四字)
        if not getattr(self, "_signed", False):
            self.line += 2
            self._signed = True
        self._need(1)
        self._set("body", self.body_pt)
        self.pdf.set_xy(self.left, self._y(self.line))
        self.pdf.cell(self.width - 4 * self.char, self.pitch, text, align=Align.R)
        self.line += 1

    def _caption(self, text: str) -> None:
        self._set("subheading", 12)
        if self.landscape:
            self.pdf.set_x(self.pdf.l_margin)
            self.pdf.multi_cell(0, 6, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            return
        self._lines(text, "subheading", 12, 0, Align.C)

    def picture(self, p: Picture) -> None:
        from PIL import Image

        with Image.open(io.BytesIO(p.png)) as im:
            w_px, h_px = im.size
        w, h = self.width, self.width * h_px / w_px
        room = (self.lines - self.line - 1) * self.pitch  # a line kept for the caption
        if h > room >= 0.6 * h:  # shrunk a little rather than leave most of a page empty
            w, h = w * room / h, room
        lines = math.ceil(h / self.pitch) + 1
        self._need(min(lines, self.lines))
        x = self.left + (self.width - w) / 2
        self.pdf.image(io.BytesIO(p.png), x=x, y=self._y(self.line), w=w, h=h)
        self.line += math.ceil(h / self.pitch)
        self._lines(p.caption, "subheading", 12, 0, Align.C)

    def table(self, t: Table) -> None:
        pdf = self.pdf
        if not self.landscape:
            self._need(3)
            pdf.set_y(self._y(self.line) + 1)
        self._font("body", t.size_pt)
        pdf.set_char_spacing(0)
        pdf.set_text_color(0, 0, 0)
        width = pdf.w - pdf.l_margin - pdf.r_margin
        head = FontFace(family=self.family["heading"], emphasis="", size_pt=t.size_pt, fill_color=(235, 235, 235))
        with pdf.table(
            col_widths=t.widths,
            width=width,
            align=Align.C,
            v_align=VAlign.T,  # a row's cells read from the top, as in an office's table
            text_align=tuple(Align.R if c in t.numeric else Align.L for c in t.columns),
            line_height=t.size_pt * 0.3528 * 1.45,
            headings_style=head,
            wrapmode=WrapMode.CHAR,
            padding=1,
            repeat_headings=1,
        ) as table:
            table.row(list(t.columns))
            for r in t.rows:
                table.row(list(r))
        if not self.landscape:
            pdf.set_y(pdf.get_y() + 1)
            self._after_flow()

    def annex(self, a: Annex) -> None:
        pdf = self.pdf
        pdf.set_margins(_LANDSCAPE_MARGIN, _LANDSCAPE_MARGIN, _LANDSCAPE_MARGIN)
        pdf.set_auto_page_break(True, _LANDSCAPE_MARGIN + 12)
        pdf.add_page(orientation="L")
        self.landscape = True
        self._set("heading", self.body_pt)
        pdf.set_xy(pdf.l_margin, pdf.t_margin)
        pdf.cell(0, 9, a.label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self._set("title", self.title_pt)
        pdf.cell(0, 12, a.title, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)

    def write(self, blocks: Sequence[Block]) -> bytes:
        lay_out(blocks, self)
        return bytes(self.pdf.output())


def pdf_bytes(blocks: Sequence[Block], fonts: FontSet) -> bytes:
    return _Writer(fonts).write(blocks)
