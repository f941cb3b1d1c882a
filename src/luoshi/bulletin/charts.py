"""The 通报's two charts as PNG images, drawn in-process with Pillow in the
same CJK font the PDF embeds: tasks by status for each 牵头单位 (stacked
bars), and the main indicators' 完成率 against their 序时进度.

Pillow rather than a plotting library: the charts are bars, labels and a
legend; Pillow is already there (pdfplumber, fpdf2), picks the Simplified
Chinese face of a font collection by index, and draws both charts in a few
milliseconds, where matplotlib would add numpy and a second of import."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from luoshi.bulletin.fonts import FontFile

if TYPE_CHECKING:  # Pillow (0.1 s) once a chart is drawn: the web server imports the 通报 for its pages
    from PIL import Image, ImageDraw, ImageFont

WIDTH = 1560  # pixels for the 156 mm 版心: 10 px a millimetre (254 dpi)
_INK = (33, 33, 33)
_GRID = (210, 210, 210)
_PACE = (198, 40, 40)  # 序时进度: the red of the masthead


@dataclass(frozen=True, slots=True)
class UnitBar:
    unit: str
    counts: tuple[tuple[str, int], ...]  # (category, tasks) in the 通报's order


@dataclass(frozen=True, slots=True)
class ProgressBar:
    name: str
    completion: float  # 完成率: 1.0 is the whole target
    elapsed: float  # 序时进度 of the figure used
    lagging: bool


def _font(f: FontFile, px: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(f.path), px, index=f.face)


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _cut(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def status_by_unit(bars: Sequence[UnitBar], colours: dict[str, str], font: FontFile) -> bytes:
    """Stacked horizontal bars: each 牵头单位's tasks by category, with a legend."""
    from PIL import Image, ImageDraw

    label_px, row, bar = 36, 52, 36
    text = _font(font, label_px)
    small = _font(font, 32)
    used = [c for c in colours if any(n for b in bars for cat, n in b.counts if cat == c)]
    legend_h = 70
    height = legend_h + row * max(len(bars), 1) + 60
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    label_w = min(420, max((int(draw.textlength(b.unit, font=text)) for b in bars), default=100) + 20)
    left, right = label_w + 10, WIDTH - 30
    most = max((sum(n for _, n in b.counts) for b in bars), default=1) or 1
    x = left
    for c in used:  # legend
        draw.rectangle((x, 18, x + 32, 50), fill=_rgb(colours[c]))
        draw.text((x + 42, 34), c, font=text, fill=_INK, anchor="lm")
        x += 42 + int(draw.textlength(c, font=text)) + 40
    scale = (right - left) / most
    for i in range(most + 1):  # a grid line a task (every few when there are many)
        step = max(1, most // 10)
        if i % step == 0:
            gx = left + i * scale
            draw.line((gx, legend_h, gx, height - 50), fill=_GRID, width=2)
            draw.text((gx, height - 30), str(i), font=small, fill=_INK, anchor="mm")
    for n, b in enumerate(bars):
        y = legend_h + n * row + (row - bar) // 2
        draw.text((label_w, y + bar // 2), _cut(draw, b.unit, text, label_w - 10), font=text, fill=_INK, anchor="rm")
        x0 = float(left)
        for cat, count in b.counts:
            if not count:
                continue
            x1 = x0 + count * scale
            draw.rectangle((x0, y, x1, y + bar), fill=_rgb(colours.get(cat, "#607d8b")))
            if x1 - x0 > 30:
                draw.text(((x0 + x1) / 2, y + bar / 2), str(count), font=small, fill="white", anchor="mm")
            x0 = x1
    return _png(image)


def progress_against_pace(bars: Sequence[ProgressBar], font: FontFile, on_colour: str, late_colour: str) -> bytes:
    """完成率 bars (0–120%), each with its 序时进度 as a red mark; lagging bars in ``late_colour``."""
    from PIL import Image, ImageDraw

    label_px, row, bar = 36, 54, 34
    text = _font(font, label_px)
    small = _font(font, 32)
    legend_h, axis_h = 70, 60
    height = legend_h + row * max(len(bars), 1) + axis_h
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    label_w = min(460, max((int(draw.textlength(b.name, font=text)) for b in bars), default=100) + 20)
    left, right = label_w + 10, WIDTH - 150
    top = 1.2
    scale = (right - left) / top
    x = left
    for word, colour in (("完成率", on_colour), ("滞后", late_colour)):
        draw.rectangle((x, 18, x + 32, 50), fill=_rgb(colour))
        draw.text((x + 42, 34), word, font=text, fill=_INK, anchor="lm")
        x += 42 + int(draw.textlength(word, font=text)) + 40
    draw.line((x, 20, x, 48), fill=_PACE, width=6)
    draw.text((x + 14, 34), "序时进度", font=text, fill=_INK, anchor="lm")
    for pct in range(0, 121, 20):
        gx = left + pct / 100 * scale
        draw.line((gx, legend_h, gx, height - axis_h + 10), fill=_GRID, width=2)
        draw.text((gx, height - axis_h + 35), f"{pct}%", font=small, fill=_INK, anchor="mm")
    for n, b in enumerate(bars):
        y = legend_h + n * row + (row - bar) // 2
        draw.text((label_w, y + bar // 2), _cut(draw, b.name, text, label_w - 10), font=text, fill=_INK, anchor="rm")
        shown = max(0.0, min(b.completion, top))
        draw.rectangle((left, y, left + shown * scale, y + bar), fill=_rgb(late_colour if b.lagging else on_colour))
        draw.text((left + shown * scale + 10, y + bar / 2), f"{b.completion:.1%}", font=small, fill=_INK, anchor="lm")
        px = left + min(b.elapsed, top) * scale
        draw.line((px, y - 8, px, y + bar + 8), fill=_PACE, width=6)
    return _png(image)
