"""One fixture, two back ends: every test that takes ``store`` (or
``open_same``) runs against a DuckDB file and against PostgreSQL.

PostgreSQL is the server on 127.0.0.1:5432 (``LUOSHI_TEST_PG`` to change);
each test gets a schema of its own, dropped afterwards. When the server is
unreachable its half is skipped, except under CI=true, where it fails.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from store_samples import PG_URL, RUN_ID, Opener, postgres_or_skip

from luoshi.store import Store
from luoshi.store.duckdb_store import DuckDBStore
from luoshi.store.migrations import MIGRATIONS, Migration
from luoshi.store.postgres_store import PostgresStore


@pytest.fixture(scope="session")
def pg_schemas() -> Iterator[list[str]]:
    """Schemas made by this run; whatever a test left is dropped at the end."""
    made: list[str] = []
    yield made
    if made:
        _drop(*made)


def _drop(*schemas: str) -> None:
    with psycopg.connect(PG_URL, autocommit=True) as con:
        for schema in schemas:
            con.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(params=["duckdb", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres":
        postgres_or_skip()
    return str(request.param)


@pytest.fixture
def open_same(backend: str, tmp_path: Path, pg_schemas: list[str]) -> Iterator[Opener]:
    """Opens the same (initially empty) store as often as a test likes;
    ``migrations=`` opens it with only some migrations."""
    opened: list[Store] = []
    schema = f"{RUN_ID}_{len(pg_schemas)}"
    if backend == "postgres":
        pg_schemas.append(schema)

    def opener(migrations: Sequence[Migration] = MIGRATIONS) -> Store:
        store: Store
        if backend == "duckdb":
            store = DuckDBStore(tmp_path / "luoshi.duckdb", migrations=migrations)
        else:
            store = PostgresStore(PG_URL, schema=schema, migrations=migrations)
        opened.append(store)
        return store

    yield opener
    for store in opened:
        store.close()
    if backend == "postgres":
        _drop(schema)


@pytest.fixture
def store(open_same: Opener) -> Store:
    return open_same()
