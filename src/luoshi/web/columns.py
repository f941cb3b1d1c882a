"""What the pages read straight from the store's tables, a few columns or
a few statements at a time, so that no page needs every statement of the
store in memory: one target by its key, and the short lists the filters
offer (regions, years, indicators), each a GROUP BY.

The lists count what the link index would hold as targets: statements of
vouched (confirmed) documents with an indicator and a figure, or a
commitment (``luoshi.track.commitments``), as ``TrackIndex.add`` keeps them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from luoshi.store import Store
from luoshi.store.backend import driver_errors
from luoshi.store.rows import STATEMENT_FIELDS, quoted, statement_from_row
from luoshi.store.sql import SqlStore
from luoshi.track.commitments import COMMITMENT, DONE
from luoshi.track.periods import split
from luoshi.types import Kind, Statement

_STATEMENTS = (
    f"SELECT d.name, s.doc_id, s.seq, {quoted(STATEMENT_FIELDS, 's.')}"
    " FROM statements s JOIN documents d ON d.id = s.doc_id"
)
# A target the link index keeps (vouched, with a key): see the module docstring.
_COUNTED_TARGET = (
    "s.kind = 'target' AND s.indicator IS NOT NULL AND d.confirmed_by IS NOT NULL"
    " AND ((s.measure IS NOT NULL AND s.value IS NOT NULL) OR (s.value IS NULL AND s.rules LIKE ?))"
)
_COMMITMENT_RULE = f'%"{COMMITMENT}"%'  # rules are stored as a JSON list


def sql_store(store: Store) -> SqlStore:
    if not isinstance(store, SqlStore):
        raise TypeError(f"the web pages need an SQL store, not {type(store).__name__}")
    return store


def statement_at(store: Store, doc_id: str, start: int, end: int, kind: Kind) -> Statement | None:
    """The statement of ``kind`` at this span of a document, if stored
    (the first stored, where one span holds two)."""
    sql = _STATEMENTS + ' WHERE s.doc_id = ? AND s."start" = ? AND s."end" = ? AND s.kind = ? ORDER BY s.seq'
    rows = _execute(store, "cannot read statements", sql, [doc_id, start, end, kind.value])
    return statement_from_row(rows[0][0], rows[0][1], rows[0][3:], rows[0][2]) if rows else None


def document_id(store: Store, name: str) -> str | None:
    """The id of the document stored under ``name`` (names are unique)."""
    rows = _execute(store, "cannot read documents", "SELECT id FROM documents WHERE name = ?", [name])
    return str(rows[0][0]) if rows else None


# -- the lists the filters offer ----------------------------------------------------
def target_regions(store: Store, year: str | None = None) -> dict[str, int]:
    """Target statements by region (of periods beginning with ``year`` when
    given), as kept for linking."""
    where, params = _COUNTED_TARGET, [_COMMITMENT_RULE]
    if year is not None:  # as the store partitions statements: by the period's first four characters
        where, params = f"{where} AND substr(s.period, 1, 4) = ?", [*params, year]
    sql = f"SELECT s.region, count(*) FROM statements s JOIN documents d ON d.id = s.doc_id WHERE {where} GROUP BY 1"
    return {str(region): int(n) for region, n in _execute(store, "cannot count targets", sql, params)}


def target_years(store: Store, region: str | None = None) -> list[str]:
    """The years with targets (of ``region`` when given), latest first."""
    where, params = _COUNTED_TARGET, [_COMMITMENT_RULE]
    if region is not None:
        where, params = f"{where} AND s.region = ?", [*params, region]
    sql = f"SELECT DISTINCT s.period FROM statements s JOIN documents d ON d.id = s.doc_id WHERE {where}"
    years = {split(str(period))[0] for (period,) in _execute(store, "cannot read periods", sql, params)}
    return sorted((y for y in years if y.isdigit()), reverse=True)


def indicator_regions(store: Store) -> dict[str, set[str]]:
    """The regions setting each indicator by a measurable target (a numeral
    naming a programme, 六个倍增计划, sets nothing to compare)."""
    sql = (
        "SELECT s.indicator, s.region FROM statements s JOIN documents d ON d.id = s.doc_id"
        f" WHERE {_COUNTED_TARGET} AND NOT s.in_name GROUP BY 1, 2"
    )
    found: dict[str, set[str]] = {}
    for indicator, region in _execute(store, "cannot read indicators", sql, [_COMMITMENT_RULE]):
        found.setdefault(str(indicator), set()).add(str(region))
    return found


def reported_years(store: Store, indicator: str, kind: Kind) -> set[str]:
    """The years in which any vouched document states ``indicator`` (its
    id) as ``kind`` (a target, or an outcome not naming a programme), as
    kept for linking."""
    sql = (
        "SELECT DISTINCT s.period FROM statements s JOIN documents d ON d.id = s.doc_id"
        " WHERE s.indicator = ? AND s.kind = ? AND d.confirmed_by IS NOT NULL AND (s.kind = 'target' OR NOT s.in_name)"
        " AND ((s.measure IS NOT NULL AND s.value IS NOT NULL)"
        " OR (s.value IS NULL AND (s.rules LIKE ? OR s.rules LIKE ?)))"
    )
    params = [indicator, kind.value, _COMMITMENT_RULE, f'%"{DONE}"%']
    return {split(str(p))[0] for (p,) in _execute(store, "cannot read periods", sql, params)}


def _execute(store: Store, doing: str, sql: str, params: Sequence[Any]) -> list[Any]:
    db = sql_store(store).backend
    with driver_errors(db, doing):
        return db.execute(sql, params)


def linkable_years(store: Store, places: Collection[str] | None) -> set[str]:
    """The years in which an outcome shares a target's region, indicator
    and measure (of ``places``, or anywhere): the only years whose board may
    show an outcome. More at most (linking asks more of an outcome), never fewer."""
    where, params = "", []
    if places is not None:
        where, params = " AND t.region = ANY(?::TEXT[])", [list(places)]
    sql = (
        "SELECT DISTINCT t.period, a.period FROM statements t JOIN statements a"
        " ON a.region = t.region AND a.indicator = t.indicator AND coalesce(a.measure, '') = coalesce(t.measure, '')"
        " AND substr(a.period, 1, 4) = substr(t.period, 1, 4)"
        f" WHERE t.kind = 'target' AND a.kind = 'actual'{where}"
    )
    pairs = _execute(store, "cannot read periods", sql, params)
    return {split(str(t))[0] for t, a in pairs if split(str(t))[0] == split(str(a))[0]}
