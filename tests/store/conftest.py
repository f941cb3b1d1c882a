"""One fixture, two back ends: every test that takes ``store`` (or
``open_same``) runs against a DuckDB file and against PostgreSQL.

PostgreSQL is the server on 127.0.0.1:5432 (``LUOSHI_TEST_PG`` to change);
each test gets a schema of its own, dropped afterwards. When the server is
unreachable its half is skipped, except under CI=true, where it fails.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from luoshi.store import Store
from luoshi.store.duckdb_store import DuckDBStore
from luoshi.store.migrations import MIGRATIONS, Migration
from luoshi.store.postgres_store import PostgresStore

PG_URL = os.environ.get("LUOSHI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
RUN_ID = f"luoshi_test_{os.getpid()}_{secrets.token_hex(3)}"

Opener = Callable[..., Store]


def postgres_or_skip() -> None:
    """Skip when the server is unreachable, unless CI promises one."""
    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.Error as exc:
        reason = f"PostgreSQL unreachable at {PG_URL} ({str(exc).strip().splitlines()[0]})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI=true requires it")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_schemas() -> Iterator[list[str]]:
    """Schemas made by this run; whatever a test left is dropped at the end."""
    made: list[str] = []
    yield made
    if made:
        with psycopg.connect(PG_URL, autocommit=True) as con:
            for schema in made:
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


@pytest.fixture
def store(open_same: Opener) -> Store:
    return open_same()
