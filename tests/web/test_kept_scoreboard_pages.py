"""The scoreboard page (``/``) is rendered once for its filter and visitor
and served as kept until the store or the day changes: a document stored
shows on the next page served, each visitor gets a page of their own (their
name, their role's links, their log-out form's token), and a browser that
takes gzip gets the same page, compressed once."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_samples import login

from luoshi import Document, extract_document
from luoshi.ingest import stored, trusted
from luoshi.web import server_state
from luoshi.web.pages import board
from luoshi.web.server_state import WebState

# A 2025 target of Inner Mongolia, the board ``/`` opens on; no sample states it.
TRADE = "全区外贸进出口总额力争达到2345亿元"
TRADE_NEWS = f"2025年，{TRADE}。"


def _state(client: TestClient) -> WebState:
    return client.app.state.luoshi  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The templates the scoreboard rendered."""
    done: list[str] = []
    real = board.render

    def counted(request: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        done.append(name)
        return real(request, name, *args, **kwargs)

    monkeypatch.setattr(board, "render", counted)
    return done


def _csrf(html: str) -> str | None:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    return found.group(1) if found else None


def test_the_page_is_rendered_once_until_the_store_changes(client: TestClient, renders: list[str]):
    first = client.get("/").text
    assert client.get("/").text == first and client.get("/?page=1").text == first
    assert renders == ["board.html"]
    assert TRADE not in first
    doc = Document("外贸新闻.txt", TRADE_NEWS, region="内蒙古自治区", published=date(2025, 2, 1))
    statements = extract_document(doc)
    state = _state(client)
    with state.writing() as store:
        result = store.add_document(trusted(stored(doc)), statements)
        state.added(trusted(stored(doc)), result.as_stored(statements))
    assert TRADE in client.get("/").text
    assert renders == ["board.html", "board.html"]


def test_a_new_day_renders_the_page_anew(client: TestClient, renders: list[str], monkeypatch: pytest.MonkeyPatch):
    """Deadlines are judged as of today in Beijing: a page of yesterday may be stale."""
    client.get("/")
    tomorrow = server_state.today() + timedelta(days=1)
    monkeypatch.setattr(server_state, "today", lambda: tomorrow)
    client.get("/")
    client.get("/")
    assert renders == ["board.html", "board.html"]


def test_each_visitor_gets_a_page_of_their_own(client: TestClient):
    admin, owner, anonymous = client, TestClient(client.app), TestClient(client.app)
    admin_csrf, owner_csrf = login(admin, "admin"), login(owner, "shangwu")
    pages = {who: c.get("/").text for who, c in (("admin", admin), ("owner", owner), ("anonymous", anonymous))}
    assert "审计日志" in pages["admin"] and "我的目标" not in pages["admin"]
    assert "我的目标" in pages["owner"] and "审计日志" not in pages["owner"]
    assert "登录" in pages["anonymous"] and "退出" not in pages["anonymous"]
    assert (_csrf(pages["admin"]), _csrf(pages["owner"]), _csrf(pages["anonymous"])) == (admin_csrf, owner_csrf, None)
    # the same board under each header
    tables = {who: page[page.index("<main>") :] for who, page in pages.items()}
    assert tables["admin"] == tables["owner"] == tables["anonymous"]
    owner.cookies.clear()  # logged out: the anonymous page again
    assert owner.get("/").text == pages["anonymous"]


def test_a_browser_taking_gzip_gets_the_same_page_compressed(client: TestClient):
    plain = client.get("/", headers={"Accept-Encoding": "identity"})
    packed = client.get("/", headers={"Accept-Encoding": "gzip, deflate"})
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip" and "Accept-Encoding" in packed.headers["vary"]
    assert packed.text == plain.text  # decoded by the client
    assert int(packed.headers["content-length"]) < len(plain.content) / 3
    assert packed.headers["content-security-policy"] == plain.headers["content-security-policy"]
