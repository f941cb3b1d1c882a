"""Scoped link indexes: what a page about one region needs, and no more.

Links never cross regions, so the scoreboard of a region needs only the
statements of the region and the places in it (``places_within``), and
the board of a year only its targets and the outcomes of it and of the
year before (projections). A ``Scope`` is such an index, read from the
store when first asked for; ``Scopes`` keeps the recently used ones, at
most so many and so many statements in all, so that the server's memory
follows what is looked at, not the size of the store.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from luoshi.store import Store, StoredDocument
from luoshi.track.board import places_within
from luoshi.track.link import named_owner
from luoshi.track.link_index import TextSource, TrackIndex
from luoshi.track.memory import no_gc
from luoshi.track.periods import split, year_before
from luoshi.types import Kind, Statement
from luoshi.web.columns import document_id, document_text, documents_of, scope_statements

ScopeKey = tuple[str, str | None]  # (region, year or None: every year)


def scope_year(period: str | None) -> str | None:
    """The year a period's board is keyed under (2025 for 2025-10)."""
    return None if period is None else split(period)[0]


@dataclass
class Scope:
    """The link index of a region's places, of one year or of all."""

    region: str
    year: str | None
    places: frozenset[str]
    index: TrackIndex
    statements: int  # held in the index: what the LRU bounds

    @property
    def key(self) -> ScopeKey:
        return (self.region, self.year)

    def wants(self, s: Statement) -> bool:
        """Whether ``s`` belongs in this scope, as ``scope_statements`` reads them."""
        if s.region not in self.places or s.kind is Kind.EVENT or s.indicator is None:
            return False
        if self.year is None:
            return True
        year = split(s.period)[0]
        return year == self.year or (s.kind is not Kind.TARGET and year == year_before(self.year))

    def take(self, doc: StoredDocument, statements: Sequence[Statement]) -> bool:
        """Group those of a document's statements that belong here; whether any did."""
        mine = [s for s in statements if self.wants(s)]
        if mine:
            self.index.include(doc, mine)
            self.statements += len(mine)
        return bool(mine)


def build_scope(store: Store, region: str, year: str | None, owner_of: Callable[[Statement], str | None]) -> Scope:
    """The scope of ``region`` (and ``year``), read from ``store``."""
    places = places_within(region)
    with no_gc():  # records made by the thousand: collections only slow it down
        statements = scope_statements(store, places, year)
        index = figures_index(store, statements, owner_of)
    return Scope(region, year, frozenset(places), index, len(statements))


def figures_index(
    store: Store, statements: Sequence[Statement], owner_of: Callable[[Statement], str | None] = named_owner
) -> TrackIndex:
    """An index of ``statements`` with their documents' sources."""
    docs = documents_of(store, {s.doc_id for s in statements if s.doc_id})
    return TrackIndex.build(statements, docs, _texts(store, docs), owner_of)


def _texts(store: Store, docs: Iterable[StoredDocument]) -> TextSource:
    """Texts by document name, for the 预计 check around a figure, read by
    id through ``store`` (the handle the caller holds): only the documents
    of the scope, never a search of the whole store. (Until 预计 is a flag
    the extractor sets: then nothing reads texts to link.)"""
    ids = {d.name: d.id for d in docs}

    # The check asks group by group, so the same document again soon after:
    # the last few texts are kept, no more (a scope lives long).
    @lru_cache(maxsize=16)
    def text_of(name: str) -> str | None:
        doc_id = ids.get(name) or document_id(store, name)
        return None if doc_id is None else document_text(store, doc_id)

    return TextSource(text_of)


class Scopes:
    """The scopes kept, least recently used first: at most ``most`` of them
    and ``most_statements`` statements in all (a scope larger than that is
    used once and not kept, as is an empty one)."""

    def __init__(self, most: int, most_statements: int) -> None:
        self.most = most
        self.most_statements = most_statements
        self._kept: OrderedDict[ScopeKey, Scope] = OrderedDict()

    def __iter__(self) -> Iterator[Scope]:
        return iter(list(self._kept.values()))

    def __contains__(self, key: object) -> bool:
        return key in self._kept

    def __len__(self) -> int:
        return len(self._kept)

    @property
    def statements(self) -> int:
        return sum(s.statements for s in self._kept.values())

    def get(self, key: ScopeKey) -> Scope | None:
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
        return found

    def keep(self, scope: Scope) -> list[Scope]:
        """Keep ``scope`` as the most recently used; the scopes it pushed out.
        An empty one (a region nothing is said of: read again in one query)
        is not kept, so that asking for such names never pushes out the rest."""
        if not 0 < scope.statements <= self.most_statements:
            return []
        self._kept[scope.key] = scope
        self._kept.move_to_end(scope.key)
        return self.trim()

    def trim(self) -> list[Scope]:
        """Drop the least recently used until within bounds (after scopes grew)."""
        gone = []
        while self._kept and (len(self._kept) > self.most or self.statements > self.most_statements):
            gone.append(self._kept.popitem(last=False)[1])
        return gone

    def drop(self, key: ScopeKey) -> None:
        self._kept.pop(key, None)

    def clear(self) -> None:
        self._kept.clear()
