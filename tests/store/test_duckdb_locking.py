"""One DuckDB file, two luoshi processes: the second waits for the first
(up to LUOSHI_LOCK_TIMEOUT seconds) or fails saying so; the file is never
damaged, even when a writer is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from store_holder import document
from store_samples import trains_document

from luoshi.store import StoreError, open_store
from luoshi.store.duckdb_store import DuckDBStore

HOLDER = Path(__file__).with_name("store_holder.py")


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[Callable[[float], subprocess.Popen[str]]]:
    """Starts a second process holding the store; waits until it has stored
    its first document."""
    started: list[subprocess.Popen[str]] = []

    def start(hold: float) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, str(HOLDER), str(tmp_path / "shared.duckdb"), "first.txt", str(hold)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(proc)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "stored", proc.stderr
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def test_the_second_process_fails_with_a_clear_message_after_waiting(tmp_path: Path, holder, monkeypatch):
    proc = holder(hold=60)
    monkeypatch.setenv("LUOSHI_LOCK_TIMEOUT", "0.5")
    path = tmp_path / "shared.duckdb"
    with pytest.raises(StoreError) as info:
        open_store(path)
    message = str(info.value)
    assert message.startswith(f"{path}: the store is in use by another luoshi process (PID {proc.pid} holds it")
    assert message.endswith("; try again when it has finished")
    assert "\n" not in message


def test_the_second_process_waits_for_the_first_to_finish(tmp_path: Path, holder):
    proc = holder(hold=1.0)
    with DuckDBStore(tmp_path / "shared.duckdb", lock_timeout=60) as store:  # waits about a second
        assert proc.poll() == 0  # it got in only once the first had finished
        doc, stmts = trains_document("second.txt")
        store.add_document(doc, stmts)
        assert sorted(d.name for d in store.documents()) == ["first.txt", "second.txt"]
    with open_store(tmp_path / "shared.duckdb") as again:
        assert again.counts() == {"documents": 2, "statements": 3}


def test_a_writer_killed_midway_leaves_whole_documents(tmp_path: Path, holder):
    proc = holder(hold=-1)  # storing documents until killed
    time.sleep(0.3)
    assert proc.poll() is None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with open_store(tmp_path / "shared.duckdb") as store:
        docs = store.documents()
        assert "first.txt" in {d.name for d in docs}
        for listed in docs:
            number = int(listed.name.partition("#")[2] or 0)
            full = store.document(listed.id)
            assert full is not None and full.text == document("first.txt", number).text
            assert listed.id in {h.doc_id for h in store.search(f"班列{number}列")}  # its index went in with it


def test_a_bad_lock_timeout_is_reported(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("LUOSHI_LOCK_TIMEOUT", "soon")
    with pytest.raises(StoreError, match="LUOSHI_LOCK_TIMEOUT: not a number of seconds: 'soon'"):
        open_store(tmp_path / "x.duckdb")


def test_closing_the_store_frees_the_file_even_with_a_reader_left_open(tmp_path: Path):
    path = tmp_path / "reader.duckdb"
    store = open_store(path)
    doc, stmts = trains_document()
    store.add_document(doc, stmts)
    rows = store.iter_statements(batch=1)
    next(rows)
    store.close()
    other = subprocess.run(
        [sys.executable, "-c", f"import duckdb; duckdb.connect({str(path)!r}).close()"], capture_output=True, text=True
    )
    assert other.returncode == 0, other.stderr
    with pytest.raises(StoreError, match="cannot read statements"):
        next(rows)
