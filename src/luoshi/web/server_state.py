"""What a running server keeps between requests: the store, one handle on
it per worker thread, and the linked targets.

Linking a million statements takes tens of seconds, so the ``TrackIndex`` is
built once and then updated document by document (``added``); scoreboards and
comparison tables computed from it are cached until the next change, or
until the day changes in Beijing (a deadline may pass). Writes
go through the main handle under one lock, which also guards the index.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, TypeVar

from luoshi.accounts import Accounts
from luoshi.store import Store, StoredDocument
from luoshi.store.sql import SqlStore
from luoshi.track.board import Assessment, CompareRow, compare, scoreboard
from luoshi.track.deadlines import today
from luoshi.track.link_index import TrackIndex, assigned_owners
from luoshi.track.memory import freeze, keep_for_good
from luoshi.track.ranking import Source
from luoshi.types import Kind, Statement

T = TypeVar("T")
_CACHED = 1024  # answers kept; the oldest unused go first


class WebState:
    def __init__(self, store: Store, due_within: int | None = None) -> None:
        self.store = store  # writes (and the index's reads), under ``lock``
        # 临期: deadlines at most this many days ahead (None: deadlines.yaml's)
        self.due_within = due_within
        self._day = today()  # deadlines are judged as of this day in Beijing
        self.lock = threading.RLock()
        self.version = 0  # bumped by every change to the store
        self._local = threading.local()
        self._forks: list[Store] = []
        self._forks_lock = threading.Lock()
        self._index: TrackIndex | None = None
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    # -- handles -------------------------------------------------------------
    def reader(self) -> Store:
        """This thread's own handle on the store, for reading."""
        fork: Store | None = getattr(self._local, "store", None)
        if fork is None:
            fork = self._local.store = self.store.fork()
            with self._forks_lock:
                self._forks.append(fork)
        return fork

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The main handle, alone: the caller writes, then calls ``added``."""
        with self.lock:
            yield self.store

    def accounts(self, store: Store | None = None) -> Accounts:
        """Accounts through ``store`` (the main handle while writing), else
        through this thread's handle."""
        handle = self.reader() if store is None else store
        if not isinstance(handle, SqlStore):
            raise TypeError(f"accounts need an SQL store, not {type(handle).__name__}")
        return Accounts(handle)

    def close(self) -> None:
        with self._forks_lock:
            for fork in self._forks:
                fork.close()
            self._forks.clear()
        self.store.close()

    # -- the linked targets ----------------------------------------------------
    def index(self) -> TrackIndex:
        with self.lock:
            if self._index is None:
                self._index = TrackIndex.from_store(self.store)
                keep_for_good()
            return self._index

    def added(self, doc: StoredDocument, statements: Sequence[Statement]) -> None:
        """A document was stored: link it as the store keeps it, and forget
        every cached answer. The store may have given it another name than
        the one it came with (a taken name is stored as NAME (2)): its
        statements are linked under that name and with its id, so they
        never join another document's under the name it tried to take."""
        with self.lock:
            if self._index is not None:
                kept = self.store.document(doc.id) or doc
                if kept.name != doc.name or any(s.doc_id != kept.id for s in statements):
                    statements = [replace(s, doc=kept.name, doc_id=kept.id) for s in statements]
                self._index.add_document(kept, statements)
            self.changed()

    def added_many(self, documents: Sequence[tuple[StoredDocument, Sequence[Statement]]]) -> None:
        """Documents were stored (an upload job's batch), each given as the
        store keeps it (its name, ``ingested_at``) and with its statements as
        stored: group them into the index without linking anything (links
        are computed when read), and forget the cached answers once for all
        of them, not once a document, or every read meanwhile recomputes.
        The listing of documents and the ids by name are brought up to date
        rather than forgotten: listing every document again takes seconds
        once an upload has added 100,000, under the lock every page needs."""
        with self.lock:
            if self._index is not None:
                for doc, statements in documents:
                    self._index.include(doc, statements)
                # As after linking at start-up: records the index keeps for
                # good, left to the collector, make each full collection walk
                # them all — a 100,000-row upload made pages stall 0.2 s a time.
                freeze()
            listed: list[StoredDocument] | None = self._cache.get(("documents",))
            ids: dict[str, str] | None = self._cache.get(("ids",))
            self.changed()
            new = sorted((replace(d, text="", statement_count=len(s)) for d, s in documents), key=_listing_order)
            if listed is None or not new or not _newer(new[-1], listed):
                return  # computed again when asked
            self._cache[("documents",)] = new + listed
            if ids is not None:
                self._cache[("ids",)] = {**ids, **{d.name: d.id for d in new}}  # the newest of a name, as ids() has it

    def removed(self, statements: Sequence[Statement]) -> None:
        """Statements are no longer evidence (a corrected or withdrawn
        progress report's): unlink them, and forget every cached answer."""
        with self.lock:
            if self._index is not None:
                self._index.remove(statements)
            self.changed()

    def confirmed(self, doc: StoredDocument) -> None:
        """An admin confirmed a document (perhaps setting its type): relink
        what it touches, and forget every cached answer."""
        with self.lock:
            if self._index is not None:
                self._index.update_source(Source.of(doc))
            self.changed()

    def reassigned(self) -> None:
        """An owner was assigned: whose uploads settle which targets changed."""
        with self.lock:
            if self._index is not None:
                self._index.owner_of = assigned_owners(self.store)
            self.changed()

    def changed(self) -> None:
        """Something cached answers depend on changed (an owner assigned)."""
        with self.lock:
            self.version += 1
            self._cache.clear()

    def _new_day(self) -> None:
        """At midnight in Beijing every answer may change: a deadline passes."""
        day = today()
        if day != self._day:
            self._day = day
            self.changed()

    def cached(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()``, remembered until the store changes (or the day)."""
        with self.lock:
            self._new_day()
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]  # type: ignore[no-any-return]
            value = compute()
            self._cache[key] = value
            if len(self._cache) > _CACHED:
                self._cache.popitem(last=False)
            return value

    def remembered(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """Like ``cached``, but computed outside the lock: for reads through
        a thread's own handle, which may run side by side."""
        version = self.version
        with self.lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]  # type: ignore[no-any-return]
        value = compute()
        with self.lock:
            if self.version == version:  # else the store changed meanwhile: not kept
                self._cache[key] = value
                if len(self._cache) > _CACHED:
                    self._cache.popitem(last=False)
        return value

    def scoreboard(self, region: str | None, period: str | None) -> list[Assessment]:
        """Every target of the region and period, deadlines judged as of today in Beijing."""
        return self.cached(
            ("board", region, period),
            lambda: scoreboard(self.index(), region, period, as_of=self._day, due_within=self.due_within),
        )

    def compare(self, indicator: str, kind: Kind, period: str) -> list[CompareRow]:
        return self.cached(("compare", indicator, kind, period), lambda: compare(self.index(), indicator, kind, period))

    def documents(self) -> list[StoredDocument]:
        return self.cached(("documents",), lambda: self.store.documents())

    def document_ids(self) -> dict[str, str]:
        """Document id by name (names are unique in a store), for links to
        sources of statements that do not carry their document's id."""

        def ids() -> dict[str, str]:
            found: dict[str, str] = {}
            for d in self.documents():  # newest first
                found.setdefault(d.name, d.id)
            return found

        return self.cached(("ids",), ids)


def _listing_order(d: StoredDocument) -> tuple[float, str, str]:
    """Store.documents()'s order: newest first, then by name and id."""
    return (-(d.ingested_at.timestamp() if d.ingested_at else 0.0), d.name, d.id)


def _newer(oldest_new: StoredDocument, listed: list[StoredDocument]) -> bool:
    """Whether documents just stored all come before ``listed`` in its order."""
    return not listed or _listing_order(oldest_new) < _listing_order(listed[0])
