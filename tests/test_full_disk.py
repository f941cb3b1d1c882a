"""A full disk mid-ingest: a one-line error, and every stored document whole."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from luoshi import extract_document, load_path
from luoshi.store import open_store

REPORTS = sorted((Path(__file__).resolve().parents[2] / "shared" / "corpus" / "gwr2026").glob("2026_*.csv"))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB file system of its own (tmpfs; needs root)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.skipif(not REPORTS, reason="needs ../shared/corpus/gwr2026")
def test_a_full_disk_stops_ingest_with_one_line_and_keeps_what_was_stored(small_disk: Path):
    db = small_disk / "luoshi.duckdb"
    proc = subprocess.run(
        [sys.executable, "-m", "luoshi", "ingest", *map(str, REPORTS), "--db", str(db)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert str(db) in line and "No space left on device" in line and "nothing of it was stored" in line
    expected = {d.name: len(extract_document(d)) for f in REPORTS for d in load_path(f)}
    with open_store(db) as store:
        docs = store.documents()
        assert 0 < len(docs) < len(REPORTS)
        for d in docs:
            assert d.statement_count == expected[d.name]
