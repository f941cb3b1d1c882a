"""xss: text people or documents bring — a document's text and title, an
owner's name, a progress note, a search phrase, a parameter echoed in an
error — holding <script>, event attributes and javascript: URLs, shown on
every page that shows text, to every role: escaped wherever it appears. Each
page is parsed: no script but the server's own files and JSON data, no event
attribute, no javascript: link, and the text itself visible, escaped."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import quote

import httpx
import pytest
from adversarial_kit import WAIT, Cast, Findings, answered, assemble, plausible_values
from fastapi.testclient import TestClient
from web_samples import IM

SCRIPT = "<script>alert('xss-1')</script>"
IMAGE = "\"><img src=x onerror=alert('xss-2')>"
SVG = "'><svg onload=alert('xss-3')>"
LINK = "javascript:alert('xss-4')"
CLOSING = "</title></textarea></script><script>alert('xss-5')</script>"
TEXT = (
    f"{SCRIPT}关于印发任务的通知\n"
    f"内蒙古自治区{IMAGE}2025年地区生产总值目标增长6%左右。\n"
    f"{LINK} 2025年内蒙古自治区口岸货运量目标为1.5亿吨{SVG}。\n"
    f"全年到发中欧班列目标为600列{CLOSING}。\n"
)
PAYLOADS = (SCRIPT, IMAGE, SVG, LINK, CLOSING)
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


class _Page(HTMLParser):
    """What a page's markup does, as a browser would parse it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._in_script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>: an event attribute")
            if name in _URL_ATTRIBUTES and value and value.strip().lower().startswith(("javascript:", "vbscript:")):
                self.problems.append(f"<{tag} {name}={value[:40]}>: a script URL")
        if tag in ("iframe", "object", "embed", "svg", "img") and any(n.startswith("on") for n, _ in attrs):
            self.problems.append(f"<{tag}> with a handler")
        if tag == "script":
            kind = named.get("type")
            src = named.get("src") or ""
            if kind != "application/json" and not src.startswith("/static/"):
                self.problems.append(f"<script {attrs}>: neither the server's file nor JSON data")
            self._in_script = kind

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is None:
            self.text.append(data)
        elif "alert(" in data and self._in_script != "application/json":
            self.problems.append(f"script content: {data[:60]}")


def inert(response: httpx.Response) -> list[str]:
    """What in an HTML page could run: [] if nothing."""
    page = _Page()
    page.feed(response.text)
    page.close()
    return page.problems


def shown_text(response: httpx.Response) -> str:
    page = _Page()
    page.feed(response.text)
    return "".join(page.text)


@pytest.fixture
def cast(client: TestClient, token: Callable[[str], dict[str, str]], pytestconfig: pytest.Config) -> Cast:
    return assemble(client, token, pytestconfig, "xss")


@pytest.fixture
def planted(cast: Cast) -> dict[str, str]:
    """The payloads stored everywhere people can put text: an uploaded
    document (text, title, file name), an owner's name, a progress note."""
    plausible = plausible_values(cast)
    admin, owner = cast["admin"], cast["owner"]
    up = admin.api(
        "POST", "/api/v1/documents", params={"wait": WAIT}, files={"file": (f"{SCRIPT}{IMAGE}.txt", TEXT.encode())}
    )
    assert up.status_code in (201, 202), up.text
    doc_id = up.json()["documents"][0]["id"]
    assigned = admin.api("PUT", "/api/v1/targets/owner", json={"target": plausible.other_target, "owner": IMAGE + SVG})
    assert assigned.status_code == 200, assigned.text
    note = f"{CLOSING}{LINK}"
    data = {"target": plausible.target, "value": "1.4", "period": "2025", "unit": "亿吨", "note": note}
    reported = owner.api("POST", "/api/v1/progress", data=data)
    assert reported.status_code == 201, reported.text
    return {"doc": doc_id, "target": plausible.target, "renamed": plausible.other_target}


def _pages(planted: dict[str, str]) -> list[str]:
    doc, key = planted["doc"], quote(planted["target"], safe="")
    evil = quote(SCRIPT + IMAGE, safe="")
    return [
        "/",
        f"/?region={quote(IM)}&period=2025",
        f"/?region={quote(IM)}&period=2025&owner={quote(IMAGE + SVG, safe='')}",
        f"/?region={evil}&period={evil}&indicator={evil}&status={evil}",
        "/documents",
        f"/documents?q={quote('口岸货运量', safe='')}",
        f"/documents?q={evil}",
        f"/documents?q={quote('alert', safe='')}",
        f"/documents/{doc}",
        f"/documents/{doc}?at=0-40",
        f"/documents/{evil}",
        f"/documents/{doc}?at={evil}",
        f"/targets?key={key}",
        f"/targets?key={quote(planted['renamed'], safe='')}",
        f"/targets?key={evil}",
        f"/compare?indicator={evil}&kind=target&period=2025",
        f"/compare?indicator=gdp_growth&kind=target&period={evil}",
        f"/indicators?indicator={evil}&region={evil}&period={evil}",
        f"/indicators?indicator=port_freight_volume&region={quote(IM)}",
        f"/regions?indicator={evil}&period={evil}&kind={evil}",
        "/regions?indicator=port_freight_volume",
        "/audit",
        "/upload",
        f"/login?next={quote(LINK, safe='')}",
        f"/login?next={evil}",
        f"/{evil}",
    ]


def test_planted_text_is_inert_on_every_page_for_every_role(cast: Cast, planted: dict[str, str]) -> None:
    findings = Findings()
    for actor in cast:
        for url in _pages(planted):
            response = answered(actor.page("GET", url))
            findings.checked += 1
            if response.status_code in (301, 302, 303):
                continue
            assert response.headers["content-type"].startswith("text/html"), (url, response.headers["content-type"])
            findings.found += [f"{actor.role} {url}: {p}" for p in inert(response)]
    findings.assert_none()


def test_planted_text_is_shown_as_text(cast: Cast, planted: dict[str, str]) -> None:
    admin = cast["admin"]
    document = admin.page("GET", f"/documents/{planted['doc']}")
    text = shown_text(document)
    assert SCRIPT in text and IMAGE in text and LINK in text, text[:500]
    assert "&lt;script&gt;alert(&#39;xss-1&#39;)&lt;/script&gt;" in document.text
    target = admin.page("GET", f"/targets?key={quote(planted['target'], safe='')}")
    assert CLOSING in shown_text(target)
    renamed = admin.page("GET", f"/targets?key={quote(planted['renamed'], safe='')}")
    assert IMAGE + SVG in shown_text(renamed)
    search = admin.page("GET", f"/documents?q={quote(SCRIPT, safe='')}")
    assert SCRIPT in shown_text(search)
    error = admin.page("GET", f"/targets?key={quote(SCRIPT, safe='')}")
    assert error.status_code == 404 and SCRIPT in shown_text(error)


def test_the_api_answers_json_that_no_browser_renders_as_a_page(cast: Cast, planted: dict[str, str]) -> None:
    for actor in cast:
        for url in (
            f"/api/v1/documents/{planted['doc']}",
            f"/api/v1/targets/one?key={quote(planted['target'], safe='')}",
            f"/api/v1/search?q={quote(SCRIPT, safe='')}",
            f"/api/v1/documents/{quote(SCRIPT, safe='')}",
        ):
            response = answered(actor.api("GET", url))
            assert response.headers["content-type"].startswith("application/json"), url
            assert response.headers["x-content-type-options"] == "nosniff"
            assert "script-src 'self'" in response.headers["content-security-policy"]
    body = cast["anonymous"].api("GET", f"/api/v1/documents/{planted['doc']}").json()
    assert SCRIPT in body["text"]  # the API gives the text as it is: escaping is the page's


def test_downloads_are_attachments_never_pages(cast: Cast, planted: dict[str, str]) -> None:
    for actor in cast:
        for url in (
            f"/board.csv?region={quote(IM)}&period=2025",
            f"/board.xlsx?region={quote(IM)}&period=2025",
            "/compare.csv?indicator=gdp_growth&kind=target&period=2026",
            "/api/v1/compare?indicator=gdp_growth&kind=target&period=2026&format=csv",
        ):
            response = answered(actor.page("GET", url))
            assert response.status_code == 200, url
            assert response.headers["content-disposition"].startswith("attachment"), url
            assert not response.headers["content-type"].startswith("text/html"), url
