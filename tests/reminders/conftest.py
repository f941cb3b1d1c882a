"""Fixtures of the reminder tests: the store of the 通报 tests (samples,
statistics and the figures that make tasks lag, DuckDB and PostgreSQL), a
real SMTP server and a webhook receiver on loopback."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bulletin"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulletin_samples import sample_store  # noqa: E402
from receivers import HookServer, SmtpServer  # noqa: E402

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
def store(tmp_path: Path) -> Iterator[SqlStore]:
    with sample_store("duckdb", tmp_path) as duck:
        yield duck


@pytest.fixture(params=["duckdb", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    """The same store on DuckDB and on PostgreSQL (a schema of its own, dropped afterwards)."""
    with sample_store(request.param, tmp_path) as filled:
        yield filled
