"""The stored links (migration 0014): each target statement's link and
status as rows, written and read a partition at a time.

A partition is a region and the first year of a period (``part``): every
statement that may link to another, or be the same target as another, has
the same region and the same key year, so a partition is linked alone. What
goes into a row is decided by ``luoshi.track.stored_links``; this module
only moves rows in and out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from luoshi.store.backend import Backend, Column
from luoshi.store.rows import one_of, quoted

# A reference to a statement: (doc_id, seq, preliminary)
Ref = tuple[str, int, bool]
Partition = tuple[str, str]  # (region, part)
# A partition's statements of some indicator families, or all of them (None)
Unit = tuple[str, str, str | None]  # (region, part, family)

LINK_COLUMNS: tuple[Column, ...] = (
    ("doc_id", "TEXT"),
    ("seq", "INTEGER"),
    ("start", "INTEGER"),
    ("end", "INTEGER"),
    ("region", "TEXT"),
    ("part", "TEXT"),
    ("family", "TEXT"),
    ("period", "TEXT"),
    ("anchor", "TEXT"),
    ("is_primary", "BOOLEAN"),
    ("candidates", "TEXT"),
    ("conflicts", "TEXT"),
    ("unconfirmed", "TEXT"),
    ("trackable", "BOOLEAN"),
    ("status", "TEXT"),
    ("progress", "DOUBLE"),
    ("deadline", "TEXT"),
)
_SELECT = f"SELECT {quoted([name for name, _ in LINK_COLUMNS])} FROM links"


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One target statement's stored link (see migration 0014)."""

    doc_id: str
    seq: int
    start: int
    end: int
    region: str
    part: str
    family: str
    period: str
    anchor: str
    is_primary: bool
    candidates: tuple[Ref, ...]
    conflicts: tuple[Ref, ...]
    unconfirmed: tuple[Ref, ...]
    trackable: bool
    status: str
    progress: float | None
    deadline: str | None

    @property
    def at(self) -> tuple[str, int]:
        return (self.doc_id, self.seq)

    def row(self) -> tuple[object, ...]:
        return (
            self.doc_id, self.seq, self.start, self.end, self.region, self.part, self.family, self.period,
            self.anchor,
            self.is_primary,
            _dump(self.candidates), _dump(self.conflicts), _dump(self.unconfirmed), self.trackable, self.status,
            self.progress, self.deadline,
        )  # fmt: skip

    @classmethod
    def of(cls, row: Sequence[object]) -> LinkRow:
        (doc_id, seq, start, end, region, part, family, period, anchor, primary,
         candidates, conflicts, unconfirmed, trackable, status, progress, deadline) = row  # fmt: skip
        return cls(
            str(doc_id), int(seq), int(start), int(end), str(region), str(part), str(family), str(period),  # type: ignore[call-overload]
            str(anchor), bool(primary),
            _load(candidates), _load(conflicts), _load(unconfirmed), bool(trackable), str(status),
            None if progress is None else float(progress), None if deadline is None else str(deadline),  # type: ignore[arg-type]
        )  # fmt: skip


def anchor_of(doc_id: str, seq: int) -> str:
    """How a row names its target's anchor statement."""
    return f"{doc_id}#{seq}"


def part_of(period: str) -> str:
    """The partition year of a period: its first four characters (2025 of
    2025-11 and of 2025-2030)."""
    return period[:4]


def replace_units(db: Backend, units: Iterable[Unit], rows: Sequence[LinkRow]) -> None:
    """Delete the rows of ``units`` and insert ``rows`` (the caller holds
    the transaction)."""
    whole = sorted({(r, p) for r, p, f in units if f is None})
    for region, part in whole:
        db.execute("DELETE FROM links WHERE region = ? AND part = ?", [region, part])
    some: dict[Partition, list[str]] = {}
    for region, part, fam in units:
        if fam is not None and (region, part) not in whole:
            some.setdefault((region, part), []).append(fam)
    for (region, part), families in sorted(some.items()):
        db.execute("DELETE FROM links WHERE region = ? AND part = ? AND family = ANY(?)", [region, part, families])
    db.insert("links", LINK_COLUMNS, [r.row() for r in rows])


def clear(db: Backend) -> None:
    db.execute("DELETE FROM links")
    db.execute("DELETE FROM links_built")


def rows_of(db: Backend, regions: Sequence[str] | None, period: str | None = None) -> list[LinkRow]:
    """The rows of the regions' targets (every region's: None), of one
    period or every one."""
    terms: list[str] = []
    params: list[object] = []
    if regions is not None:
        if not regions:
            return []
        regions_in, region_params = one_of("region", list(regions))
        terms.append(regions_in)
        params += region_params
    if period is not None:
        terms.append("part = ? AND period = ?")
        params += [part_of(period), period]
    where = " WHERE " + " AND ".join(terms) if terms else ""
    return [LinkRow.of(r) for r in db.execute(_SELECT + where, params)]


def is_complete(db: Backend) -> bool:
    return bool(db.execute("SELECT 1 FROM links_built LIMIT 1"))


def mark(db: Backend, complete: bool, at: object = None) -> None:
    db.execute("DELETE FROM links_built")
    if complete:
        db.execute("INSERT INTO links_built VALUES (?)", [at])


def _dump(refs: tuple[Ref, ...]) -> str:
    return json.dumps([list(r) for r in refs], ensure_ascii=False, separators=(",", ":")) if refs else "[]"


def _load(text: object) -> tuple[Ref, ...]:
    if not text or text == "[]":
        return ()
    return tuple((str(d), int(n), bool(p)) for d, n, p in json.loads(str(text)))
