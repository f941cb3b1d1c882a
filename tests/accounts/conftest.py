"""Fixtures of the accounts tests: every test that takes ``store`` or
``accounts`` runs on a DuckDB file and on PostgreSQL (a schema of its own,
dropped afterwards), as the store tests do — their helpers are reused."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from store_samples import PG_URL, RUN_ID, postgres_or_skip  # noqa: E402

from luoshi.accounts import Accounts  # noqa: E402
from luoshi.store.duckdb_store import DuckDBStore  # noqa: E402
from luoshi.store.postgres_store import PostgresStore  # noqa: E402
from luoshi.store.sql import SqlStore  # noqa: E402

_made = [0]


@pytest.fixture(params=["duckdb", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    if request.param == "duckdb":
        duck = DuckDBStore(tmp_path / "luoshi.duckdb")
        yield duck
        duck.close()
        return
    postgres_or_skip()
    _made[0] += 1
    schema = f"{RUN_ID}_acc_{_made[0]}"
    pg = PostgresStore(PG_URL, schema=schema)
    try:
        yield pg
    finally:
        pg.close()
        with psycopg.connect(PG_URL, autocommit=True) as con:
            con.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture
def accounts(store: SqlStore) -> Accounts:
    return Accounts(store)
