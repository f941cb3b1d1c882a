"""Reading a PDF as a person and a printer would: its text and fonts through
poppler-utils (pdftotext, pdffonts — installed by scripts/install_report_tools.sh,
which ./dev.sh test runs), its pages as images through pypdfium2."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from PIL import Image


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: run scripts/install_report_tools.sh (Debian's poppler-utils)"
    return found


def pdf_text(path: Path) -> str:
    """The text as pdftotext reads it, without white space (a grid line ends anywhere)."""
    out = subprocess.run([_tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table: name, type, emb, sub, uni of every font."""
    out = subprocess.run([_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name, type (may be two words: CID Type 0C), encoding, emb, sub, uni, object, id
        rows.append(
            {"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3], "type": " ".join(parts[1:-6])}
        )
    return rows


def page_image(path: Path, page: int = 0, dpi: int = 60) -> Image.Image:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return doc[page].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def page_lines(path: Path, page: int = 0) -> list[tuple[float, float, list[tuple[float, float, str]]]]:
    """The text lines of a page, top first, as pdfium places them: (bottom
    in mm from the page's foot, font size in pt, [(left mm, right mm, character)])."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    mm = 72 / 25.4
    doc = pdfium.PdfDocument(str(path))
    try:
        text = doc[page].get_textpage()
        lines: dict[float, list[tuple[float, float, str]]] = {}
        sizes: dict[float, float] = {}
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            if not ch or ch.isspace():
                continue
            left, bottom, right, _ = text.get_charbox(i, loose=True)  # loose: the font's box, one a line
            key = round(bottom / mm, 1)
            lines.setdefault(key, []).append((left / mm, right / mm, ch))
            sizes[key] = raw.FPDFText_GetFontSize(text.raw, i)
        return [(k, sizes[k], sorted(lines[k])) for k in sorted(lines, reverse=True)]
    finally:
        doc.close()


def page_sizes_and_texts(path: Path) -> list[tuple[float, float, str]]:
    """Each page's width and height (mm) and its text without white space, as pdfium reads it."""
    import pypdfium2 as pdfium

    mm = 72 / 25.4
    doc = pdfium.PdfDocument(str(path))
    try:
        out = []
        for page in doc:
            w, h = page.get_size()
            out.append((w / mm, h / mm, re.sub(r"\s+", "", page.get_textpage().get_text_range())))
        return out
    finally:
        doc.close()
