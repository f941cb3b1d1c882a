"""Shared fixtures for extraction tests: the real seed and reports, extracted once."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from luoshi.extract.pipeline import extract_document
from luoshi.load import load_path
from luoshi.types import Document, Statement

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "corpus" / "seed" / "000_39f8f6a33f179f43.txt"
REPORTS = SHARED / "corpus" / "gwr2026"
SCORER = SHARED / "tools" / "score.py"

Extracted = tuple[Document, list[Statement]]


@pytest.fixture(scope="session")
def seed() -> Extracted:
    if not SEED.is_file():
        pytest.skip(f"seed document not found at {SEED}")
    [doc] = load_path(SEED)
    return doc, extract_document(doc)


@pytest.fixture(scope="session")
def reports() -> dict[str, Extracted]:
    """Province -> (document, statements) for the 31 provincial 2026 reports."""
    paths = sorted(REPORTS.glob("2026_*.csv"))
    if not paths:
        pytest.skip(f"provincial reports not found under {REPORTS}")
    out = {}
    for path in paths:
        [doc] = load_path(path)
        out[path.name.split("_")[1]] = (doc, extract_document(doc))
    return out


@pytest.fixture(scope="session")
def score(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., dict[str, float]]:
    """Run the shared scorer on statements; returns its --json figures."""
    if not SCORER.is_file():
        pytest.skip(f"shared scorer not found at {SCORER}")
    folder = tmp_path_factory.mktemp("score")

    def run(gold: Path, statements: Iterable[Statement], docs: Path, windowed: bool) -> dict[str, float]:
        pred = folder / f"{gold.stem}.pred.jsonl"
        with pred.open("w", encoding="utf-8") as fh:
            for s in statements:
                fh.write(json.dumps(s.to_dict(), ensure_ascii=False) + "\n")
        cmd = [sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(pred), "--docs", str(docs), "--json"]
        if windowed:
            cmd.append("--windowed")
        done = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=60)
        return json.loads(done.stdout)

    return run
