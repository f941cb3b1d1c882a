"""Word .docx files: one file, one Document.

The text is the document body in order, one line per paragraph, and for a
table one line per row with its cells separated by ``\t`` (a cell holding
several paragraphs keeps them on lines of their own, like python-docx's
``cell.text``; in a task table with 牵头单位/责任单位 columns each row is one
line with those cells labelled, see luoshi.load.tables). Merged cells count
once. Runs inside tracked insertions, content controls and hyperlinks are
text; tracked deletions, headers, footers, footnotes and text boxes are not.

Metadata: the title is the core properties' title, else the first paragraph
styled Title or Heading, else the first short line; published is a header
date line (时间：…) near the top, else the core properties' ``created``.

The archive is checked for zip bombs before python-docx opens it
(luoshi.load.zipped).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from luoshi.errors import FormatError
from luoshi.load.files import describe, read_bytes
from luoshi.load.tables import Cell, row_lines
from luoshi.load.text import make_document
from luoshi.load.zipped import DOCX, check_archive
from luoshi.types import Document

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _R = (f"{_W}{tag}" for tag in ("p", "tbl", "tr", "tc", "r"))
_TRPR, _TCPR = f"{_W}trPr", f"{_W}tcPr"
# Containers whose children are read as if they stood in their parent.
_TRANSPARENT = {f"{_W}{tag}" for tag in ("sdt", "sdtContent", "customXml", "smartTag")}
# A run below one of these in its paragraph is not part of the text.
_NOT_TEXT = {f"{_W}del", f"{_W}moveFrom", "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
_HEADING_STYLES = ("Title", "Heading", "标题")


def load_docx(path: Path) -> list[Document]:
    """The body text of a .docx as one Document (loader "docx")."""
    source = str(path)
    data = read_bytes(path)
    check_archive(data, source, DOCX)
    import docx  # here, not at the top: it takes a quarter of a second to import

    try:
        word = docx.Document(io.BytesIO(data))
        body = word.element.body
        lines = list(_blocks(body))
        title = _core_title(word) or _first_heading(word, body)
        created = _core_created(word)
    except MemoryError:
        raise
    except Exception as exc:  # python-docx, lxml and zipfile raise many types on damaged parts
        raise FormatError(source, f"Word .docx 文件已损坏：{describe(exc)}；{DOCX.saved_again()}") from None
    text = "\n".join(lines)
    if not text.strip():
        raise FormatError(source, "Word 文件中没有文字（只有图片？）；luoshi 不识别图片中的文字，请提供含文字的版本")
    return [make_document(path, text, "docx", title=title, created=created)]


def _blocks(container: etree._Element) -> Iterator[str]:
    """One string per paragraph or table row under ``container``, in order."""
    for child in container:
        if child.tag == _P:
            yield paragraph_text(child)
        elif child.tag == _TBL:
            yield from row_lines(_cells(row) for row in child.iter(_TR) if _owner(row, _TBL) is child)
        elif child.tag in _TRANSPARENT:
            yield from _blocks(child)


def _cells(row: etree._Element) -> list[Cell]:
    """The row's cells with their grid columns (not those of a table nested in a cell)."""
    column = _int_val(row.find(f"{_TRPR}/{_W}gridBefore"), 0)
    out = []
    for cell in row.iter(_TC):
        if _owner(cell, _TR) is row:
            merge = cell.find(f"{_TCPR}/{_W}vMerge")
            from_above = merge is not None and merge.get(f"{_W}val") in (None, "continue")
            out.append(Cell(column, tuple(_blocks(cell)), from_above))
            column += _int_val(cell.find(f"{_TCPR}/{_W}gridSpan"), 1)
    return out


def _int_val(element: etree._Element | None, default: int) -> int:
    value = None if element is None else element.get(f"{_W}val")
    return int(value) if value is not None and value.isdigit() else default


def paragraph_text(paragraph: etree._Element) -> str:
    """The paragraph's runs in order: tabs as ``\\t``, line breaks as ``\\n`` (python-docx's ``CT_R.text``)."""
    return "".join(run.text or "" for run in paragraph.iter(_R) if _in_text(run, paragraph))


def _in_text(run: etree._Element, paragraph: etree._Element) -> bool:
    """True if ``run`` belongs to ``paragraph`` itself and is not deleted text."""
    node = run.getparent()
    while node is not None and node is not paragraph:
        if node.tag == _P or node.tag in _NOT_TEXT:  # a text box's paragraph, or deleted
            return False
        node = node.getparent()
    return node is paragraph


def _owner(element: etree._Element, tag: str) -> etree._Element | None:
    """The nearest ancestor of ``element`` with ``tag``."""
    return next(element.iterancestors(tag), None)


def _core_title(word: WordDocument) -> str | None:
    title = " ".join((word.core_properties.title or "").split())
    return title or None


def _first_heading(word: WordDocument, body: etree._Element) -> str | None:
    """The text of the first paragraph styled Title or Heading N (标题 N in some editors)."""
    heading_ids = {style.style_id for style in word.styles if (style.name or "").startswith(_HEADING_STYLES)}
    for element in body.iter(_P):
        if _style_id(element) in heading_ids:
            text = " ".join(paragraph_text(element).split())
            if text:
                return text
    return None


def _style_id(paragraph: etree._Element) -> str | None:
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    return None if style is None else style.get(f"{_W}val")


def _core_created(word: WordDocument) -> date | None:
    try:
        created = word.core_properties.created
    except ValueError:  # an unreadable W3CDTF date
        return None
    return created.date() if created is not None else None
