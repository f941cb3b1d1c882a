"""Fixtures for the batch tests: stores of both kinds."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))  # store_samples, for PostgreSQL

from store_samples import PG_URL, RUN_ID, postgres_or_skip  # noqa: E402

from luoshi.store import Store  # noqa: E402
from luoshi.store.duckdb_store import DuckDBStore  # noqa: E402
from luoshi.store.postgres_store import PostgresStore  # noqa: E402


@pytest.fixture(params=["duckdb", "postgres"])
def new_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str], Store]]:
    """Opens an empty store of the test's kind under a name; the same name
    opens the same store again."""
    if request.param == "postgres":
        postgres_or_skip()
    opened: list[Store] = []
    schemas: list[str] = []

    def opener(name: str) -> Store:
        store: Store
        if request.param == "duckdb":
            store = DuckDBStore(tmp_path / f"{name}.duckdb")
        else:
            schema = f"{RUN_ID}_batch_{name}"
            if schema not in schemas:
                schemas.append(schema)
            store = PostgresStore(PG_URL, schema=schema)
        opened.append(store)
        return store

    yield opener
    for store in opened:
        store.close()
    if schemas:
        with psycopg.connect(PG_URL, autocommit=True) as con:
            for schema in schemas:
                con.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
