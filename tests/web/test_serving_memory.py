"""`luoshi serve` sets the garbage collector for serving once warmed up
(what start-up made frozen out of its walks, collections less often) and
DuckDB to run each query on one core (requests share the cores); an app
made inside another process (tests, a user's own program) leaves the
collector and the database as that process has them."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from luoshi.ingest import ingest
from luoshi.store import open_store
from luoshi.store.sql import SqlStore
from luoshi.web import create_app

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def collector() -> Iterator[None]:
    """Nothing frozen to begin with; the thresholds as the test found them, afterwards."""
    gc.unfreeze()
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def _warmed(tmp_path: Path, own_process: bool) -> tuple[int, int]:
    """The threads DuckDB runs a query on, before the app and once it is warm."""
    store = open_store(tmp_path / "s.duckdb")
    ingest([str(SAMPLES / "nmg_report_2026.md")], store)
    before = _threads(store)
    assert before > 1 or os.cpu_count() == 1  # else one thread would prove nothing
    with TestClient(create_app(store, own_process=own_process)) as client:
        assert client.get("/").status_code == 200
        for thread in threading.enumerate():
            if thread.name == "luoshi-link":
                thread.join(timeout=60)
        assert client.get("/api/v1/statements?limit=5").status_code == 200  # still answers
        return before, _threads(store)


def _threads(store: SqlStore) -> int:
    ((threads,),) = store.backend.execute("SELECT current_setting('threads')")
    return int(threads)


def test_luoshi_serve_sets_the_collector_and_duckdb_for_serving_once_warm(tmp_path: Path, collector: None):
    assert _warmed(tmp_path, own_process=True)[1] == 1
    assert gc.get_threshold() == (20_000, 20, 20)
    assert gc.get_freeze_count() > 0


def test_an_app_in_another_process_leaves_the_collector_alone(tmp_path: Path, collector: None):
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    threads_before, threads_after = _warmed(tmp_path, own_process=False)
    assert threads_after == threads_before
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen
