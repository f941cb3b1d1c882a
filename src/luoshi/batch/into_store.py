"""``luoshi ingest --from-batch DIR``: a batch output into a store, as if
its input files had been ingested one by one.

The output is read by DuckDB straight from its Parquet, each document with
its statements, in the order ``luoshi ingest`` would have met them (input
files in the order given, rows in file order), a document met again (the
same text) only once. They are stored a chunk at a time by
``Store.add_documents``: one transaction a chunk, in bulk (COPY on
PostgreSQL), a document already stored left as it is — so a load run twice
changes nothing, and one that stops leaves whole documents. The stored
links are brought up to date once, at the end: the units the new statements
touch when the links were current before, else all of them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from luoshi.batch.layout import statement_from_row
from luoshi.batch.output import complete_output, connect
from luoshi.ingest import IngestSummary, after_writes, trusted
from luoshi.source_types import SourceType
from luoshi.store import Store, StoredDocument
from luoshi.store.links_table import Unit, mark
from luoshi.store.rows import utc_naive
from luoshi.store.sql import SqlStore
from luoshi.track.stored_links import relink, relink_units, units_of
from luoshi.types import Statement

# A chunk, one transaction, ends at whichever comes first.
CHUNK_DOCUMENTS = 500
CHUNK_CHARS = 20_000_000

# Each document once (its first place in input order) with its statements
# (those under its name; rows written twice by a retried task once).
_DOCUMENTS = """
WITH placed AS (
    SELECT *, coalesce(list_position(?::VARCHAR[], input), 2147483647) AS pos FROM documents
), firsts AS (
    SELECT * FROM placed QUALIFY row_number() OVER (PARTITION BY id ORDER BY pos, "row") = 1
), said AS (
    SELECT doc_id, doc, list(s ORDER BY seq) AS found
    FROM (SELECT DISTINCT ON (doc_id, doc, seq) * FROM statements) s
    GROUP BY doc_id, doc
)
SELECT f.id, f.name, f.text, f.source, f.title, f.region, f.published, f.loader, f.skip, said.found
FROM firsts f LEFT JOIN said ON said.doc_id = f.id AND said.doc = f.name
ORDER BY f.pos, f."row"
"""

Progress = Callable[[int], None]  # told how many documents were read so far


def ingest_batch(
    output: Path, store: Store, source_type: SourceType | None = None, progress: Progress | None = None
) -> IngestSummary:
    """Store the documents and statements of the batch output ``output``;
    its errors are the summary's failures. Raises InputError when the
    output is not complete."""
    manifest = complete_output(output)
    summary = IngestSummary()
    with tempfile.TemporaryDirectory(prefix="luoshi-batch-") as spill, _links_after(store) as units:
        con = connect(output)
        try:
            # A large output sorts and joins on disk, not in memory.
            con.execute("SET temp_directory = ?", [spill])
            inputs = [str(f.get("path")) for f in manifest.get("inputs") or ()]
            for chunk in _chunks(con.execute(_DOCUMENTS, [inputs])):
                _store_chunk(store, [(trusted(doc, source_type), found) for doc, found in chunk], summary, units)
                if progress is not None:
                    progress(summary.new + summary.unchanged)
            summary.failed = [(_where(*row), reason) for *row, reason in con.execute(_ERRORS).fetchall()]
        finally:
            con.close()
        if summary.new:
            after_writes(store)  # before the links are brought up to date: their reads then skip other regions
    return summary


_ERRORS = 'SELECT input, "row", doc, reason FROM errors ORDER BY input, "row"'


def _where(input: str, row: int | None, doc: str | None) -> str:
    return doc or (input if row is None else f"{input} 第 {row + 1:,} 行")


def _chunks(cursor: duckdb.DuckDBPyConnection) -> Iterator[list[tuple[StoredDocument, list[Statement]]]]:
    chunk: list[tuple[StoredDocument, list[Statement]]] = []
    chars = 0
    while rows := cursor.fetchmany(100):
        for row in rows:
            chunk.append(_document(row))
            chars += len(chunk[-1][0].text)
            if len(chunk) >= CHUNK_DOCUMENTS or chars >= CHUNK_CHARS:
                yield chunk
                chunk, chars = [], 0
    if chunk:
        yield chunk


def _document(row: tuple[Any, ...]) -> tuple[StoredDocument, list[Statement]]:
    doc_id, name, text, source, title, region, published, loader, skip, found = row
    doc = StoredDocument(
        id=doc_id,
        name=name,
        text=text,
        source=source,
        title=title,
        region=region,
        published=published,
        loader=loader,
        skip=tuple((int(a), int(b)) for a, b in skip or ()),
    )
    return doc, [statement_from_row(s) for s in found or ()]


def _store_chunk(
    store: Store, items: Sequence[tuple[StoredDocument, list[Statement]]], summary: IngestSummary, units: set[Unit]
) -> None:
    for result, (_, found) in zip(store.add_documents(items), items, strict=True):
        if result.added:
            summary.new += 1
            summary.statements_added += result.statements
            units |= units_of(found)
        else:
            summary.unchanged += 1


@contextmanager
def _links_after(store: Store) -> Iterator[set[Unit]]:
    """Links left stale while the caller writes, then brought up to date
    (also after a failure, for what was written): the units it collects,
    when every link was current before; else all of them."""
    if not isinstance(store, SqlStore) or not store.keeps_links:
        yield set()
        return
    current = store.links_complete()
    units: set[Unit] = set()
    store.keeps_links = False
    try:
        yield units
    finally:
        store.keeps_links = True
        if not current:
            relink(store)
        elif not store.links_complete():  # something was written
            with store.backend.transaction():
                relink_units(store, units)
                mark(store.backend, complete=True, at=utc_naive(None))
