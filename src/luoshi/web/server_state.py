"""What a running server keeps between requests: the store, one handle on
it per worker thread, and the linked targets of the regions looked at.

The server never links the whole store: a page about a region reads the
statements of that region's places (``luoshi.web.scopes``), keeps that
index while it is used, and updates it document by document (``added``);
the lists the filters offer are columns read with SQL (``luoshi.web.columns``).
Scoreboards, comparison tables and rendered pages (``page``) are cached
until the next change, or until the day changes in Beijing (a deadline may
pass). Writes go through
the main handle under one lock, which also guards the scopes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from typing import Any, TypeVar

from luoshi.accounts import Accounts
from luoshi.gazetteer import Gazetteer
from luoshi.store import StatementQuery, Store, StoredDocument
from luoshi.store.sql import SqlStore
from luoshi.track.board import Assessment, CompareRow, compare, scoreboard
from luoshi.track.deadlines import today
from luoshi.track.link_index import TrackIndex, assigned_owners
from luoshi.track.memory import freeze
from luoshi.track.periods import year_before
from luoshi.track.ranking import Source
from luoshi.track.stored_board import stored_scoreboard
from luoshi.types import Kind, Statement
from luoshi.web import charts
from luoshi.web.columns import target_regions
from luoshi.web.scopes import Scope, Scopes, build_scope, figures_index, scope_year

T = TypeVar("T")
_CACHED = 1024  # answers kept; the oldest unused go first
_PAGES = 64  # rendered pages kept (one a filter and visitor), apart from the answers they are made of
# Reads a request names (a page of statements, of events), kept apart from the
# answers of the whole store (the regions, years, boards), which would
# otherwise go first under a run of varied reads and be computed again:
# seconds each on PostgreSQL at ten million statements.
_READS = 1024
_MISSING = object()
# Scoped link indexes kept (``luoshi.web.scopes``): so many at most, and so
# many statements in all (about 1.5 kB of memory each, linked).
MOST_SCOPES = 32
MOST_SCOPED = 300_000


class WebState:
    def __init__(
        self, store: Store, due_within: int | None = None, *, most_scopes: int = MOST_SCOPES,
        most_scoped: int = MOST_SCOPED,
    ) -> None:  # fmt: skip
        self.store = store  # writes and the scopes' reads, under ``lock``
        # 临期: deadlines at most this many days ahead (None: deadlines.yaml's)
        self.due_within = due_within
        self._day = today()  # deadlines are judged as of this day in Beijing
        self.lock = threading.RLock()
        self.version = 0  # bumped by every change to the store
        # Each thread's handle, by thread id, not in thread-local storage: a
        # DuckDB handle left in an idle daemon thread's locals is destroyed
        # during interpreter shutdown, which aborts the process (duckdb#13904).
        self._forks: dict[int, Store] = {}
        self._forks_lock = threading.Lock()
        self.scopes = Scopes(most_scopes, most_scoped)
        self._owners: Callable[[Statement], str | None] | None = None  # assigned owners, read once
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._pages: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._reads: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    # -- handles -------------------------------------------------------------
    def reader(self) -> Store:
        """This thread's own handle on the store, for reading."""
        me = threading.get_ident()
        fork = self._forks.get(me)
        if fork is None:
            fork = self.store.fork()
            with self._forks_lock:
                self._forks[me] = fork
        if len(self._forks) > threading.active_count():
            self._close_unowned()
        return fork

    def _close_unowned(self) -> None:
        """Close the handles of threads that have ended (a pool's idle
        threads end and others start; a new one may get an ended one's id,
        and its handle): at most one handle a live thread."""
        with self._forks_lock:
            alive = {t.ident for t in threading.enumerate()}
            for ident in [i for i in self._forks if i not in alive]:
                self._forks.pop(ident).close()

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
            for fork in self._forks.values():
                fork.close()
            self._forks.clear()
        self.store.close()

    # -- the linked targets, scope by scope -----------------------------------------
    def index_for(self, region: str, period: str | None = None) -> TrackIndex:
        """The link index of ``region`` and the places in it: of ``period``'s
        year (with the year before: projections) when given, else of every
        year. Built from the store when first asked for and kept while used
        (``Scopes``); read it under ``lock``, which writes take to update it."""
        with self.lock:
            return self._scope(region, scope_year(period)).index

    def _scope(self, region: str, year: str | None, keep: bool = True) -> Scope:
        """The scope asked for: a kept one (that of every year serves any
        year), else one read now, kept if ``keep``."""
        with self.lock:
            found = self.scopes.get((region, year)) or (self.scopes.get((region, None)) if year else None)
            if found is not None:
                return found
            found = build_scope(self.store, region, year)
            found.index.owner_of = self._owner_lookup()
            if keep:
                for gone in self.scopes.keep(found):
                    self._forget_boards(gone.region)
            if found.key in self.scopes:
                # Kept records left to the collector make each full collection
                # walk them all; freed by reference counting when dropped all the same.
                freeze()
            return found

    def _owner_lookup(self) -> Callable[[Statement], str | None]:
        if self._owners is None:
            self._owners = assigned_owners(self.store)
        return self._owners

    def _trim(self) -> None:
        """Scopes grew with new statements: drop the least used beyond the bounds."""
        for gone in self.scopes.trim():
            self._forget_boards(gone.region)

    def _forget_boards(self, region: str) -> None:
        """Boards of a dropped scope hold its records: forgotten with it."""
        for key in [k for k in list(self._cache) if k[:1] == ("board",) and k[1] == region]:
            del self._cache[key]

    def added(self, doc: StoredDocument, statements: Sequence[Statement]) -> None:
        """A document was stored: its statements join the scopes they belong
        to (the others are left as they are), and every cached answer is
        forgotten. The store may have given it another name than the one it
        came with (a taken name is stored as NAME (2)): its statements are
        linked under that name and with its id, so they never join another
        document's under the name it tried to take."""
        with self.lock:
            touched = [scope for scope in self.scopes if any(scope.wants(s) for s in statements)]
            if touched:
                kept = self.store.document(doc.id) or doc
                if kept.name != doc.name or any(s.doc_id != kept.id for s in statements):
                    statements = [replace(s, doc=kept.name, doc_id=kept.id) for s in statements]
                for scope in touched:
                    scope.take(kept, statements)
                self._trim()
            self.changed()

    def added_many(self, documents: Sequence[tuple[StoredDocument, Sequence[Statement]]]) -> None:
        """Documents were stored (an upload job's batch), each given as the
        store keeps it (its name, ``ingested_at``) and with its statements as
        stored: group them into the scopes they belong to without linking
        anything (links are computed when read), and forget the cached
        answers once for all of them, not once a document, or every read
        meanwhile recomputes. The listing of documents is brought up to
        date rather than forgotten: listing every document
        again takes seconds once an upload has added 100,000, under the lock
        every page needs."""
        with self.lock:
            taken = [scope.take(doc, statements) for scope in self.scopes for doc, statements in documents]
            if any(taken):
                self._trim()
                freeze()  # as after reading a scope: kept records out of the collector's walks
            listed: list[StoredDocument] | None = self._cache.get(("documents",))
            self.changed()
            new = sorted((replace(d, text="", statement_count=len(s)) for d, s in documents), key=_listing_order)
            if listed is None or not new or not _newer(new[-1], listed):
                return  # computed again when asked
            self._cache[("documents",)] = new + listed

    def removed(self, statements: Sequence[Statement]) -> None:
        """Statements are no longer evidence (a corrected or withdrawn
        progress report's): unlink them where kept, and forget every cached answer."""
        with self.lock:
            for scope in self.scopes:
                mine = [s for s in statements if scope.wants(s)]
                if mine:
                    scope.index.remove(mine)
                    scope.statements = max(0, scope.statements - len(mine))
            self.changed()

    def confirmed(self, doc: StoredDocument) -> None:
        """An admin confirmed a document (perhaps setting its type): relink
        what it touches in the scopes holding its statements, and forget
        every cached answer."""
        with self.lock:
            for scope in self.scopes:
                if doc.name in scope.index.sources:
                    scope.index.update_source(Source.of(doc))
            self.changed()

    def reassigned(self) -> None:
        """An owner was assigned: whose uploads settle which targets changed."""
        with self.lock:
            self._owners = None
            for scope in self.scopes:
                scope.index.owner_of = self._owner_lookup()
            self.changed()

    def changed(self) -> None:
        """Something cached answers depend on changed (an owner assigned)."""
        with self.lock:
            self.version += 1
            self._cache.clear()
            self._pages.clear()
            self._reads.clear()

    def _new_day(self) -> None:
        """At midnight in Beijing every answer may change: a deadline passes."""
        day = today()
        if day != self._day:
            self._day = day
            self.changed()

    def cached(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()``, remembered until the store changes (or the day).
        An answer already kept is given without waiting for the lock, which
        a board being linked may hold for seconds: at worst it is the answer
        of just before a write that is under way."""
        return self._kept(self._cache, _CACHED, key, compute)

    def page(self, key: tuple[Any, ...], render: Callable[[], T]) -> T:
        """A rendered page, kept as ``cached`` answers are (until the store
        or the day changes) but apart from them and fewer: pages, one a
        filter and visitor, never push out the boards they are made from.
        ``key`` holds whatever of the request the page shows."""
        return self._kept(self._pages, _PAGES, key, render)

    def _kept(
        self, kept: OrderedDict[tuple[Any, ...], Any], most: int, key: tuple[Any, ...], compute: Callable[[], T]
    ) -> T:
        found = kept.get(key, _MISSING)  # each call on the cache is atomic beside the lock's holder
        if found is not _MISSING and self._day == today():
            with suppress(KeyError):  # forgotten meanwhile
                kept.move_to_end(key)
            return found  # type: ignore[no-any-return]
        with self.lock:
            self._new_day()
            if key in kept:
                kept.move_to_end(key)
                return kept[key]  # type: ignore[no-any-return]
            value = compute()
            kept[key] = value
            if len(kept) > most:
                kept.popitem(last=False)
            return value

    def remembered(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """Like ``cached``, but computed outside the lock: for reads through
        a thread's own handle, which may run side by side; kept apart from
        ``cached`` answers, so that they never push those out."""
        version = self.version
        with self.lock:
            if key in self._reads:
                self._reads.move_to_end(key)
                return self._reads[key]  # type: ignore[no-any-return]
        value = compute()
        with self.lock:
            if self.version == version:  # else the store changed meanwhile: not kept
                self._reads[key] = value
                if len(self._reads) > _READS:
                    self._reads.popitem(last=False)
        return value

    def scoreboard(self, region: str | None, period: str | None) -> list[Assessment]:
        """Every target of the region (and the places in it) and period,
        deadlines judged as of today in Beijing; of every region when
        ``region`` is None, read region by region."""
        if region is None:
            return self.cached(("board", None, period), lambda: self._every_board(period))
        return self.cached(("board", region, period), lambda: self._board(region, period))

    def _board(self, region: str, period: str | None, keep: bool = True) -> list[Assessment]:
        """A region's board: read from the stored links where every
        partition is linked (nothing is linked to answer), else linked from
        the region's scope."""
        if self._stored_links():
            return stored_scoreboard(self._sql_reader(), region, period, as_of=self._day, due_within=self.due_within)
        with self.lock:
            index = self._scope(region, scope_year(period), keep).index
            return scoreboard(index, region, period, as_of=self._day, due_within=self.due_within)

    def _stored_links(self) -> bool:
        """Whether boards can be read from the stored links (until the store
        changes: a bulk load leaves them stale until ``luoshi relink``)."""
        if not isinstance(self.store, SqlStore):
            return False
        return self.cached(("links complete",), lambda: self._sql_reader().links_complete())

    def _sql_reader(self) -> SqlStore:
        reader = self.reader()
        assert isinstance(reader, SqlStore)  # a fork of an SQL store
        return reader

    def boards_by_region(self, period: str | None) -> Iterator[list[Assessment]]:
        """The board of every region with targets, one province (with the
        places in it) or region outside the gazetteer at a time, each scope
        read and let go unless kept already: never the whole store at once."""
        for region in self.cached(("board regions", scope_year(period)), lambda: self._board_regions(period)):
            yield self._board(region, period, keep=False)

    def _board_regions(self, period: str | None) -> list[str]:
        gaz = Gazetteer.default()
        found: set[str] = set()
        for region in target_regions(self.store, scope_year(period)):
            here = gaz.by_name(region)
            province = gaz.by_code(here.province_code) if here is not None and here.province_code else None
            found.add(province.name if province is not None else region)
        return sorted(found)

    def _every_board(self, period: str | None) -> list[Assessment]:
        """The boards of every region as one, each target once (a place
        whose name two provinces share is read with both), ordered as one
        board of the whole store would be."""
        if self._stored_links():
            board = stored_scoreboard(self._sql_reader(), None, period, as_of=self._day, due_within=self.due_within)
            return sorted(board, key=_board_order)
        seen: set[Statement] = set()
        every: list[Assessment] = []
        for board in self.boards_by_region(period):
            for a in board:
                if a.anchor not in seen:  # one span may hold two statements: the whole statement tells
                    seen.add(a.anchor)
                    every.append(a)
        every.sort(key=_board_order)
        return every

    def compare(self, indicator: str, kind: Kind, period: str) -> list[CompareRow]:
        """The 31-province table, from the figures it shows only: those asked
        for and, for targets, the previous year's outcomes beside them."""

        def rows() -> list[CompareRow]:
            wanted = [StatementQuery(indicator=indicator, kind=kind, period=period)]
            before = year_before(period)
            if kind is Kind.TARGET and before is not None:
                wanted.append(StatementQuery(indicator=indicator, kind=Kind.ACTUAL, period=before))
            statements = [s for q in wanted for s in self.store.statements(q)]
            return compare(figures_index(self.store, statements), indicator, kind, period)

        return self.cached(("compare", indicator, kind, period), rows)

    def series(self, indicator: str) -> list[dict[str, Any]]:
        """One indicator's targets and outcomes by region and year (``charts.series``),
        from that indicator's statements only."""

        def groups() -> list[dict[str, Any]]:
            kinds = (Kind.TARGET, Kind.ACTUAL)
            found = [s for k in kinds for s in self.store.statements(StatementQuery(indicator=indicator, kind=k))]
            return charts.series(figures_index(self.store, found), indicator, self.document_ids())

        return self.cached(("series", indicator), groups)

    def documents(self) -> list[StoredDocument]:
        return self.cached(("documents",), lambda: self.store.documents())

    def document_ids(self) -> Mapping[str, str]:
        """Document id by name (names are unique in a store), for links to
        sources of statements that do not carry their document's id: looked
        up when asked, not listed, since a store's statements carry their
        ids and listing every document cost half a second at start-up at
        46,000 documents."""
        return DocumentIds(lambda name: self.reader().document_id(name))


class DocumentIds(Mapping[str, str]):
    """Document ids by name, each read from the store when first asked (a
    name means one document: documents are not renamed). Made for one
    answer; not to be walked, which would list every document."""

    def __init__(self, lookup: Callable[[str], str | None]) -> None:
        self._lookup = lookup
        self._found: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        found = self._found.get(name)
        if found is None:
            found = self._lookup(name)
            if found is None:
                raise KeyError(name)
            self._found[name] = found
        return found

    def __iter__(self) -> Iterator[str]:
        raise TypeError("document ids are looked up by name, not listed")

    def __len__(self) -> int:
        raise TypeError("document ids are looked up by name, not counted")


def _board_order(a: Assessment) -> tuple[str, str, str, int]:
    """Where a target comes on one board of every region: by region, period,
    then its first statement in document and text order."""
    first = min((r.statement.doc, r.statement.start) for r in a.sources)
    return (a.target.region, a.target.period, *first)


def _listing_order(d: StoredDocument) -> tuple[float, str, str]:
    """Store.documents()'s order: newest first, then by name and id."""
    return (-(d.ingested_at.timestamp() if d.ingested_at else 0.0), d.name, d.id)


def _newer(oldest_new: StoredDocument, listed: list[StoredDocument]) -> bool:
    """Whether documents just stored all come before ``listed`` in its order."""
    return not listed or _listing_order(oldest_new) < _listing_order(listed[0])
