"""PDF files with a text layer: one file, one Document.

pdfplumber extracts each page's text (``Page.extract_text``, lines joined by
``\\n``; a glyph printed twice for a fake bold counts once); the pages are
joined by ``\\n`` with no page-break marker, so the text reads on across
pages, and page numbers (— 3 —) become ``Document.skip`` furniture.

luoshi does not OCR: a PDF of scanned images, whose pages have no text, is
refused, as is one whose text layer holds only unmapped glyph codes
(``(cid:123)``).

Metadata: the title is the PDF's Title entry when it reads as one (Chinese
text, not a file name such as "Microsoft Word - 报告.docx"), else the first
short line; published is a header date line (时间：…) near the top, else the
PDF's creation date.

pdfplumber and pdfminer raise many exception types on damaged files; none
escapes: each becomes a FormatError (DecodeError for a password-protected
PDF) naming the file, in one line.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from luoshi.errors import DecodeError, FormatError
from luoshi.load.files import describe, read_bytes
from luoshi.load.text import make_document
from luoshi.types import Document

if TYPE_CHECKING:
    import pdfplumber.page

# pdfminer warns through logging about every odd object; without a handler
# Python would print those warnings on stderr. Applications that configure
# logging still get them.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

NO_TEXT_LAYER = "PDF 中没有文字层（扫描件？）；luoshi 不识别图片中的文字（不做 OCR），请提供能复制出文字的 PDF 或原文"
UNMAPPED_GLYPHS = (
    "PDF 的文字层只有对应不到汉字的字形编码（(cid:…)）；luoshi 不做 OCR，"
    "请提供原文，或从原文件重新导出 PDF（嵌入字体的 ToUnicode 映射）"
)
_HEADER = b"%PDF-"
_HEADER_WITHIN = 1024  # readers accept junk before the header, up to 1 KB
_CID = re.compile(r"\(cid:\d+\)")
_CREATION_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})(\d{2})")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FILE_TITLE = re.compile(r"^Microsoft Word\s*-|\.(?:docx?|wps|pdf|txt|xlsx?)\s*$", re.IGNORECASE)


def load_pdf(path: Path) -> list[Document]:
    """The text of every page as one Document (loader "pdf")."""
    source = str(path)
    data = read_bytes(path)
    if _HEADER not in data[: _HEADER_WITHIN + len(_HEADER)]:
        raise FormatError(source, "不是 PDF 文件（开头没有 %PDF- 标记，可能是改了扩展名的其他文件）；请提供原始的 PDF")
    pages, info = _read_pdf(data, source)
    text = "\n".join(pages)
    if not text.strip():
        raise FormatError(source, NO_TEXT_LAYER)
    if unmapped_glyphs(text):
        raise FormatError(source, UNMAPPED_GLYPHS)
    title, created = _title(info.get("Title")), _creation_date(info.get("CreationDate"))
    return [make_document(path, text, "pdf", title=title, created=created)]


def unmapped_glyphs(text: str) -> bool:
    """True when ``(cid:N)`` codes outnumber the real characters of ``text``.

    pdfminer writes ``(cid:N)`` for a glyph its font maps to no character; a
    Chinese PDF without ToUnicode maps gives nothing else but digits.
    """
    codes = len(_CID.findall(text))
    return codes > 0 and codes >= len("".join(_CID.sub("", text).split()))


def _read_pdf(data: bytes, source: str) -> tuple[list[str], dict[str, object]]:
    """Each page's text and the document info dictionary."""
    import pdfplumber  # here, not at the top: it takes a third of a second to import

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            info = dict(pdf.metadata)
            pages = []
            for page in pdf.pages:
                pages.append(_page_text(page))
                page.close()  # frees the page's parsed objects: memory stays flat
            return pages, info
    except MemoryError:
        raise
    except Exception as exc:  # pdfplumber, pdfminer and their helpers raise many types
        raise _error(exc, source) from None


def _page_text(page: pdfplumber.page.Page) -> str:
    """The page's text; a glyph printed twice on itself (fake bold) counts once.

    Word processors make bold Chinese text by printing each glyph again a
    fraction of a point aside, which would read 重重要要. Deduplicating costs
    twice the extraction, so it is done only on pages that have such pairs.
    """
    chars = page.chars
    if len({(char["text"], round(char["x0"]), round(char["top"])) for char in chars}) < len(chars):
        page = page.dedupe_chars()
    return page.extract_text() or ""


def _error(exc: Exception, source: str) -> FormatError | DecodeError:
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.psparser import PSEOF
    from pdfplumber.utils.exceptions import PdfminerException

    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect):
        return DecodeError(source, "PDF 已加密，需要密码才能打开；请另存一份不带密码的副本")
    if isinstance(cause, PSEOF):
        return FormatError(source, "PDF 已损坏：文件提前结束（可能下载不完整）；请重新下载")
    found = cause if isinstance(cause, BaseException) else exc
    return FormatError(source, f"PDF 已损坏：{describe(found)}；请重新下载，或用 PDF 阅读器打开后另存一份")


def _title(value: object) -> str | None:
    """The Title entry if it reads as a Chinese title, not a file or template name."""
    if not isinstance(value, str):
        return None
    title = " ".join(value.split())
    if not _CJK.search(title) or _FILE_TITLE.search(title) or len(title) > 100:
        return None
    return title


def _creation_date(value: object) -> date | None:
    """``D:20260212093000+08'00'`` as a date; None if absent or unreadable."""
    match = _CREATION_DATE.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
