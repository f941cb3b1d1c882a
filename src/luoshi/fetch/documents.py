"""A fetched page or file as luoshi documents: read by the same loaders as
a saved file (``luoshi.load``), so a page fetched and a page saved from a
browser give the same text, title and date.

The format is the one the server declares (Content-Type), else the URL's
suffix, else what the bytes start with (``%PDF-``). A charset the
Content-Type header declares comes first for a page without a byte-order
mark, as browsers do (header, then ``<meta charset>``, then the loader's
fixed order: UTF-8, GB18030); the loaders then read the page as if saved
in UTF-8. A page without any declaration is decoded like a saved file:
UTF-8 if it is, else GB18030, so a GBK page whose server says nothing
still reads right. A header's ISO-8859-1 (what Tomcat and old IIS say when
nobody set a charset) is not believed: it decodes any bytes, into mojibake.

A document fetched from a URL is named by the URL (host and path, and the
query when there is one), so that each version of a page is stored under
its name (``NAME (2)`` for the second: ``luoshi.store.names``), and its
``source`` is the URL.
"""

from __future__ import annotations

import codecs
import posixpath
import tempfile
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from luoshi.errors import FormatError, InputError
from luoshi.fetch.client import Page
from luoshi.load import load_path
from luoshi.types import Document

MAX_NAME_BYTES = 200
_BY_MEDIA = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/x-pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "text/plain": ".txt",
}
_BY_SUFFIX = {".html": ".html", ".htm": ".html", ".shtml": ".html", ".pdf": ".pdf", ".docx": ".docx",
              ".xlsx": ".xlsx", ".txt": ".txt"}  # fmt: skip
# Servers send files as these when they do not know better: the URL decides.
_UNSPECIFIC = frozenset({"application/octet-stream", "binary/octet-stream", "application/download",
                         "application/force-download", "application/x-download"})  # fmt: skip
# What servers (Tomcat, old IIS) declare when nobody configured a charset:
# it decodes any bytes, so it would turn every GBK page into mojibake. The
# page's own <meta charset> or the loader's order decides instead.
_SERVER_DEFAULTS = frozenset({"latin-1", "iso8859-1", "cp1252", "ascii"})
READABLE = "HTML 网页、PDF、DOCX、XLSX 和纯文本"


def document_name(url: str) -> str:
    """The label of a document fetched from ``url``: host, path and query,
    as a person reads them (percent-escapes decoded), at most MAX_NAME_BYTES."""
    parts = urlsplit(url)
    name = (parts.hostname or "") + unquote(parts.path or "/")
    if parts.query:
        name += "?" + unquote(parts.query)
    name = name.rstrip("/") if name.count("/") > 1 else name
    encoded = name.encode("utf-8")
    if len(encoded) <= MAX_NAME_BYTES:
        return name
    return encoded[: MAX_NAME_BYTES - 3].decode("utf-8", "ignore") + "…"


def suffix_of(page: Page) -> str:
    """The loader suffix for ``page``; InputError naming the URL when luoshi
    reads no such thing."""
    url_suffix = _BY_SUFFIX.get(posixpath.splitext(urlsplit(page.final_url).path)[1].lower())
    media = page.content_type
    if media in _BY_MEDIA:
        return _BY_MEDIA[media]
    if media is None or media in _UNSPECIFIC:
        if url_suffix is not None:
            return url_suffix
        if page.body.lstrip()[:5] == b"%PDF-":
            return ".pdf"
        if media is None and page.body.lstrip()[:64].lower().startswith((b"<!doctype html", b"<html")):
            return ".html"
    raise FormatError(page.url, f"不支持的内容类型 {media or '（未声明）'}：luoshi 读取{READABLE}")


def documents_of(page: Page) -> list[Document]:
    """The documents in ``page`` (one, for the formats fetched), named and
    sourced by its URL; InputError naming the URL when it cannot be read."""
    suffix = suffix_of(page)
    body = _declared_charset_first(page) if suffix in (".html", ".txt") else page.body
    with tempfile.TemporaryDirectory(prefix="luoshi-fetch-") as folder:
        path = Path(folder) / ("page" + suffix)
        path.write_bytes(body)
        try:
            docs = load_path(path)
        except InputError as exc:
            raise type(exc)(page.url, exc.reason) from None
    name = document_name(page.url)
    return [replace(d, name=name, source=page.url) for d in docs]


def _declared_charset_first(page: Page) -> bytes:
    """The body in UTF-8 with a byte-order mark when the header's charset
    decodes it (the loaders read a BOM first); else as it came."""
    if not page.charset or page.body.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return page.body
    try:
        codec = codecs.lookup(page.charset).name
    except LookupError:
        return page.body
    if codec in _SERVER_DEFAULTS:
        return page.body
    codec = "gb18030" if codec in ("gb2312", "gbk", "cp936") else codec
    try:
        text = page.body.decode(codec)
    except UnicodeDecodeError:
        return page.body  # the header is wrong: let the page's own declaration or the loader decide
    return codecs.BOM_UTF8 + text.encode("utf-8")
