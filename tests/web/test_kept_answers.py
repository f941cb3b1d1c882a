"""What a server keeps of its answers: the answers of the whole store (the
regions and years the filters offer, the boards) are never pushed out by
a run of reads that each request names (pages of statements, of events),
which a varied load makes by the thousand; a change of the store drops
both."""

from __future__ import annotations

from pathlib import Path

from luoshi.store import open_store
from luoshi.web.server_state import WebState


def test_a_run_of_varied_reads_never_pushes_out_the_answers_of_the_whole_store(tmp_path: Path):
    state = WebState(open_store(tmp_path / "s.duckdb"))
    try:
        computed: list[str] = []

        def regions() -> dict[str, int]:
            computed.append("regions")
            return {"内蒙古自治区": 12}

        assert state.cached(("regions",), regions) == {"内蒙古自治区": 12}
        for offset in range(0, 300_000, 100):  # 3,000 different pages of statements
            state.remembered(("statements", offset), lambda: (0, b"[]"))
        assert state.cached(("regions",), regions) == {"内蒙古自治区": 12}
        assert computed == ["regions"]
    finally:
        state.close()


def test_a_change_of_the_store_drops_the_kept_reads_too(tmp_path: Path):
    state = WebState(open_store(tmp_path / "s.duckdb"))
    try:
        reads: list[int] = []
        state.remembered(("statements", 0), lambda: reads.append(1) or (1, b"[1]"))
        state.remembered(("statements", 0), lambda: reads.append(2) or (1, b"[1]"))
        state.changed()
        state.remembered(("statements", 0), lambda: reads.append(3) or (1, b"[1]"))
        assert reads == [1, 3]
    finally:
        state.close()
