"""Fixtures of the reminder tests: the store of the 通报 tests (samples,
statistics and the figures that make tasks lag, DuckDB and PostgreSQL), a
real SMTP server and a webhook receiver on loopback."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bulletin"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from receivers import HookServer, SmtpServer  # noqa: E402
from store_samples import PG_URL, RUN_ID, postgres_or_skip  # noqa: E402

from luoshi.store.duckdb_store import DuckDBStore  # noqa: E402
from luoshi.store.postgres_store import PostgresStore  # noqa: E402
from luoshi.store.sql import SqlStore  # noqa: E402


@pytest.fixture
def smtp_server(tmp_path: Path) -> Iterator[SmtpServer]:
    with SmtpServer(tmp_path) as server:
        yield server


@pytest.fixture
def hooks() -> Iterator[HookServer]:
    with HookServer() as server:
        yield server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DuckDBStore]:
    from bulletin_samples import fill

    duck = DuckDBStore(tmp_path / "luoshi.duckdb")
    fill(duck, tmp_path)
    yield duck
    duck.close()


@pytest.fixture(params=["duckdb", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    """The same store on DuckDB and on PostgreSQL (a schema of its own, dropped afterwards)."""
    from bulletin_samples import fill

    if request.param == "duckdb":
        duck = DuckDBStore(tmp_path / "luoshi.duckdb")
        fill(duck, tmp_path)
        yield duck
        duck.close()
        return
    postgres_or_skip()
    schema = f"{RUN_ID}_remind_{tmp_path.name[-12:]}".replace("-", "_").lower()
    pg = PostgresStore(PG_URL, schema=schema)
    try:
        fill(pg, tmp_path)
        yield pg
    finally:
        pg.close()
        with psycopg.connect(PG_URL, autocommit=True) as con:
            con.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
