"""Fixtures of the 通报 and reminder tests: a store (DuckDB file, and
PostgreSQL where a test takes ``any_store``) holding the bundled samples and
sample statistics, dated, plus the figures that make tasks lag."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulletin_samples import fill  # noqa: E402
from store_samples import PG_URL, RUN_ID, postgres_or_skip  # noqa: E402

from luoshi.store.duckdb_store import DuckDBStore  # noqa: E402
from luoshi.store.postgres_store import PostgresStore  # noqa: E402
from luoshi.store.sql import SqlStore  # noqa: E402

_made = [0]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    """The samples in a DuckDB file."""
    duck = DuckDBStore(tmp_path / "luoshi.duckdb")
    fill(duck, tmp_path)
    yield duck
    duck.close()


@pytest.fixture(params=["duckdb", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    """The samples on DuckDB and on PostgreSQL (a schema of its own, dropped afterwards)."""
    if request.param == "duckdb":
        duck = DuckDBStore(tmp_path / "luoshi.duckdb")
        fill(duck, tmp_path)
        yield duck
        duck.close()
        return
    postgres_or_skip()
    _made[0] += 1
    schema = f"{RUN_ID}_bulletin_{_made[0]}"
    pg = PostgresStore(PG_URL, schema=schema)
    try:
        fill(pg, tmp_path)
        yield pg
    finally:
        pg.close()
        with psycopg.connect(PG_URL, autocommit=True) as con:
            con.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
