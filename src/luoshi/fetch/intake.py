"""Fetched pages into the store: fetch, load, extract, store, record where
it came from — for a list of URLs (``bring``), each with its attachments
when asked.

What a URL comes to:

* **new**: its content is a text the store did not hold: stored as a new
  document with its statements, and recorded as a new version of the URL
  (``luoshi.fetch.records``); an earlier version stays stored;
* **unchanged**: the server said 304, or sent the bytes of the last version,
  or a page whose text is the last version's (only its furniture changed):
  nothing is stored, the version's ``checked_at`` moves; a text the store
  holds already (another URL's, or an older version come back) is recorded
  as the URL's version without storing anything new;
* **failed**: named with its reason; the other URLs are fetched all the same.

Downloads run in threads (``FetchLimits.connections``; the per-host limits
hold across them); loading, extraction and storing run in the calling
thread, one document at a time, through a ``Sink``: the store itself for
the CLI, the web server's write path for ``luoshi serve``.

A fetched document is stored as a trusted import (``luoshi.ingest.trusted``):
whoever runs ``luoshi fetch`` or writes sources.yaml holds the store; on the
web only an admin may fetch, vouching for what comes in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from typing import Protocol

from luoshi.errors import InputError
from luoshi.extract import extract_document
from luoshi.fetch import records
from luoshi.fetch.client import Fetcher, FetchFailed, NotModified, Page
from luoshi.fetch.documents import documents_of, suffix_of
from luoshi.fetch.links import attachments
from luoshi.fetch.records import RunTally, Version
from luoshi.given_metadata import GivenMetadata
from luoshi.ingest import stored, trusted
from luoshi.source_types import TRUSTED_IMPORT, SourceType
from luoshi.store import Store, StoredDocument
from luoshi.types import Document, Statement

MAX_ATTACHMENTS = 20  # of one page: a page linking to hundreds of files is an archive, not an article


class Sink(Protocol):
    """Where fetched documents go."""

    def writing(self) -> AbstractContextManager[Store]:
        """The store to write through, alone."""

    def reading(self) -> AbstractContextManager[Store]:
        """A store this thread may read through."""

    def added(self, doc: StoredDocument, statements: Sequence[Statement]) -> None:
        """A document was stored (under ``doc.name``, statements as stored)."""


class StoreSink:
    """A sink straight into one store handle, one thread at a time."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.RLock()

    @contextmanager
    def writing(self) -> Iterator[Store]:
        with self._lock:
            yield self.store

    def reading(self) -> AbstractContextManager[Store]:
        return self.writing()

    def added(self, doc: StoredDocument, statements: Sequence[Statement]) -> None:
        """Nothing caches what a bare store holds."""


@dataclass(frozen=True)
class FetchOptions:
    """What to say of the documents fetched, and whether to follow attachments."""

    region: str | None = None
    source_type: SourceType | None = None  # None: the type the loader and title suggest
    source_name: str | None = None  # the source they come from (None: fetched by hand)
    attachments: bool = False
    vouched_by: str = TRUSTED_IMPORT  # an admin's username on the web


@dataclass(frozen=True)
class Outcome:
    """What became of one URL."""

    url: str
    state: str  # new, unchanged, failed
    reason: str | None = None
    documents: tuple[tuple[str, str], ...] = ()  # (name, id) stored new
    statements: int = 0
    found_on: str | None = None


@dataclass
class Brought:
    """What ``bring`` did, URL by URL."""

    outcomes: list[Outcome] = field(default_factory=list)

    def tally(self, found: int = 0) -> RunTally:
        return RunTally(
            found=found or len(self.outcomes),
            new=sum(len(o.documents) for o in self.outcomes if o.state == "new"),
            unchanged=sum(1 for o in self.outcomes if o.state == "unchanged"),
            failures=[(o.url, o.reason or "") for o in self.outcomes if o.state == "failed"],
        )

    @property
    def statements(self) -> int:
        return sum(o.statements for o in self.outcomes)


Progress = Callable[[Outcome], None]


def bring(
    urls: Sequence[str], fetcher: Fetcher, sink: Sink, options: FetchOptions = FetchOptions(),
    progress: Progress | None = None,
) -> Brought:  # fmt: skip
    """Fetch ``urls`` (each once, in threads) and store what is new, with
    its attachments when ``options.attachments``; see the module docstring."""
    brought = Brought()
    wanted = list(dict.fromkeys(u.strip() for u in urls if u.strip()))
    with ThreadPoolExecutor(max_workers=max(1, fetcher.limits.connections), thread_name_prefix="luoshi-fetch") as pool:
        pending: dict[Future[Page | NotModified], tuple[str, Version | None, str | None]] = {}
        seen: set[str] = set()

        def submit(url: str, found_on: str | None) -> None:
            if url in seen:
                return
            seen.add(url)
            with sink.reading() as store:
                latest = records.latest_version(store, url)
            pending[pool.submit(fetcher.fetch, url, latest.validators if latest else None)] = (url, latest, found_on)

        for url in wanted:
            submit(url, None)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                url, latest, found_on = pending.pop(future)
                outcome, page = _settle(url, future, latest, found_on, sink, options)
                brought.outcomes.append(outcome)
                if progress is not None:
                    progress(outcome)
                if page is not None and options.attachments and found_on is None:
                    for link in _attachments_of(page):
                        submit(link, url)
    return brought


def _attachments_of(page: Page) -> list[str]:
    try:
        if suffix_of(page) != ".html":
            return []
    except InputError:
        return []
    return attachments(page.body, page.final_url)[:MAX_ATTACHMENTS]


def _settle(
    url: str, future: Future[Page | NotModified], latest: Version | None, found_on: str | None, sink: Sink,
    options: FetchOptions,
) -> tuple[Outcome, Page | None]:  # fmt: skip
    try:
        result = future.result()
    except FetchFailed as exc:
        return Outcome(url, "failed", exc.reason, found_on=found_on), None
    if isinstance(result, NotModified):
        if latest is not None:
            with sink.writing() as store:
                records.touch_version(store, latest, result)
        return Outcome(url, "unchanged", found_on=found_on), None
    if latest is not None and result.sha256 == latest.content_sha256:
        with sink.writing() as store:
            records.touch_version(store, latest, result)
        return Outcome(url, "unchanged", found_on=found_on), result
    try:
        docs = documents_of(result)
    except InputError as exc:
        return Outcome(url, "failed", exc.reason, found_on=found_on), result
    return _store(url, result, docs, latest, found_on, sink, options), result


def _store(
    url: str, page: Page, docs: Sequence[Document], latest: Version | None, found_on: str | None, sink: Sink,
    options: FetchOptions,
) -> Outcome:  # fmt: skip
    given = GivenMetadata(region=options.region)
    new: list[tuple[str, str]] = []
    statements = 0
    for loaded in docs:
        doc = given.applied(loaded)
        record = replace(trusted(stored(doc), options.source_type), confirmed_by=options.vouched_by)
        if latest is not None and record.id == latest.doc_id:
            with sink.writing() as store:
                records.touch_version(store, latest, page)
            continue
        found = extract_document(doc)
        with sink.writing() as store:
            result = store.add_document(record, found)
            records.add_version(store, page, record.id, options.source_name, found_on)
            if result.added:
                sink.added(replace(record, name=result.name), result.as_stored(found))
        if result.added:
            new.append((result.name, result.doc_id))
            statements += result.statements
    return Outcome(url, "new" if new else "unchanged", documents=tuple(new), statements=statements, found_on=found_on)
