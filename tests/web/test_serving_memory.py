"""`luoshi serve` sets the garbage collector for serving once warmed up
(what start-up made frozen out of its walks, collections less often); an
app made inside another process (tests, a user's own program) leaves the
collector as that process has it."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from luoshi.ingest import ingest
from luoshi.store import open_store
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


def _warmed(tmp_path: Path, own_process: bool) -> None:
    store = open_store(tmp_path / "s.duckdb")
    ingest([str(SAMPLES / "nmg_report_2026.md")], store)
    with TestClient(create_app(store, own_process=own_process)) as client:
        assert client.get("/").status_code == 200
        for thread in threading.enumerate():
            if thread.name == "luoshi-link":
                thread.join(timeout=60)


def test_luoshi_serve_sets_the_collector_for_serving_once_warm(tmp_path: Path, collector: None):
    _warmed(tmp_path, own_process=True)
    assert gc.get_threshold() == (20_000, 20, 20)
    assert gc.get_freeze_count() > 0


def test_an_app_in_another_process_leaves_the_collector_alone(tmp_path: Path, collector: None):
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    _warmed(tmp_path, own_process=False)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen
