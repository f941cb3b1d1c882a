"""A server's read handles: one per thread, those of ended threads closed
once there are more handles than live threads (a thread pool's idle
threads end and new ones start), and all of them when the server closes,
so that none is left in a thread's keeping when the process exits."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from luoshi.ingest import ingest
from luoshi.store import StoreError, open_store
from luoshi.web.server_state import WebState


def _read_together(state: WebState, threads: int) -> list[object]:
    """Handles read by ``threads`` threads alive at once, which then end."""
    all_read, go = threading.Barrier(threads + 1), threading.Event()
    got: list[object] = []

    def read_then_wait() -> None:
        got.append(state.reader())
        all_read.wait()
        go.wait()

    pool = [threading.Thread(target=read_then_wait) for _ in range(threads)]
    for t in pool:
        t.start()
    all_read.wait()
    go.set()
    for t in pool:
        t.join()
    return got


def test_a_thread_keeps_its_handle_and_ended_threads_handles_are_closed(tmp_path: Path):
    state = WebState(open_store(tmp_path / "s.duckdb"))
    try:
        mine = state.reader()
        assert state.reader() is mine  # the same thread, the same handle
        ended = _read_together(state, threading.active_count() + 3)
        assert len({id(h) for h in ended}) == len(ended)  # a handle each while they ran
        later: list[object] = []
        newcomer = threading.Thread(target=lambda: later.append(state.reader()))
        newcomer.start()
        newcomer.join()
        # more handles than live threads: the newcomer's read closed the ended threads'
        # (a newcomer may be given an ended thread's id, and its handle with it)
        kept = list(state._forks.values())
        assert mine in kept and len(kept) <= 2
        for handle in ended:
            if handle is not later[0]:
                with pytest.raises(StoreError, match="closed"):
                    handle.documents()  # type: ignore[attr-defined]
        assert mine.documents() == []  # still open
    finally:
        state.close()
    assert state._forks == {}


def test_document_ids_are_read_by_name_when_asked_and_find_documents_stored_since(tmp_path: Path):
    samples = Path(__file__).resolve().parents[2] / "samples"
    state = WebState(open_store(tmp_path / "s.duckdb"))
    try:
        ingest([str(samples / "nmg_report_2026.md")], state.store)
        ids = state.document_ids()
        first = state.store.documents()[0]
        assert ids[first.name] == first.id and first.name in ids
        assert "没有这份文档.md" not in ids and ids.get("没有这份文档.md") is None
        ingest([str(samples / "places_erenhot_port.md")], state.store)
        later = next(d for d in state.store.documents() if d.name != first.name)
        assert ids[later.name] == later.id  # no listing taken when the mapping was made
        with pytest.raises(TypeError):
            list(ids)  # never walked: that would list every document
    finally:
        state.close()
