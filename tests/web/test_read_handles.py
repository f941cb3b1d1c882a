"""A server's read handles: one per live thread, closed when its thread
has ended (a thread pool's idle threads end and new ones start) and all of
them when the server closes, so that none is left in a thread's keeping
when the process exits."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from luoshi.store import StoreError, open_store
from luoshi.web.server_state import WebState


def test_a_thread_keeps_its_handle_and_ended_threads_handles_are_closed(tmp_path: Path):
    state = WebState(open_store(tmp_path / "s.duckdb"))
    try:
        mine = state.reader()
        assert state.reader() is mine  # the same thread, the same handle
        both_read, go = threading.Barrier(3), threading.Event()
        got: list[object] = []

        def read_then_wait() -> None:
            got.append(state.reader())
            both_read.wait()
            go.wait()

        pool = [threading.Thread(target=read_then_wait) for _ in range(2)]
        for t in pool:
            t.start()
        both_read.wait()
        assert len({id(h) for h in got} | {id(mine)}) == 3  # a handle each, at once
        go.set()
        for t in pool:
            t.join()
        later: list[object] = []
        newcomer = threading.Thread(target=lambda: later.append(state.reader()))
        newcomer.start()
        newcomer.join()
        # the newcomer's first read closed the ended threads' handles (a
        # newcomer may be given an ended thread's id, and its handle with it)
        assert set(map(id, state._forks.values())) == {id(mine), id(later[0])}
        for handle in got:
            if handle is not later[0]:
                with pytest.raises(StoreError, match="closed"):
                    handle.documents()
        assert mine.documents() == []  # still open
    finally:
        state.close()
    assert state._forks == {}
