"""``luoshi fetch`` and ``luoshi watch`` on the loopback site: documents
stored with their provenance, loopback refused in Chinese unless
--allow-private, each failure named per URL while the rest are stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from site_server import SiteServer
from typer.testing import CliRunner

from luoshi.cli import app
from luoshi.fetch.records import last_runs, versions_of_url
from luoshi.store import open_store

runner = CliRunner()
NEWS = "/nmg/zwyw/202605/t20260512_1001.html"


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def documents(db: Path) -> dict[str, dict]:
    listed = runner.invoke(app, ["documents", "--format", "json", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    return {d["name"]: d for d in json.loads(listed.stdout)}


def test_fetch_stores_pages_with_region_type_and_provenance(site: SiteServer, tmp_path: Path):
    db = tmp_path / "s.duckdb"
    urls = [site.url(NEWS), site.url("/swt/gbk/t20260301_2001.html")]
    done = runner.invoke(app, ["fetch", *urls, "--allow-private", "--region", "内蒙古", "--source-type", "新闻",
                               "--db", str(db)])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "新增 2 篇，未变 0 篇，失败 0 个网址" in done.output
    docs = documents(db)
    assert set(docs) == {f"127.0.0.1{NEWS}", "127.0.0.1/swt/gbk/t20260301_2001.html"}
    assert {d["region"] for d in docs.values()} == {"内蒙古自治区"}
    assert {d["source_type"] for d in docs.values()} == {"news"}
    again = runner.invoke(app, ["fetch", *urls, "--allow-private", "--db", str(db)])
    assert "新增 0 篇，未变 2 篇" in again.output
    with open_store(db) as store:
        assert len(versions_of_url(store, site.url(NEWS))) == 1
        assert last_runs(store)[None].unchanged == 2  # runs by hand are recorded too


def test_a_loopback_url_is_refused_in_chinese_without_allow_private(site: SiteServer, tmp_path: Path):
    done = runner.invoke(app, ["fetch", site.url(NEWS), "--db", str(tmp_path / "s.duckdb")])
    assert done.exit_code == 1
    assert f"失败 {site.url(NEWS)}: 本机回环地址 127.0.0.1，不抓取" in done.output
    assert site.requests == []


def test_each_failure_is_named_and_the_others_are_stored(site: SiteServer, tmp_path: Path):
    db = tmp_path / "s.duckdb"
    urls = [site.url("/no/such.html"), site.url(NEWS), site.url("/slow.html"), site.url("/private/secret.html")]
    site.slow_seconds = 0.0  # the CLI's own timeouts are long: slow is not slow here
    done = runner.invoke(app, ["fetch", *urls, "--allow-private", "--db", str(tmp_path / "s.duckdb")])
    assert done.exit_code == 1
    assert "新增 2 篇，未变 0 篇，失败 2 个网址" in done.output
    assert f"{site.url('/no/such.html')}: HTTP 404 页面不存在" in done.output
    assert f"{site.url('/private/secret.html')}: robots.txt 不允许抓取这个网址" in done.output
    assert len(documents(db)) == 2


def test_fetch_with_attachments_stores_the_pdf_and_docx(site: SiteServer, tmp_path: Path):
    db = tmp_path / "s.duckdb"
    done = runner.invoke(app, ["fetch", site.url("/swt/tzgg/t20260401_4001.html"), "--attachments",
                               "--allow-private", "--db", str(db)])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert {d["loader"] for d in documents(db).values()} == {"html", "pdf", "docx"}


def test_watch_once_runs_each_source_of_the_config_and_reports_it(site: SiteServer, tmp_path: Path):
    db = tmp_path / "s.duckdb"
    config = tmp_path / "sources.yaml"
    config.write_text(f"""
sources:
  - name: nmrb
    kind: feed
    url: {site.url('/nmrb/feed.xml')}
    source_type: news
    max_items: 5
  - name: zfwj
    kind: listing
    url: {site.url('/nmg/zwgk/index.html')}
    link_pattern: '/t\\d{{8}}_\\d+\\.html$'
    region: 内蒙古自治区
    max_items: 3
""", encoding="utf-8")  # fmt: skip
    done = runner.invoke(app, ["watch", "--once", "--config", str(config), "--allow-private", "--db", str(db)])
    assert done.exit_code == 0, done.output
    assert "来源 nmrb：找到 50 篇，新增 5 篇，未变 0 篇，失败 0 个网址" in done.output
    assert "来源 zfwj：找到 5 篇，新增 3 篇" in done.output
    only = runner.invoke(app, ["watch", "--once", "--source", "nmrb", "--config", str(config), "--allow-private",
                               "--db", str(db)])  # fmt: skip
    assert "来源 nmrb：找到 50 篇，新增 5 篇，未变 5 篇" in only.output and "zfwj" not in only.output
    unknown = runner.invoke(app, ["watch", "--once", "--source", "nope", "--config", str(config), "--db", str(db)])
    assert unknown.exit_code == 2 and "没有名为 nope 的来源（可用：nmrb、zfwj）" in unknown.output
