"""DuckDB: statements kept in the order pages read them.

DuckDB has no index to walk for "a region's statements": it reads row
groups (122,880 rows each) and skips those whose column minimum and maximum
exclude the filter. Statements arrive a document at a time, so every row
group holds every region, and a page of one region's statements, or the
statements of a partition to link, scans the whole table (40 ms and more at
ten million statements; bench/scale.py). Rewritten in ``ORDER`` (region
first, then what a page of statements is sorted by), a region's rows fill
a few row groups of their own and the rest are skipped. The stored links,
read by region too, are rewritten with them.

Rows stored since the last rewrite sit at the end, in arrival order, and
are always read; every write counts them (``note_written``, in its own
transaction). ``reorder_if_due`` rewrites the table once they are many
enough to matter (``DUE_ROWS`` and ``DUE_SHARE``): writers call it after a
run of writes (``luoshi ingest``, reprocessing, a batch load), not inside
each document's transaction. PostgreSQL has indexes for these reads
(migration 0016) and is left alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from luoshi.store.backend import Backend
from luoshi.store.base import StoreError
from luoshi.store.rows import STATEMENT_FIELDS, utc_naive

ORDER = 'region, kind, doc_name, "start", doc_id, seq'
# The stored links are read a region (and period) at a time as well.
LINKS_ORDER = "region, part, family, doc_id, seq"
# Below one row group's worth, no reader skips anything either way.
DUE_ROWS = 122_880
DUE_SHARE = 0.10


def rows_out_of_order(db: Backend) -> int:
    """Statement rows written since the last rewrite."""
    ((written,),) = db.execute("SELECT written FROM statements_order")
    return int(written)


# DuckDB returns rows in the order they are stored where a query asks for no
# other (a single table, WHERE, LIMIT, OFFSET, UNION ALL keep it), so a page
# of one region's statements of one kind, which ``ORDER`` keeps together in
# page order, can be read from its first rows with no sort of them all. This
# row goes first (``IN_ORDER_ROW UNION ALL (page)``), in the columns of the
# statements read, so that the order is checked in the snapshot read.
IN_ORDER_ROW = "SELECT CAST(written AS TEXT)" + ", NULL" * (len(STATEMENT_FIELDS) + 2) + " FROM statements_order"


def in_order(row: Sequence[object]) -> bool:
    """Whether the ``IN_ORDER_ROW`` read says the table is in reading order."""
    return row[0] == "0"


def note_written(db: Backend, rows: int) -> None:
    """Inside a write's transaction: ``rows`` statements were written."""
    if db.dialect == "duckdb" and rows:
        db.execute("UPDATE statements_order SET written = written + ?", [rows])


def is_due(db: Backend) -> bool:
    if db.dialect != "duckdb":
        return False
    ((total,),) = db.execute("SELECT count(*) FROM statements")
    out = rows_out_of_order(db)
    return out >= DUE_ROWS and out >= DUE_SHARE * int(total)


def reorder(db: Backend) -> int:
    """Rewrite the statements in ``ORDER`` in one transaction (readers see
    the old table until it commits; a failure leaves it as it was); returns
    the rows written. The sorted copy is a table in the file, not in memory,
    so DuckDB may spill the sort to disk; the file grows by it (DuckDB
    reuses the old table's space for later writes, it never shrinks)."""
    if db.dialect != "duckdb":
        return 0
    with db.transaction():
        _rewrite(db, "statements", ORDER)
        _rewrite(db, "links", LINKS_ORDER)
        ((total,),) = db.execute("SELECT count(*) FROM statements")
        db.execute("UPDATE statements_order SET written = 0, ordered_at = ?", [utc_naive(None)])
    db.execute("CHECKPOINT")  # the old tables' blocks are free for reuse now, not at some later write
    return int(total)


def _rewrite(db: Backend, table: str, order: str) -> None:
    """A sorted copy made under the table's own definition (constraints
    included, as DuckDB keeps it), then put in its place with its indexes:
    one copy of the rows written, where deleting and inserting again would
    write two and grow the file by both."""
    ((created,),) = db.execute("SELECT sql FROM duckdb_tables() WHERE table_name = ?", [table])
    indexes = [str(sql) for (sql,) in db.execute("SELECT sql FROM duckdb_indexes() WHERE table_name = ?", [table])]
    head = f"CREATE TABLE {table}("
    if not str(created).startswith(head):
        raise StoreError(f"{db.target}: table {table} is not as luoshi made it ({str(created)[:60]}…)")
    db.execute(str(created).replace(head, f"CREATE TABLE {table}_sorted(", 1))
    db.execute(f"INSERT INTO {table}_sorted SELECT * FROM {table} ORDER BY {order}")
    db.execute(f"DROP TABLE {table}")
    db.execute(f"ALTER TABLE {table}_sorted RENAME TO {table}")
    for sql in indexes:
        db.execute(sql)


def reorder_if_due(db: Backend) -> bool:
    """Rewrite the statements when enough rows are out of order; whether it did."""
    if not is_due(db):
        return False
    reorder(db)
    return True
