"""Fixtures of the 通报 and reminder tests: a store (DuckDB file, and
PostgreSQL where a test takes ``any_store``) holding the bundled samples and
sample statistics, dated, plus the figures that make tasks lag."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulletin_samples import sample_store  # noqa: E402

from luoshi.store.sql import SqlStore  # noqa: E402


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    """The samples in a DuckDB file."""
    with sample_store("duckdb", tmp_path) as duck:
        yield duck


@pytest.fixture(params=["duckdb", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    """The samples on DuckDB and on PostgreSQL (a schema of its own, dropped afterwards)."""
    with sample_store(request.param, tmp_path) as filled:
        yield filled
