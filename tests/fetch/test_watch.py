"""Following sources on the loopback site: an RSS feed of 50 items, a
paged listing, a sitemap; new items only on the next run; runs recorded
with their failures; sources due by their schedules."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from fetch_kit import TEST_LIMITS, allowing
from site_server import SiteServer

from luoshi.fetch import Source, SourceKind, StoreSink, Watcher, run_source
from luoshi.fetch.records import last_runs, versions_of_url
from luoshi.fetch.watch import discover
from luoshi.source_types import SourceType
from luoshi.store import Store

LISTING_ITEM = re.compile(r"/t\d{8}_\d+\.html$")


def listing(site: SiteServer, **fields: object) -> Source:
    return Source(
        "nmg-zfwj",
        SourceKind.LISTING,
        site.url("/nmg/zwgk/index.html"),
        link_pattern=LISTING_ITEM,
        region="内蒙古自治区",
        source_type=SourceType.GOVERNMENT_DOCUMENT,
        **fields,
    )  # type: ignore[arg-type]


def test_a_feed_of_50_items_is_fetched_whole_then_nothing_again(fetcher, site: SiteServer, store: Store):
    feed = Source("nmrb", SourceKind.FEED, site.url("/nmrb/feed.xml"), source_type=SourceType.NEWS, max_items=100)
    first = run_source(feed, fetcher, StoreSink(store))
    assert (first.tally.found, first.tally.new, first.tally.failures, first.tally.error) == (50, 50, [], None)
    assert store.counts()["documents"] == 50
    fetched_before = len(site.requests)
    second = run_source(feed, fetcher, StoreSink(store))
    assert (second.tally.found, second.tally.new, second.tally.unchanged) == (50, 0, 50)
    assert len(site.requests) == fetched_before + 1  # the feed itself; its items are known
    [version] = versions_of_url(store, site.url("/nmrb/content_7.html"))
    assert version.source_name == "nmrb"
    assert store.document(version.doc_id).source_type is SourceType.NEWS  # type: ignore[union-attr]


def test_a_paged_listing_is_followed_by_its_next_page_links(fetcher, site: SiteServer):
    urls = discover(listing(site, pages=5), fetcher)
    assert len(urls) == 12  # three pages of 5, 5 and 2: the nav links are not articles
    assert urls[0] == site.url("/nmg/zwgk/202605/t20260519_3001.html")
    assert all(LISTING_ITEM.search(u) for u in urls)
    assert site.paths().count("/nmg/zwgk/index_2.html") == 1


def test_a_paged_listing_by_page_url_template_stops_at_pages(fetcher, site: SiteServer):
    urls = discover(listing(site, pages=2, page_url="index_{n}.html"), fetcher)
    assert len(urls) == 10 and "/nmg/zwgk/index_2.html" not in site.paths()


def test_a_listing_run_stores_documents_of_its_region_and_type(fetcher, site: SiteServer, store: Store):
    done = run_source(listing(site, pages=3, max_items=4), fetcher, StoreSink(store))
    assert (done.tally.found, done.tally.new) == (12, 4)
    docs = store.documents()
    assert {(d.region, d.source_type) for d in docs} == {("内蒙古自治区", SourceType.GOVERNMENT_DOCUMENT)}
    assert all("2026年经济社会发展工作安排" in (d.title or "") for d in docs)
    assert {d.published.isoformat() for d in docs if d.published} == {"2026-05-19", "2026-05-18", "2026-05-17",
                                                                        "2026-05-16"}  # fmt: skip


def test_a_sitemap_gives_its_urls_matching_the_pattern(fetcher, site: SiteServer):
    source = Source("sitemap", SourceKind.SITEMAP, site.url("/sitemap.xml"), link_pattern=LISTING_ITEM)
    assert discover(source, fetcher) == [site.url("/nmg/zwyw/202605/t20260512_1001.html"),
                                         site.url("/nmg/zwyw/202605/t20260514_1002.html")]  # fmt: skip


def test_a_listing_that_cannot_be_read_fails_the_run_with_its_reason(fetcher, site: SiteServer, store: Store):
    broken = Source("gone", SourceKind.FEED, site.url("/nmrb/missing.xml"))
    done = run_source(broken, fetcher, StoreSink(store))
    assert done.tally.error == f"无法读取RSS/Atom 订阅 {site.url('/nmrb/missing.xml')}：HTTP 404 页面不存在"
    assert last_runs(store)["gone"].error == done.tally.error


def test_sources_are_run_when_their_schedule_says_they_are_due(site: SiteServer, store: Store):
    now = datetime(2026, 5, 20, 8, 0, tzinfo=UTC)
    daily = Source("daily", SourceKind.SITEMAP, site.url("/sitemap.xml"), schedule=timedelta(days=1))
    sink = StoreSink(store)
    watcher = Watcher(lambda: [daily], sink, allowing(site), TEST_LIMITS, clock=lambda: now, trust_env=False)
    assert [s.name for s in watcher.due([daily])] == ["daily"]  # never run
    watcher.run_due()
    started = last_runs(store)["daily"].started_at
    assert watcher.due([daily], started + timedelta(hours=23)) == []
    assert [s.name for s in watcher.due([daily], started + timedelta(days=1))] == ["daily"]
    assert watcher.next_due([daily], started) == started + timedelta(days=1)
