"""Scoped link indexes: what a page about one region needs, and no more.

Links never cross regions, so the scoreboard of a region needs only the
statements of the region and the places in it (``places_within``), and
the board of a year only the statements of it and of the year before
(projections): ``luoshi.track.scopes.scoped_index``. A ``Scope`` is such
an index, read from the store when first asked for; ``Scopes`` keeps the recently used ones, at
most so many and so many statements in all, so that the server's memory
follows what is looked at, not the size of the store.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from luoshi.store import Store, StoredDocument
from luoshi.store.links_table import part_of
from luoshi.track.board import places_within
from luoshi.track.link_index import TrackIndex
from luoshi.track.memory import no_gc
from luoshi.track.scopes import scoped_index
from luoshi.types import Kind, Statement
from luoshi.web.columns import sql_store

ScopeKey = tuple[str, str | None]  # (region, year or None: every year)


def scope_year(period: str | None) -> str | None:
    """The year whose scope answers a period's board (2025 for 2025-10 and
    2025-2030, as the store partitions statements); None, every year, for
    no period or one naming none."""
    year = None if period is None else part_of(period)
    return year if year is not None and year.isdigit() else None


@dataclass
class Scope:
    """The link index of a region's places, of one year (with the year
    before: projections) or of all."""

    region: str
    year: str | None
    places: frozenset[str]
    index: TrackIndex
    statements: int  # held in the index: what the LRU bounds

    @property
    def key(self) -> ScopeKey:
        return (self.region, self.year)

    def wants(self, s: Statement) -> bool:
        """Whether ``s`` belongs in this scope, as ``scoped_index`` reads them."""
        if s.region not in self.places or s.kind is Kind.EVENT or s.indicator is None:
            return False
        return self.year is None or part_of(s.period) in (self.year, str(int(self.year) - 1))

    def take(self, doc: StoredDocument, statements: Sequence[Statement]) -> bool:
        """Group those of a document's statements that belong here; whether any did."""
        mine = [s for s in statements if self.wants(s)]
        if mine:
            self.index.include(doc, mine)
            self.statements += len(mine)
        return bool(mine)


def build_scope(store: Store, region: str, year: str | None) -> Scope:
    """The scope of ``region`` (and ``year``), read from ``store``."""
    places = places_within(region)
    with no_gc():  # records made by the thousand: collections only slow it down
        index = scoped_index(store, places, year)
    return Scope(region, year, frozenset(places), index, held(index))


def held(index: TrackIndex) -> int:
    """The statements an index holds."""
    kept = (index.targets, index.outcomes, index.held, index.unvouched)
    return sum(len(group) for groups in kept for group in groups.values())


def figures_index(store: Store, statements: Sequence[Statement]) -> TrackIndex:
    """An index of ``statements`` with their documents' sources."""
    docs = sql_store(store).listed_documents(sorted({s.doc_id for s in statements if s.doc_id}))
    return TrackIndex.build(statements, docs)


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
