"""What the store keeps of fetching, on DuckDB and PostgreSQL: the versions
of a URL, runs with their failures, sources added on the web."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from luoshi.accounts import Accounts
from luoshi.errors import InputError
from luoshi.fetch import Page
from luoshi.fetch.records import (
    RunTally,
    add_source,
    add_version,
    finish_run,
    known_urls,
    last_runs,
    latest_version,
    recent_runs,
    remove_source,
    start_run,
    stored_sources,
    touch_version,
    versions_of_url,
)
from luoshi.fetch.sources import source_from
from luoshi.store import Store, open_store

PG_URL = os.environ.get("LUOSHI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
URL = "https://www.nmg.gov.cn/zwyw/202605/t20260512_1001.html"


@pytest.fixture(params=["duckdb", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "duckdb":
        with open_store(tmp_path / "luoshi.duckdb") as opened:
            yield opened
        return
    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.Error as exc:
        reason = f"PostgreSQL unreachable at {PG_URL} ({str(exc).strip().splitlines()[0]})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI=true requires it")
        pytest.skip(reason)
    schema = f"luoshi_fetch_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        with open_store(PG_URL, schema=schema) as opened:
            yield opened
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def page(body: bytes, etag: str, when: datetime) -> Page:
    return Page(URL, URL.replace("https://www", "https://m"), 200, body, when, "text/html", None,
                "Tue, 12 May 2026 01:30:00 GMT", etag, "Tue, 12 May 2026 01:00:00 GMT")  # fmt: skip


def test_versions_of_a_url_are_kept_oldest_first_and_an_unchanged_fetch_only_moves_checked_at(store: Store):
    first = page(b"<p>v1</p>", '"a"', datetime(2026, 5, 12, 2, 0, tzinfo=UTC))
    add_version(store, first, "d1" * 32, "nmg-news", None)
    latest = latest_version(store, URL)
    assert latest is not None and latest.validators.etag == '"a"'
    touch_version(store, latest, page(b"<p>v1</p>", '"b"', datetime(2026, 5, 13, 2, 0, tzinfo=UTC)))
    add_version(store, page(b"<p>v2</p>", '"c"', datetime(2026, 5, 14, 2, 0, tzinfo=UTC)), "d2" * 32, None, None)
    old, new = versions_of_url(store, URL)
    assert (old.doc_id, new.doc_id) == ("d1" * 32, "d2" * 32)
    assert old.fetched_at == datetime(2026, 5, 12, 2, 0, tzinfo=UTC)
    assert old.checked_at == datetime(2026, 5, 13, 2, 0, tzinfo=UTC) and old.etag == '"b"'
    assert old.final_url == "https://m.nmg.gov.cn/zwyw/202605/t20260512_1001.html"
    assert (old.source_name, new.source_name) == ("nmg-news", None)
    assert known_urls(store, [URL, "https://example.org/x"]) == {URL}


def test_a_run_is_recorded_with_its_failures(store: Store):
    run = start_run(store, "nmg-news")
    tally = RunTally(found=12, new=3, unchanged=8, failures=[(URL, "HTTP 404 页面不存在")])
    finish_run(store, run, tally)
    done = last_runs(store)["nmg-news"]
    assert (done.found, done.new, done.unchanged, done.failed) == (12, 3, 8, 1)
    assert done.failures == ((URL, "HTTP 404 页面不存在"),) and done.finished_at is not None
    assert [r.id for r in recent_runs(store, source_name="nmg-news")] == [run]


def test_sources_added_on_the_web_are_kept_and_names_are_unique(store: Store):
    source = source_from({"name": "swt-news", "kind": "feed", "url": "https://swt.nmg.gov.cn/rss.xml",
                          "region": "内蒙古", "source_type": "新闻", "schedule": "1d"}, "网页表单")  # fmt: skip
    add_source(store, source, "admin")
    with pytest.raises(InputError, match="已有名为 swt-news 的来源"):
        add_source(store, source, "admin")
    [kept] = stored_sources(store)
    assert kept.source == source and kept.added_by == "admin"
    assert kept.source.region == "内蒙古自治区"
    assert remove_source(store, "swt-news", "admin") and stored_sources(store) == []
    assert not remove_source(store, "swt-news", "admin")


def test_adding_and_removing_a_source_are_audited_with_its_settings(store: Store):
    source = source_from({"name": "swt-news", "kind": "feed", "url": "https://swt.nmg.gov.cn/rss.xml",
                          "region": "内蒙古", "schedule": "1d"}, "网页表单")  # fmt: skip
    add_source(store, source, "admin")
    remove_source(store, "swt-news", "admin")
    entries = Accounts(store).audit_log(object="source:swt-news")  # type: ignore[arg-type]
    assert [(e.action, e.username) for e in entries] == [("source.remove", "admin"), ("source.add", "admin")]
    assert entries[1].after == entries[0].before == source.as_dict()
