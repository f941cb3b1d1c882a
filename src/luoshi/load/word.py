"""Word .docx files: one file, one Document.

The text is the document body in order, one line per paragraph, and for a
table one line per row with its cells separated by ``\\t`` (a cell holding
several paragraphs keeps them on lines of their own, like python-docx's
``cell.text``). Merged cells count once. Runs inside tracked insertions,
content controls and hyperlinks are text; tracked deletions, headers,
footers, footnotes and text boxes are not.

Metadata: the title is the core properties' title, else the first paragraph
styled Title or Heading, else the first short line; published is a header
date line (时间：…) near the top, else the core properties' ``created``.

A .docx is a ZIP archive, and python-docx reads every part into memory; so
the archive is inspected with ``zipfile`` before python-docx opens it. It is
refused as a zip bomb when its members add up to more than
MAX_UNZIPPED_BYTES uncompressed, or when a member above 1 MB expands more
than MAX_ZIP_RATIO times. (zipfile never yields more than a member's
declared size, so checking the declared sizes suffices.)
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from luoshi.errors import FormatError
from luoshi.load.files import MAX_BYTES, describe, read_bytes
from luoshi.load.text import make_document
from luoshi.types import Document

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from lxml import etree

MAX_UNZIPPED_BYTES = MAX_BYTES
"""Largest total uncompressed size of a .docx archive (200 MB)."""

MAX_ZIP_RATIO = 100
"""Largest compression ratio of a member above ZIP_RATIO_FROM bytes."""

ZIP_RATIO_FROM = 2**20
"""Members up to 1 MB are not ratio-checked: small XML parts compress well."""

MAIN_PART = "word/document.xml"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _R = (f"{_W}{tag}" for tag in ("p", "tbl", "tr", "tc", "r"))
# Containers whose children are read as if they stood in their parent.
_TRANSPARENT = {f"{_W}{tag}" for tag in ("sdt", "sdtContent", "customXml", "smartTag")}
# A run below one of these in its paragraph is not part of the text.
_NOT_TEXT = {f"{_W}del", f"{_W}moveFrom", "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
_HEADING_STYLES = ("Title", "Heading", "标题")


def load_docx(path: Path) -> list[Document]:
    """The body text of a .docx as one Document (loader "docx")."""
    source = str(path)
    data = read_bytes(path)
    check_archive(data, source)
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
        raise FormatError(source, f"damaged Word .docx file ({describe(exc)})") from None
    text = "\n".join(lines)
    if not text.strip():
        raise FormatError(source, "no text in the Word document (only images?)")
    return [make_document(path, text, "docx", title=title, created=created)]


def check_archive(data: bytes, source: str) -> None:
    """Refuse bytes that are not a ZIP with word/document.xml, or that unpack too far."""
    if data.startswith(_OLE2):
        raise FormatError(
            source, "not a Word .docx file (an old binary .doc, or a password-protected .docx; save it as .docx)"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except MemoryError:
        raise
    except Exception:  # BadZipFile, and worse for mangled directories
        # A ZIP's directory is at its end: a cut-short one still starts like a ZIP.
        what = "a damaged or cut-short ZIP archive" if data.startswith(_ZIP) else "not a ZIP archive"
        raise FormatError(source, f"not a Word .docx file ({what})") from None
    total = sum(member.file_size for member in members)
    if total > MAX_UNZIPPED_BYTES:
        raise FormatError(
            source,
            f"zip bomb? {_mb(total)} uncompressed, above the {_mb(MAX_UNZIPPED_BYTES)} limit",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ZIP_RATIO_FROM and ratio > MAX_ZIP_RATIO:
            raise FormatError(
                source,
                f"zip bomb? {member.filename} expands {ratio:,.0f}:1 to {_mb(member.file_size)} uncompressed",
            )
    if MAIN_PART not in {member.filename for member in members}:
        raise FormatError(source, f"not a Word .docx file (no {MAIN_PART} in the ZIP archive)")


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


def _blocks(container: etree._Element) -> Iterator[str]:
    """One string per paragraph or table row under ``container``, in order."""
    for child in container:
        if child.tag == _P:
            yield paragraph_text(child)
        elif child.tag == _TBL:
            yield from _rows(child)
        elif child.tag in _TRANSPARENT:
            yield from _blocks(child)


def _rows(table: etree._Element) -> Iterator[str]:
    for row in table.iter(_TR):
        if _owner(row, _TBL) is table:  # not the rows of a table nested in a cell
            cells = (cell for cell in row.iter(_TC) if _owner(cell, _TR) is row)
            yield "\t".join("\n".join(_blocks(cell)) for cell in cells)


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
