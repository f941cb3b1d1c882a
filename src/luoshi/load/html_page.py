"""HTML pages saved from news and government sites: one page, one Document.

The page's bytes are decoded in luoshi's fixed order (``decode``: a
``<meta charset>`` or ``http-equiv`` Content-Type declaration counts as the
declared charset, so GB2312/GBK pages decode as GB18030, their superset).
trafilatura then takes the main text out of the page, dropping navigation,
footers and comments, with paragraphs separated by ``\\n`` and tables kept
as rows. That extracted text is the Document's text: statement offsets
refer to it, not to the HTML.

Metadata:

* title: trafilatura's (the page's ``<h1>``, ``og:title`` or ``<title>``);
* published: a 发布时间 / 发布日期 label on the page, else htmldate's date
  (original date preferred) from meta tags, markup and date elements.
  htmldate does not read 2026年2月12日, and its scan of date elements also
  sees related-article lists, so the page's own label is taken first.
  htmldate's extensive search is off: on Chinese text it turns any
  "2025年" into 2025-01-01, and it costs seconds per page.

Page furniture the extractor leaves in (a 发布时间…来源… line) is marked as
``Document.skip`` ranges like in every other format.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from luoshi.errors import FormatError
from luoshi.load.encoding import decode
from luoshi.load.files import describe, read_bytes
from luoshi.load.metadata import labelled_date, parse_date
from luoshi.load.text import make_document
from luoshi.types import Document

if TYPE_CHECKING:
    from trafilatura.settings import Document as Extracted

NO_MAIN_TEXT = "网页中找不到正文（只有导航、图片，或正文由脚本生成？）；请保存正文所在的网页，或把正文另存为 .txt"
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


def load_html(path: Path) -> list[Document]:
    """The main text of the page as one Document (loader "html")."""
    source = str(path)
    page, _encoding = decode(read_bytes(path), source)
    extracted = _extract(page, source)
    if extracted is None or not (extracted.text or "").strip():
        raise FormatError(source, NO_MAIN_TEXT)
    document = make_document(
        path,
        extracted.text or "",
        "html",
        title=(extracted.title or "").strip() or None,
        published=labelled_date(page) or parse_date(extracted.date),
    )
    return [document]


def _extract(page: str, source: str) -> Extracted | None:
    import trafilatura  # here, not at the top: it takes half a second to import
    from trafilatura.settings import Document as Extracted

    try:
        extracted = trafilatura.bare_extraction(
            page,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            with_metadata=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except MemoryError:
        raise
    except Exception as exc:  # trafilatura and lxml raise many types on broken markup
        raise FormatError(
            source, f"无法解析网页：{describe(exc)}；请在浏览器中重新保存网页，或把正文另存为 .txt"
        ) from None
    if isinstance(extracted, dict):  # only with as_dict=True, which is not used
        extracted = Extracted.from_dict(extracted)
    return extracted
