"""来源 on the web: sources listed with their last run, an admin fetching
URLs and adding a source (CSRF like every form), fetched documents
linking to their original URL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from fetch_kit import TEST_LIMITS, allowing
from site_server import SiteServer

from luoshi.accounts import Accounts, Role
from luoshi.store import open_store
from luoshi.store.sql import SqlStore
from luoshi.web import create_app
from luoshi.web.watching import Fetching

PASSWORD = "落实-fetch-horse-7"
NEWS = "/nmg/zwyw/202605/t20260512_1001.html"


@pytest.fixture
def web(tmp_path: Path, site: SiteServer) -> Iterator[tuple[TestClient, Fetching]]:
    store = open_store(tmp_path / "web.duckdb")
    assert isinstance(store, SqlStore)
    accounts = Accounts(store)
    accounts.add_user("admin", PASSWORD, Role.ADMIN)
    accounts.add_user("viewer", PASSWORD, Role.VIEWER)
    app = create_app(store, warm=False)
    fetching = app.state.fetching = Fetching(app.state.luoshi, policy=allowing(site), limits=TEST_LIMITS,
                                             trust_env=False)  # fmt: skip
    with TestClient(app) as client:
        yield client, fetching


def login(client: TestClient, username: str) -> str:
    client.cookies.clear()
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    done = client.post("/login", data={"username": username, "password": PASSWORD, "csrf": csrf, "next": "/"},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303, done.text
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/sources").text).group(1)  # type: ignore[union-attr]


def test_an_admin_fetches_a_url_and_its_document_links_to_the_original(web, site: SiteServer):
    client, fetching = web
    csrf = login(client, "admin")
    done = client.post("/sources/fetch", data={"csrf": csrf, "urls": f"{site.url(NEWS)}\n{site.url('/nope.html')}",
                                               "region": "内蒙古自治区", "source_type": "news"},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    fetching.wait()
    page = client.get("/sources").text
    assert "新增 <strong>1</strong> 篇" in page and "HTTP 404 页面不存在" in page and "admin" in page
    [doc] = fetching.state.reader().documents()
    shown = client.get(f"/documents/{doc.id}").text
    assert f'原文：<a href="{site.url(NEWS)}" rel="noopener noreferrer nofollow"' in shown
    assert "已确认（admin" in shown  # an admin's fetch is vouched for by that admin
    assert "抓取网址" in client.get("/audit").text and site.url("/nope.html") in client.get("/audit").text


def test_an_admin_adds_a_source_which_runs_and_is_listed(web, site: SiteServer):
    client, fetching = web
    csrf = login(client, "admin")
    form = {"csrf": csrf, "name": "nmrb", "kind": "feed", "url": site.url("/nmrb/feed.xml"), "title": "内蒙古日报",
            "source_type": "news", "schedule": "1d"}  # fmt: skip
    assert client.post("/sources/add", data=form, follow_redirects=False).status_code == 303
    fetching.wait()
    page = client.get("/sources").text
    assert 'id="source-nmrb"' in page and "找到 50 · 新增 <strong>50</strong> 篇" in page
    again = client.post("/sources/add", data=form, follow_redirects=False)
    assert again.status_code == 422 and "已有名为 nmrb 的来源" in again.text
    bad = client.post("/sources/add", data={**form, "name": "x", "kind": "listing"}, follow_redirects=False)
    assert bad.status_code == 422 and "link_pattern 必须给出" in bad.text
    audit = client.get("/audit").text
    assert "添加跟踪来源" in audit and "source:nmrb" in audit


def test_fetching_needs_an_admin_and_the_csrf_token(web, site: SiteServer):
    client, _ = web
    csrf = login(client, "viewer")
    assert client.post("/sources/fetch", data={"csrf": csrf, "urls": site.url(NEWS)}).status_code == 403
    login(client, "admin")
    assert client.post("/sources/fetch", data={"csrf": "wrong", "urls": site.url(NEWS)}).status_code == 403
    assert site.requests == []


def test_a_url_that_is_not_http_is_refused_on_the_form(web):
    client, _ = web
    csrf = login(client, "admin")
    refused = client.post("/sources/fetch", data={"csrf": csrf, "urls": "file:///etc/passwd"})
    assert refused.status_code == 422 and "只能抓取 http 或 https 网址" in refused.text


def test_serve_watch_runs_a_source_added_on_the_web_on_its_schedule(web, site: SiteServer):
    import time

    from luoshi.fetch.records import add_source, last_runs
    from luoshi.fetch.sources import source_from

    _, fetching = web
    with fetching.state.writing() as store:
        add_source(store, source_from({"name": "map", "kind": "sitemap", "url": site.url("/sitemap.xml"),
                                       "link_pattern": r"/t\d{8}_\d+\.html$"}, "test"), "admin")  # fmt: skip
    fetching.watch()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run = last_runs(fetching.state.reader()).get("map")
        if run is not None and run.finished_at is not None:
            break
        time.sleep(0.2)
    fetching.close()
    assert run is not None and (run.found, run.new, run.failed) == (2, 2, 0)
    assert len(fetching.state.reader().documents()) == 2
