"""The statements a question about some regions and a period needs, and
no more: a scoreboard of one region for one year reads the link
partitions (``luoshi.store.links_table``) of the region and the places in
it for that year and the year before (projections read last year's
outcomes), so its cost follows what it shows, not the size of the store."""

from __future__ import annotations

from collections.abc import Sequence

from luoshi.store import Store
from luoshi.store.links_table import Partition, part_of
from luoshi.store.sql import SqlStore
from luoshi.track.link_index import TrackIndex, assigned_owners


def scope_partitions(store: SqlStore, regions: Sequence[str], period: str | None) -> set[Partition]:
    """The partitions of ``regions`` a question about ``period`` (every
    period: None) needs."""
    if period is None or not part_of(period).isdigit():
        wanted = set(regions)
        return {p for p in store.partitions() if p[0] in wanted}
    year = int(part_of(period))
    return {(r, str(y)) for r in regions for y in (year - 1, year)}


def scoped_index(store: Store, regions: Sequence[str] | None, period: str | None = None) -> TrackIndex:
    """A link index of what a question about ``regions`` (every region:
    None) and ``period`` needs, read from the store."""
    if regions is None or not isinstance(store, SqlStore):
        return TrackIndex.from_store(store, regions=regions)
    found = store.partition_statements(scope_partitions(store, regions, period))
    statements = [s for key in sorted(found) for s in found[key]]
    docs = store.listed_documents(sorted({s.doc_id for s in statements if s.doc_id}))
    return TrackIndex.build(statements, docs, owner_of=assigned_owners(store))
