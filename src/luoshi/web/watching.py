"""Fetching inside the web server: sources followed on their schedules
(``luoshi serve --watch``) and URLs or sources an admin fetches from the
来源 page, each in a background thread, storing through the server's own
write path (``WebState.writing``; ``added`` links each document and forgets
cached answers), as an upload job does.

The server keeps one ``Fetching`` (``app.state.fetching``): the sources
file it was given, the address policy, and the threads it started.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from luoshi.source_types import SourceType
from luoshi.store import Store, StoredDocument
from luoshi.types import Statement
from luoshi.web.server_state import WebState

if TYPE_CHECKING:  # the fetcher (httpx, the extractor) is imported once there is something to fetch
    from luoshi.fetch import AddressPolicy, FetchLimits, Source

log = logging.getLogger("luoshi.web")


class WebSink:
    """The server's write path as a fetch sink."""

    def __init__(self, state: WebState) -> None:
        self.state = state

    @contextmanager
    def writing(self) -> Iterator[Store]:
        with self.state.writing() as store:
            yield store

    @contextmanager
    def reading(self) -> Iterator[Store]:
        yield self.state.reader()

    def added(self, doc: StoredDocument, statements: Sequence[Statement]) -> None:
        self.state.added(doc, statements)


@dataclass
class Fetching:
    """What the server fetches with, and the background work it started."""

    state: WebState
    config: str | None = None  # a sources.yaml
    policy: AddressPolicy | None = None  # None: the fetcher's default, public addresses only
    limits: FetchLimits | None = None
    trust_env: bool = True
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    @property
    def sink(self) -> WebSink:
        return WebSink(self.state)

    def sources(self) -> list[Source]:
        """The sources file's and those added on the web (InputError if the file is wrong)."""
        from luoshi.fetch.watch import all_sources

        return all_sources(self.config, self.sink)

    def watch(self) -> None:
        """Run the sources on their schedules until ``close``."""
        from luoshi.fetch import Watcher

        watcher = Watcher(self.sources, self.sink, self.policy, self.limits, trust_env=self.trust_env)
        self._start("luoshi-watch", watcher.forever, self._stop)

    def fetch_urls(self, urls: list[str], by: str, region: str | None, source_type: SourceType | None) -> int:
        """Fetch ``urls`` for admin ``by`` in the background; the run's id
        (its outcome is on the 来源 page once it finishes)."""
        from luoshi.fetch import Fetcher, FetchOptions, bring, records

        with self.state.writing() as store:
            run_id = records.start_run(store, None, by)
        options = FetchOptions(region=region, source_type=source_type, vouched_by=by)

        def work() -> None:
            tally = records.RunTally(found=len(urls))
            try:
                with Fetcher(self.policy, self.limits, trust_env=self.trust_env) as fetcher:
                    tally = bring(urls, fetcher, self.sink, options).tally()
            except Exception as exc:  # a store gone away: the run says so
                log.exception("fetching %s failed", urls)
                tally.error = f"抓取中断：{type(exc).__name__}"
            with self.state.writing() as store:
                records.finish_run(store, run_id, tally)

        self._start("luoshi-fetch-urls", work)
        return run_id

    def run_now(self, source: Source, by: str) -> None:
        """Run ``source`` once now, in the background, for admin ``by``."""
        from luoshi.fetch import AddressPolicy
        from luoshi.fetch.watch import fetcher_for, run_source

        policy = self.policy or AddressPolicy()

        def work() -> None:
            try:
                with fetcher_for(source, policy, self.limits, trust_env=self.trust_env) as fetcher:
                    run_source(source, fetcher, self.sink, started_by=by, vouched_by=by)
            except Exception:
                log.exception("running source %s failed", source.name)

        self._start("luoshi-fetch-source", work)

    def _start(self, name: str, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)  # type: ignore[arg-type]
        self._threads = [t for t in self._threads if t.is_alive()]
        self._threads.append(thread)
        thread.start()

    def wait(self, timeout: float = 30.0) -> None:
        """Wait for the work started (tests, shutdown)."""
        for thread in list(self._threads):
            if thread.name != "luoshi-watch":
                thread.join(timeout)

    def close(self) -> None:
        self._stop.set()
        for thread in list(self._threads):
            thread.join(5.0)
