"""Named migrations, recorded in schema_migrations: opening a store brings
an older one up to date in place, keeping its data."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields

import pytest
from store_samples import PG_URL, RUN_ID, Opener, postgres_or_skip, statement, stored_document, trains_document

from luoshi.store import StatementQuery, StoreError
from luoshi.store.migrations import MIGRATIONS, Migration
from luoshi.store.postgres_store import PostgresStore
from luoshi.store.rows import STATEMENT_COLUMNS
from luoshi.types import Kind, Statement


def test_migrations_have_unique_ordered_names():
    names = [m.name for m in MIGRATIONS]
    assert names == sorted(set(names))
    assert names[:2] == ["0001_documents_and_statements", "0002_bigram_search_index"]
    assert all(m.name[:4].isdigit() and m.name[4] == "_" for m in MIGRATIONS)


def test_a_new_store_has_every_migration(open_same: Opener):
    store = open_same()
    assert store.schema_version() == len(MIGRATIONS)
    store.close()
    assert open_same().schema_version() == len(MIGRATIONS)  # reopening applies nothing twice


def test_an_older_store_is_upgraded_in_place(open_same: Opener):
    old = open_same(migrations=MIGRATIONS[:1])
    assert old.schema_version() == 1
    doc, stmts = trains_document()
    _add_without_search_index(old, doc, stmts)
    old.close()

    new = open_same()
    assert new.schema_version() == len(MIGRATIONS)
    assert new.counts() == {"documents": 1, "statements": 3}
    assert new.statements(StatementQuery(doc=doc.id)) == stmts
    assert [(h.doc_id, h.start) for h in new.search("中欧班列")] == [(doc.id, 4)]  # the index was filled


def test_a_store_from_a_newer_luoshi_is_refused(open_same: Opener):
    future = (*MIGRATIONS, Migration("9999_from_the_future", sql=("CREATE TABLE future (x INTEGER)",)))
    open_same(migrations=future).close()
    with pytest.raises(StoreError, match="newer luoshi.*9999_from_the_future"):
        open_same()


def test_statement_columns_match_the_statement_fields(open_same: Opener):
    """A field added to Statement needs a migration adding its column."""
    store = open_same()
    doc, stmts = trains_document()
    store.add_document(doc, stmts)  # would fail on a missing column
    assert set(STATEMENT_COLUMNS) == {"doc_id", "seq"} | {f.name for f in fields(Statement)} - {"doc"}


def test_statements_stored_before_co_owners_are_read_with_none(open_same: Opener):
    old = open_same(migrations=MIGRATIONS[:3])
    doc, stmts = trains_document()
    _add_without_search_index(old, doc, stmts)
    old.close()

    new = open_same()
    assert new.schema_version() == len(MIGRATIONS)
    assert [s.co_owners for s in new.statements(StatementQuery(doc=doc.id))] == [(), (), ()]
    text = "1.地区生产总值增长6%左右（牵头单位：市发展改革委；责任单位：市统计局、各旗县区人民政府）。"
    units = {"owner": "市发展改革委", "co_owners": ("市统计局", "各旗县区人民政府")}
    task = statement("tasks.txt", text, "地区生产总值增长6%左右", kind=Kind.TARGET, **units)
    new.add_document(stored_document(text, "tasks.txt"), [task])
    assert new.statements(StatementQuery(doc="tasks.txt")) == [task]


# Columns a migration after 0001 added to the statements table.
_LATER_COLUMNS = ("co_owners", "repeats", "deadline", "preliminary")
# And to the documents table.
_LATER_DOCUMENT_COLUMNS = ("source_type", "uploaded_by", "owner", "confirmed_by", "confirmed_at")


def _add_without_search_index(store, doc, stmts) -> None:
    """What add_document did before 0002: documents and statements only, in
    the statement columns of 0001."""
    from luoshi.store.rows import DOCUMENT_COLUMNS, column_type, document_row, quoted, statement_rows

    db = store._db
    first = [i for i, c in enumerate(DOCUMENT_COLUMNS) if c not in _LATER_DOCUMENT_COLUMNS]
    columns, values = [DOCUMENT_COLUMNS[i] for i in first], [document_row(doc)[i] for i in first]
    marks = ", ".join("?" * len(columns))
    keep = [i for i, c in enumerate(STATEMENT_COLUMNS) if c not in _LATER_COLUMNS]
    rows = [tuple(row[i] for i in keep) for row in statement_rows(doc.id, stmts)]
    with db.transaction():
        db.execute(f"INSERT INTO documents ({quoted(columns)}) VALUES ({marks})", values)
        db.insert("statements", [(STATEMENT_COLUMNS[i], column_type(STATEMENT_COLUMNS[i])) for i in keep], rows)
        db.execute("UPDATE documents SET statement_count = ? WHERE id = ?", [len(stmts), doc.id])


def test_two_processes_opening_a_new_postgresql_schema_at_once_both_succeed(pg_schemas: list[str]):
    """Migrations take a lock: the second waits, then finds them applied."""
    postgres_or_skip()
    schema = f"{RUN_ID}_race_{len(pg_schemas)}"
    pg_schemas.append(schema)
    with ThreadPoolExecutor(max_workers=4) as pool:
        versions = list(pool.map(lambda _: _version(schema), range(4)))
    assert versions == [len(MIGRATIONS)] * 4


def _version(schema: str) -> int:
    with PostgresStore(PG_URL, schema=schema) as store:
        return store.schema_version()
