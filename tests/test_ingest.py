"""Ingest: load → extract → store, a chunk of documents one transaction;
the same input twice changes nothing; bad input never loses data."""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import luoshi.ingest
from luoshi import extract_document, load_path
from luoshi.ingest import IngestSummary, files_of, ingest, ingest_file, reprocess
from luoshi.store import StatementQuery, open_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SAMPLE_DOCUMENTS = 9  # seven texts and the two rows of demo_bulk.csv
REPORTS = sorted((ROOT.parent / "shared" / "corpus" / "gwr2026").glob("2026_*.csv"))
needs_reports = pytest.mark.skipif(not REPORTS, reason="needs ../shared/corpus/gwr2026")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "luoshi.duckdb"


def test_ingesting_the_same_files_twice_changes_nothing(db: Path):
    with open_store(db) as store:
        first = ingest([str(SAMPLES)], store)
        counts = store.counts()
        second = ingest([str(SAMPLES)], store)
        assert (first.new, first.unchanged, first.failed) == (SAMPLE_DOCUMENTS, 0, [])
        assert (second.new, second.unchanged, second.statements_added) == (0, SAMPLE_DOCUMENTS, 0)
        assert store.counts() == counts == {"documents": SAMPLE_DOCUMENTS, "statements": first.statements_added}


def test_stored_statements_are_what_extraction_gives(db: Path):
    path = SAMPLES / "nmg_cooperation_2025.md"
    [doc] = load_path(path)
    with open_store(db) as store:
        ingest([str(path)], store)
        stored = store.statements(StatementQuery(doc=doc.name))
        kept = store.document(doc.name)
    assert stored == extract_document(doc)
    assert kept is not None and kept.text == doc.text and kept.skip == doc.skip
    for s in stored:
        assert kept.text[s.start : s.end] == s.quote


def test_each_failure_is_named_and_the_rest_is_stored(db: Path, tmp_path: Path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "in" / "good.md").write_text("去年全区粮食产量达到820亿斤。", encoding="utf-8")
    with open_store(db) as store:
        summary = ingest([str(tmp_path / "in"), str(tmp_path / "missing.txt")], store)
        assert summary.new == 1 and store.counts()["documents"] == 1
    reasons = dict(summary.failed)
    assert reasons[str(tmp_path / "in" / "binary.txt")].startswith("是二进制文件，不是文字")
    assert reasons[str(tmp_path / "missing.txt")].startswith("没有这个文件或文件夹")


def test_a_file_deleted_mid_run_is_a_failure_not_a_crash(db: Path, tmp_path: Path):
    paths = []
    for i in range(3):
        p = tmp_path / f"d{i}.md"
        p.write_text(f"全年实现口岸货运量1.{i}亿吨。", encoding="utf-8")
        paths.append(p)
    summary = IngestSummary()
    with open_store(db) as store:
        listed = list(files_of([str(tmp_path)], summary))
        listed[1].unlink()
        for path in listed:
            ingest_file(path, store, summary)
        assert store.counts()["documents"] == 2
    assert summary.new == 2 and "可能在 luoshi 运行时被删除" in summary.failed[0][1]


def test_a_folder_is_stored_a_chunk_of_documents_a_transaction(db: Path, monkeypatch):
    monkeypatch.setattr(luoshi.ingest, "CHUNK_DOCUMENTS", 4)
    with open_store(db) as store:
        chunks: list[int] = []
        add_documents = store.add_documents
        monkeypatch.setattr(store, "add_documents", lambda items: chunks.append(len(items)) or add_documents(items))
        summary = ingest([str(SAMPLES)], store)
        assert chunks == [4, 4, 1]
        assert (summary.new, store.counts()["documents"]) == (SAMPLE_DOCUMENTS, SAMPLE_DOCUMENTS)


def test_a_run_that_stops_keeps_the_chunks_before_and_the_next_run_stores_the_rest(db: Path, monkeypatch):
    monkeypatch.setattr(luoshi.ingest, "CHUNK_DOCUMENTS", 4)
    package = importlib.import_module("luoshi.extract")  # `luoshi.extract` is also a function of luoshi's
    extract = package.extract_document
    seen: list[str] = []

    def failing_on_the_sixth(doc):
        seen.append(doc.name)
        if len(seen) == 6:
            raise RuntimeError(f"extractor failed on {doc.name}")
        return extract(doc)

    monkeypatch.setattr(package, "extract_document", failing_on_the_sixth)
    with open_store(db) as store:
        with pytest.raises(RuntimeError, match="extractor failed"):
            ingest([str(SAMPLES)], store)
        assert store.counts()["documents"] == 4  # the first chunk, whole; the fifth waited for its chunk
        monkeypatch.setattr(package, "extract_document", extract)
        summary = ingest([str(SAMPLES)], store)
        assert (summary.new, summary.unchanged) == (SAMPLE_DOCUMENTS - 4, 4)
        assert store.counts()["documents"] == SAMPLE_DOCUMENTS


def test_the_same_text_twice_in_one_run_is_stored_once(db: Path, tmp_path: Path):
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("全年实现口岸货运量1.3亿吨。", encoding="utf-8")
    with open_store(db) as store:
        summary = ingest([str(tmp_path)], store)
        assert (summary.new, summary.unchanged, store.counts()["documents"]) == (1, 1, 1)


def test_reprocess_extracts_again_from_the_stored_text(db: Path):
    with open_store(db) as store:
        ingest([str(SAMPLES)], store)
        before = store.statements()
        docs, statements = reprocess(store)
        assert (docs, statements) == (SAMPLE_DOCUMENTS, len(before))
        assert store.statements() == before


def _ingest_process(db: Path, *paths: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "luoshi", "ingest", *paths, "--db", str(db)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _assert_whole(db: Path) -> int:
    """Every stored document holds exactly the statements extraction gives."""
    expected = {d.name: len(extract_document(d)) for f in REPORTS for d in load_path(f)}
    with open_store(db) as store:
        docs = store.documents()
        for d in docs:
            assert d.statement_count == expected[d.name], d.name
    return len(docs)


@needs_reports
def test_kill_9_mid_ingest_leaves_each_document_whole_or_absent(db: Path):
    proc = _ingest_process(db, *map(str, REPORTS))
    wal = db.with_name(db.name + ".wal")
    for _ in range(2000):  # wait until a few documents are written, then kill it without warning
        if (wal.exists() and wal.stat().st_size > 400_000) or proc.poll() is not None:
            break
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # Usually a few documents are in by now; whatever the moment, each is whole.
    assert _assert_whole(db) <= len(REPORTS)
    again = _ingest_process(db, *map(str, REPORTS))
    assert again.wait() == 0
    assert _assert_whole(db) == len(REPORTS)


@needs_reports
def test_two_ingests_on_one_duckdb_file_wait_or_say_so(db: Path):
    first = _ingest_process(db, *map(str, REPORTS[:16]))
    second = _ingest_process(db, *map(str, REPORTS[16:]))
    codes = [first.wait(), second.wait()]
    messages = first.stderr.read() + second.stderr.read()  # type: ignore[union-attr]
    assert "Traceback" not in messages
    for code in codes:
        assert code == 0 or (code == 2 and "in use by another luoshi process" in messages)
    assert _assert_whole(db) == sum(16 if i == 0 else len(REPORTS) - 16 for i, c in enumerate(codes) if c == 0)
