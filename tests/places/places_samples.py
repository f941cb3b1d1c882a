"""A store of the bundled samples for the places tests, built once per
module; samples/ holds the team's texts on leagues, ports and partners."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from luoshi.ingest import ingest
from luoshi.store import Store, open_store

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module")
def samples_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("places") / "samples.duckdb"
    with open_store(path) as store:
        summary = ingest([str(SAMPLES)], store)
        assert summary.failed == []
        yield store
