"""Finding what to fetch: the article links of a listing page, the items of
an RSS or Atom feed, the URLs of a sitemap, the attachments of a page.

Pages are parsed, never run: lxml reads the markup (no scripts, no
network, no external entities), feedparser reads feeds.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree, html

from luoshi.fetch.safety import SCHEMES

ATTACHMENT_SUFFIXES = (".pdf", ".docx", ".xlsx")
NEXT_PAGE_WORDS = ("下一页", "下页", "后一页", "下一版", "next", "Next", "›", "»")  # 下一版: e-papers
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str = ""


def page_links(body: bytes, base_url: str) -> list[Link]:
    """Every http(s) link of an HTML page, absolute, without fragments, in
    page order, each once. The page's ``<base href>`` counts."""
    try:
        root = html.fromstring(body)
    except (etree.ParserError, ValueError):
        return []
    base = base_url
    for element in root.iter("base"):
        href = element.get("href")
        if href:
            base = urljoin(base_url, href.strip())
            break
    seen: dict[str, Link] = {}
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = urldefrag(urljoin(base, href)).url
        if urlsplit(url).scheme in SCHEMES and url not in seen:
            seen[url] = Link(url, " ".join(anchor.text_content().split()))
    return list(seen.values())


def matching(links: Iterable[Link], pattern: re.Pattern[str] | None, same_host_as: str | None) -> list[str]:
    """The URLs of ``links`` that ``pattern`` finds (anywhere in the URL),
    on the host of ``same_host_as`` when given."""
    host = urlsplit(same_host_as).hostname if same_host_as else None
    found = []
    for link in links:
        if host is not None and urlsplit(link.url).hostname != host:
            continue
        if pattern is None or pattern.search(link.url):
            found.append(link.url)
    return found


def next_page(links: Iterable[Link]) -> str | None:
    """The listing's next page: the link saying 下一页 (or next)."""
    for link in links:
        if link.text in NEXT_PAGE_WORDS:
            return link.url
    return None


def attachments(body: bytes, base_url: str) -> list[str]:
    """Links of a page to files luoshi reads (PDF, DOCX, XLSX)."""
    return [
        link.url
        for link in page_links(body, base_url)
        if posixpath.splitext(urlsplit(link.url).path)[1].lower() in ATTACHMENT_SUFFIXES
    ]


def feed_links(body: bytes, base_url: str) -> list[str]:
    """The item links of an RSS or Atom feed, in the feed's order."""
    import feedparser  # here: only feeds need it

    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    found: dict[str, None] = {}
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        url = urldefrag(urljoin(base_url, str(link).strip())).url
        if urlsplit(url).scheme in SCHEMES:
            found.setdefault(url, None)
    return list(found)


def sitemap_links(body: bytes) -> tuple[list[str], list[str]]:
    """A sitemap's page URLs and, for a sitemap index, its sitemaps' URLs."""
    try:
        root = etree.fromstring(body, _XML)
    except etree.XMLSyntaxError:
        return [], []
    if root is None:
        return [], []
    pages: list[str] = []
    nested: list[str] = []
    for loc in root.iter(f"{_SITEMAP_NS}loc", "loc"):
        url = (loc.text or "").strip()
        if urlsplit(url).scheme not in SCHEMES:
            continue
        parent = loc.getparent()
        tag = etree.QName(parent).localname if parent is not None else ""
        (nested if tag == "sitemap" else pages).append(url)
    return pages, nested
