"""Fixtures for the tracking tests: the real seed and 31 reports ingested
once into a DuckDB store (skipped where ../shared is absent)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from track_samples import NMG_REPORT, REPORTS, SEED, SHARED

from luoshi.ingest import ingest
from luoshi.store import Store, open_store


# -- the real texts ------------------------------------------------------------------
def _need_corpus() -> None:
    if not SEED.is_file() or not NMG_REPORT.is_file():
        pytest.skip(f"the seed and the 2026 reports are not under {SHARED / 'corpus'}")


@pytest.fixture(scope="session")
def real_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed and the 31 reports ingested once into a DuckDB file."""
    _need_corpus()
    path = tmp_path_factory.mktemp("real") / "real.duckdb"
    with open_store(path) as store:
        summary = ingest([str(SEED), *map(str, sorted(REPORTS.glob("2026_*.csv")))], store)
    assert summary.failed == [] and summary.new == 32
    return path


@pytest.fixture
def real_store(real_store_file: Path, tmp_path: Path) -> Callable[[], Store]:
    """Opens a private copy of the real store (tests may add to it)."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(real_store_file, copy)
    return lambda: open_store(copy)
