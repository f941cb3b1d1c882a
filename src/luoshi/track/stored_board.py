"""The scoreboard read from the stored links (``luoshi.track.stored_links``)
rather than linked first: the rows of the targets asked for, the statements
they name, and — only for targets settled by a figure for part of the year,
whose projection needs it — the previous year's outcomes of their region.

It gives the assessments ``luoshi.track.board.scoreboard`` computes from an
index of the same statements, in the same order; reading costs what is
shown, whatever the size of the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date

from luoshi.store.links_table import LinkRow, Ref, anchor_of, part_of
from luoshi.store.sql import SqlStore
from luoshi.track.board import Assessment, assess, places_within
from luoshi.track.deadlines import today
from luoshi.track.link import Evidence, Link
from luoshi.track.link_index import TrackIndex, assigned_owners
from luoshi.track.memory import no_gc
from luoshi.track.periods import share_elapsed, year_before
from luoshi.track.ranking import Source
from luoshi.track.rules import track_rules
from luoshi.track.same_target import Restatement, TargetGroup, differences, ranked_order
from luoshi.types import Statement

Place = tuple[str, int]  # (doc_id, seq)


def stored_scoreboard(
    store: SqlStore, region: str | None = None, period: str | None = None, owner: str | None = None, *,
    as_of: date | None = None, due_within: int | None = None,
) -> list[Assessment]:  # fmt: skip
    """``luoshi.track.board.store_scoreboard`` from the stored links: every
    target of ``region`` and the places in it (every region: None) and of
    ``period`` (every period: None), assessed as of ``as_of``."""
    regions = places_within(region) if region else None
    rows = store.link_rows(regions, period)
    if not rows:
        return []
    # the board's order (luoshi.track.board.select_targets): the region's own
    # targets, then its places by code; without a region, by region name
    order = {name: i for i, name in enumerate(regions or ())}
    rows.sort(key=lambda r: (order.get(r.region, 0), r.region))
    with no_gc():
        # a link never leaves its partition: every statement a row names is of the row's region
        regions_read = {row.region for row in rows}
        statements = store.statements_at({place for row in rows for place in _places(row)}, regions_read)
        sources = _sources(store, {s.doc_id or s.doc for s in statements.values()})
        groups = _groups(rows, statements, sources, order)
        if owner is not None:
            groups = [(g, r) for g, r in groups if any(owner in (t.owner or "") for t in g.statements)]
        index = _index_for_projections(store, groups, statements, sources)
        day = as_of or today()
        return [
            assess(_link(row, statements, sources), index, group, as_of=day, due_within=due_within)
            for group, row in groups
        ]


def _places(row: LinkRow) -> Iterator[Place]:
    yield row.at
    for refs in (row.candidates, row.conflicts, row.unconfirmed):
        for doc_id, seq, _ in refs:
            yield (doc_id, seq)


def _sources(store: SqlStore, ids: set[str]) -> dict[str, Source]:
    rules = track_rules()
    return {d.id: Source.of(d, rules) for d in store.listed_documents(sorted(ids))}


def _groups(
    rows: Sequence[LinkRow], statements: dict[Place, Statement], sources: dict[str, Source], order: dict[str, int]
) -> list[tuple[TargetGroup, LinkRow]]:
    """The targets of the rows, each with its primary's row, in the
    scoreboard's order: by period, document and offset of its first
    statement (``luoshi.track.board.select_targets``)."""
    members: dict[str, list[LinkRow]] = defaultdict(list)
    for row in rows:
        members[row.anchor].append(row)

    def at(row: LinkRow) -> Statement:
        return statements[row.at]

    def first(group: list[LinkRow]) -> tuple[int, str, str, str, int, int, int]:
        return min((order.get(r.region, 0), r.region, r.period, at(r).doc, r.start, r.end, r.seq) for r in group)

    found = []
    for group in sorted(members.values(), key=first):
        primary = next(r for r in group if r.is_primary)
        lead = at(primary)
        ranked = sorted((at(r) for r in group), key=lambda t: ranked_order(sources[t.doc_id or t.doc], t))
        restated = tuple(
            Restatement(t, sources[t.doc_id or t.doc], differences(t, lead) if len(ranked) > 1 else ()) for t in ranked
        )
        anchor = next(at(r) for r in group if anchor_of(*r.at) == r.anchor)
        found.append((TargetGroup(restated, anchor), primary))
    return found


def _link(row: LinkRow, statements: dict[Place, Statement], sources: dict[str, Source]) -> Link:
    def evidence(refs: tuple[Ref, ...]) -> tuple[Evidence, ...]:
        return tuple(Evidence(statements[(d, n)], sources[d], bool(p)) for d, n, p in refs)

    target = statements[row.at]
    return Link(
        target, sources[row.doc_id], evidence(row.candidates), evidence(row.conflicts),
        trackable=row.trackable, unconfirmed=evidence(row.unconfirmed),
    )  # fmt: skip


def _index_for_projections(
    store: SqlStore, groups: list[tuple[TargetGroup, LinkRow]], statements: dict[Place, Statement],
    sources: dict[str, Source],
) -> TrackIndex | None:  # fmt: skip
    """The previous year's outcomes of the regions whose targets are settled
    by a figure for part of their year (a projection reads them); None when
    no target is."""
    wanted = set()
    for group, row in groups:
        if row.candidates:
            chosen = statements[row.candidates[0][:2]]
            elapsed = share_elapsed(chosen.period)
            before = year_before(chosen.period)
            if elapsed is not None and elapsed < 1.0 and before is not None:
                wanted.add((group.primary.region, part_of(before)))
    if not wanted:
        return None
    found = store.partition_statements(wanted)
    earlier = [s for key in sorted(found) for s in found[key]]
    known = {s.doc_id or s.doc for s in earlier} - set(sources)
    everything = {**sources, **_sources(store, known)}
    by_name = {s.doc: everything[s.doc_id or s.doc] for s in (*earlier, *statements.values())}
    return TrackIndex.build(earlier, by_name, owner_of=assigned_owners(store))
