"""Links and statuses kept in the store, current as documents arrive.

Linking is the pure function of ``luoshi.track.link_index``; this module
runs it a partition at a time (a region and a period's first year: nothing
links or joins a target across partitions, see ``luoshi.store.links_table``)
and keeps the result as rows, so that a server or CLI reads what it shows
instead of linking every statement first:

- a write of statements relinks the indicator families it touches in each
  partition, inside its own transaction (``relink_written``, called by the
  store);
- ``relink`` rebuilds every partition (``luoshi relink``: after an
  extractor or rule change, or a bulk load), one partition in memory at a
  time, and gives the rows the incremental path gives.

A row holds the status by the outcome used; deadlines are judged when read,
as of the reader's day (``luoshi.track.deadlines``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass

from luoshi.store import StoredDocument
from luoshi.store import links_table as table
from luoshi.store.links_table import LinkRow, Partition, Ref, Unit, anchor_of, part_of
from luoshi.store.rows import utc_naive
from luoshi.store.sql import SqlStore
from luoshi.track.board import by_outcome
from luoshi.track.link import Evidence
from luoshi.track.link_index import TrackIndex, assigned_owners
from luoshi.track.memory import no_gc
from luoshi.track.ranking import Source
from luoshi.track.rules import track_rules
from luoshi.track.same_target import family, group_links, group_targets
from luoshi.types import Kind, Statement

Owners = Callable[[Statement], str | None]
_BATCH = 50_000  # link rows a rebuild writes at once


@dataclass(frozen=True)
class Relinked:
    partitions: int
    targets: int  # targets (a target stated in several documents once)
    statements: int  # statements read


def link_partition(statements: Sequence[Statement], sources: dict[str, Source], owner_of: Owners) -> list[LinkRow]:
    """The rows of one partition's targets, from its statements."""
    index = TrackIndex.build(statements, sources, owner_of=owner_of)
    # the scoreboard's order within a region (luoshi.track.board.select_targets):
    # which statements form one target depends on it
    targets = sorted(index.all_targets(), key=lambda t: (t.period, t.doc, t.start, t.end, t.seq or 0))
    groups = group_targets(targets, index)
    rows: list[LinkRow] = []
    for group, link in zip(groups, group_links(groups, index), strict=True):
        judged = by_outcome(link, index, group)
        anchor = anchor_of(*_at(group.anchor))
        shared = (
            _refs(link.candidates), _refs(link.conflicts), _refs(link.unconfirmed), link.trackable,
            judged.status.value, judged.progress, group.deadline,
        )  # fmt: skip
        for s in group.statements:
            primary = s is group.primary
            candidates, conflicts, unconfirmed = shared[:3] if primary else ((), (), ())
            rows.append(
                LinkRow(
                    *_at(s),
                    s.start,
                    s.end,
                    s.region,
                    part_of(s.period),
                    family(s.indicator) or "",
                    s.period,
                    anchor,
                    primary,
                    candidates,
                    conflicts,
                    unconfirmed,
                    *shared[3:],  # type: ignore[arg-type]
                )  # fmt: skip
            )
    return rows


def relink_written(store: SqlStore, statements: Sequence[Statement], whole: Set[Partition] = frozenset()) -> int:
    """Inside a write's transaction: relink the indicator families of each
    partition ``statements`` fall in, and the ``whole`` partitions; returns
    the rows written. A family is the unit: statements of other families
    never link to its statements nor join its targets."""
    units: set[Unit] = {(region, part, None) for region, part in whole}
    units |= {u for u in units_of(statements) if u[:2] not in whole}
    return relink_units(store, units) if units else 0


def units_of(statements: Iterable[Statement]) -> set[Unit]:
    """The units (a partition's indicator family) ``statements`` may change."""
    units: set[Unit] = set()
    for s in statements:
        if s.indicator is not None and s.kind is not Kind.EVENT:
            units.add((s.region, part_of(s.period), family(s.indicator)))
    return units


def relink_units(store: SqlStore, units: set[Unit]) -> int:
    """Relink units (partitions, or families of them) from what the store
    holds now, inside the caller's transaction; returns the rows written."""
    owner_of = assigned_owners(store)
    with no_gc():
        found = _unit_statements(store, units)
        ids = sorted({s.doc_id for group in found.values() for s in group if s.doc_id})
        sources = _sources(store.listed_documents(ids))
        rows = [row for key in sorted(found) for row in link_partition(found[key], sources, owner_of)]
    store.replace_links(units, rows)
    return len(rows)


def _unit_statements(store: SqlStore, units: set[Unit]) -> dict[Partition, list[Statement]]:
    """The statements of each unit's partition (those of its family only,
    where it names one), in the store's order."""
    whole = {(region, part) for region, part, fam in units if fam is None}
    found = store.partition_statements(whole) if whole else {}
    families: dict[Partition, set[str]] = {}
    for region, part, fam in units:
        if fam is not None and (region, part) not in whole:
            families.setdefault((region, part), set()).add(fam)
    if not families:
        return found
    # a catalogue id is its own family; the text's own words are found by their family
    named = {key: {fam for fam in fams if not fam.startswith("other:")} for key, fams in families.items()}
    if any(fam.startswith("other:") for fams in families.values() for fam in fams):
        words: dict[str, set[str]] = {}
        for i in store.indicators_in(set(families), "other:"):
            words.setdefault(family(i) or "", set()).add(i)
        for key, fams in families.items():
            named[key].update(*(words.get(fam, ()) for fam in fams))
    found.update(store.partition_statements(set(families), named))
    return found


def relink(store: SqlStore, progress: Callable[[int, int], None] | None = None) -> Relinked:
    """Rebuild every stored link in one transaction: readers see the old
    rows until it commits, and a failure leaves them as they were. One
    partition is in memory at a time. ``progress(done, total)`` after each."""
    db = store.backend
    owner_of = assigned_owners(store)
    total = len(store.partitions()) if progress is not None else 0
    sources = _sources(store.documents())
    parts = targets = statements = 0
    waiting: list[LinkRow] = []  # written a batch at a time: each insert has a cost of its own
    with db.transaction():
        table.clear(db)
        for _, found in store.iter_partitions():
            with no_gc():
                rows = link_partition(found, sources, owner_of)
            waiting += rows
            if len(waiting) >= _BATCH:
                table.replace_units(db, (), waiting)
                waiting = []
            parts, statements = parts + 1, statements + len(found)
            targets += sum(r.is_primary for r in rows)
            if progress is not None:
                progress(parts, total)
        table.replace_units(db, (), waiting)
        table.mark(db, complete=True, at=utc_naive(None))
    return Relinked(parts, targets, statements)


def _sources(docs: Iterable[StoredDocument]) -> dict[str, Source]:
    rules = track_rules()
    out: dict[str, Source] = {}
    for doc in docs:
        out.setdefault(doc.name, Source.of(doc, rules))
    return out


def _at(s: Statement) -> tuple[str, int]:
    if s.doc_id is None or s.seq is None:
        raise ValueError(f"{s.doc}: only stored statements are linked in the store")
    return (s.doc_id, s.seq)


def _refs(found: Iterable[Evidence]) -> tuple[Ref, ...]:
    return tuple((*_at(e.statement), e.preliminary) for e in found)
