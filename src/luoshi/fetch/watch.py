"""Following sources: read a source's feed, listing or sitemap, fetch the
items not fetched before (all of them again, conditionally, with
``recheck``), store what is new, and record the run.

``run_source`` runs one source now; ``Watcher`` runs each source when its
schedule says it is due (its last run started at least ``schedule`` ago),
once (``luoshi watch --once``) or until stopped (``luoshi watch``, and
``luoshi serve --watch`` in a background thread). The sources are read
again before each round, so a source added on the web, or a sources.yaml
edited, is followed without a restart.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urljoin

from luoshi.errors import InputError
from luoshi.fetch import records
from luoshi.fetch.client import Fetcher, FetchFailed, FetchLimits, NotModified, Page
from luoshi.fetch.intake import Brought, FetchOptions, Progress, Sink, bring
from luoshi.fetch.links import feed_links, matching, next_page, page_links, sitemap_links
from luoshi.fetch.records import RunTally
from luoshi.fetch.safety import AddressPolicy
from luoshi.fetch.sources import Source, SourceKind, read_sources
from luoshi.source_types import TRUSTED_IMPORT

log = logging.getLogger("luoshi.fetch")
MOST_SITEMAPS = 20  # of a sitemap index followed in one run
IDLE = 30.0  # seconds between two looks at the schedule, at most


@dataclass(frozen=True)
class SourceRun:
    source: Source
    run_id: int
    tally: RunTally
    brought: Brought


def discover(source: Source, fetcher: Fetcher) -> list[str]:
    """The item URLs the source lists now, in its order, each once;
    FetchFailed when its feed, listing or sitemap cannot be read."""
    if source.kind is SourceKind.FEED:
        page = _page(fetcher, source.url_on())
        return feed_links(page.body, page.final_url)
    if source.kind is SourceKind.SITEMAP:
        return _sitemap(source, fetcher)
    return _listing(source, fetcher)


def _page(fetcher: Fetcher, url: str) -> Page:
    got = fetcher.fetch(url)
    if isinstance(got, NotModified):  # not asked conditionally: a server answering 304 anyway
        raise FetchFailed(url, "服务器返回 304，但没有按条件请求")
    return got


def _listing(source: Source, fetcher: Fetcher) -> list[str]:
    first = source.url_on()
    found: dict[str, None] = {}
    url: str | None = first
    for n in range(source.pages):
        if url is None:
            break
        try:
            page = _page(fetcher, url)
        except FetchFailed:
            if n == 0:
                raise
            break  # a listing shorter than ``pages``: the items found so far
        links = page_links(page.body, page.final_url)
        for item in matching(links, source.link_pattern, same_host_as=page.final_url):
            found.setdefault(item, None)
        if source.page_url is not None:
            url = urljoin(first, source.page_url.replace("{n}", str(n + 1)))
        else:
            url = next_page(links)
    return list(found)


def _sitemap(source: Source, fetcher: Fetcher) -> list[str]:
    page = _page(fetcher, source.url_on())
    pages, nested = sitemap_links(page.body)
    for url in nested[:MOST_SITEMAPS]:
        try:
            more, _ = sitemap_links(_page(fetcher, url).body)
        except FetchFailed:
            continue
        pages.extend(more)
    pattern = source.link_pattern
    return list(dict.fromkeys(u for u in pages if pattern is None or pattern.search(u)))


def fetcher_for(source: Source, policy: AddressPolicy, limits: FetchLimits | None = None, **kwargs: bool) -> Fetcher:
    """A client for ``source``: the policy given, private addresses allowed
    if the source says so."""
    if source.allow_private and not policy.allow_private:
        policy = replace(policy, allow_private=True)
    return Fetcher(policy, limits, **kwargs)


def run_source(
    source: Source, fetcher: Fetcher, sink: Sink, started_by: str | None = None, vouched_by: str = TRUSTED_IMPORT,
    progress: Progress | None = None,
) -> SourceRun:  # fmt: skip
    """Follow ``source`` once now (see the module docstring); the run is
    recorded whatever happens, its failures each with URL and reason."""
    with sink.writing() as store:
        run_id = records.start_run(store, source.name, started_by)
    tally = RunTally()
    brought = Brought()
    try:
        urls = discover(source, fetcher)
    except FetchFailed as exc:
        tally.error = f"无法读取{source.kind.label} {exc.url}：{exc.reason}"
    else:
        known: set[str] = set()
        if not source.recheck:
            with sink.reading() as store:
                known = records.known_urls(store, urls)
        # Items past max_items are left for the next run, counted nowhere.
        todo = [u for u in urls if u not in known][: source.max_items]
        options = FetchOptions(source.region, source.source_type, source.name, source.attachments, vouched_by)
        brought = bring(todo, fetcher, sink, options, progress)
        tally = brought.tally()
        tally.found = len(urls)
        tally.unchanged += len(known)
    with sink.writing() as store:
        records.finish_run(store, run_id, tally)
    return SourceRun(source, run_id, tally, brought)


def all_sources(config: str | None, sink: Sink) -> list[Source]:
    """The sources of ``config`` (a sources.yaml; None: none) and those an
    admin added on the web; a web one named like a file one is left out."""
    from_file = read_sources(config) if config else []
    names = {s.name for s in from_file}
    with sink.reading() as store:
        added = [s.source for s in records.stored_sources(store) if s.source.name not in names]
    return from_file + added


class Watcher:
    """Runs sources on their schedules (see the module docstring)."""

    def __init__(
        self, sources: Callable[[], Sequence[Source]], sink: Sink, policy: AddressPolicy | None = None,
        limits: FetchLimits | None = None, clock: Callable[[], datetime] | None = None, trust_env: bool = True,
    ) -> None:  # fmt: skip
        self.sources = sources
        self.sink = sink
        self.policy = policy or AddressPolicy()
        self.limits = limits
        self.clock = clock or (lambda: datetime.now(UTC))
        self.trust_env = trust_env
        self.last_error: str | None = None  # why the sources could not be read last time

    def due(self, sources: Sequence[Source], now: datetime | None = None) -> list[Source]:
        now = now or self.clock()
        with self.sink.reading() as store:
            last = records.last_runs(store)
        return [s for s in sources if s.name not in last or last[s.name].started_at + s.schedule <= now]

    def next_due(self, sources: Sequence[Source], now: datetime | None = None) -> datetime | None:
        now = now or self.clock()
        with self.sink.reading() as store:
            last = records.last_runs(store)
        times = [last[s.name].started_at + s.schedule if s.name in last else now for s in sources]
        return min(times, default=None)

    def run(self, sources: Sequence[Source], progress: Progress | None = None) -> list[SourceRun]:
        runs = []
        for source in sources:
            with fetcher_for(source, self.policy, self.limits, trust_env=self.trust_env) as fetcher:
                runs.append(run_source(source, fetcher, self.sink, progress=progress))
        return runs

    def run_due(self, progress: Progress | None = None) -> list[SourceRun]:
        return self.run(self.due(self._sources()), progress)

    def _sources(self) -> list[Source]:
        try:
            found = list(self.sources())
        except InputError as exc:
            if self.last_error != str(exc):
                log.error("luoshi watch: %s", exc)
            self.last_error = str(exc)
            return []
        self.last_error = None
        return found

    def forever(self, stop: threading.Event, idle: float = IDLE) -> None:
        """Run due sources until ``stop`` is set; a round that fails is
        logged and the next one tried after ``idle`` seconds."""
        while not stop.is_set():
            try:
                for done in self.run_due():
                    tally = done.tally
                    log.info(
                        "luoshi watch: %s: %d new, %d unchanged, %d failed%s", done.source.name, tally.new,
                        tally.unchanged, len(tally.failures), f" ({tally.error})" if tally.error else "",
                    )  # fmt: skip
                upcoming = self.next_due(self._sources())
            except Exception:  # a store gone away, a bug: logged, the thread goes on
                log.exception("luoshi watch: a round failed")
                upcoming = None
            wait = idle if upcoming is None else (upcoming - self.clock()).total_seconds()
            stop.wait(min(max(wait, 1.0), idle))


def start_watching(watcher: Watcher) -> tuple[threading.Thread, threading.Event]:
    """``watcher.forever`` in a daemon thread; set the event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(target=watcher.forever, args=(stop,), name="luoshi-watch", daemon=True)
    thread.start()
    return thread, stop
