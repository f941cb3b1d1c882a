"""Linking and status at scale: a DuckDB store of about a million
statements, the full recompute and the recompute after one new document.

    .venv/bin/python bench/track.py [--copies 145] [--store PATH]

1. Builds a store from the seed and the 31 reports, extracted once and
   repeated (or reuses one built before, --store): copy i moves every year
   by i % 8, so that later copies report on earlier copies' targets, and
   each province's figures to another province (by i // 8); its text is
   tagged so that every copy is a document of its own. 145 copies make
   about 1,000,000 statements.
2. Full recompute: read every document and statement (TrackIndex.from_store),
   link every target, assess each; the time of each step.
3. One new document: a further copy of the Inner Mongolia report written to
   the store, then TrackIndex.add_document and the assessment of every link
   it changed.
4. The scoreboard of one region straight from the store, as
   `luoshi status --region 内蒙古自治区 --period 2026` computes it.
Results are appended to bench/results.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
RESULTS = ROOT / "bench" / "results.md"
sys.path.insert(0, str(ROOT / "src"))

from luoshi import extract_document, load_path  # noqa: E402
from luoshi.gazetteer import Gazetteer  # noqa: E402
from luoshi.ingest import document_id, stored, trusted  # noqa: E402
from luoshi.store import Store, StoredDocument, open_store  # noqa: E402
from luoshi.track.board import assess, store_scoreboard  # noqa: E402
from luoshi.track.link_index import TrackIndex  # noqa: E402
from luoshi.track.memory import no_gc  # noqa: E402
from luoshi.types import Document, Statement  # noqa: E402

YEAR = re.compile(r"(?:19|20)\d\d")
SHIFTS = 8
T = TypeVar("T")


def originals() -> list[tuple[Document, list[Statement]]]:
    paths = sorted((SHARED / "gwr2026").glob("2026_*.csv")) + sorted((SHARED / "seed").glob("*.txt"))
    if not paths:
        raise SystemExit(f"no corpus under {SHARED}")
    return [(d, extract_document(d)) for p in paths for d in load_path(p)]


def provinces() -> list[str]:
    data = json.loads((SHARED / "gwr2026" / "provinces_31.json").read_text(encoding="utf-8"))
    return [p["province"] for p in data]


def copy_of(
    doc: Document, statements: list[Statement], i: int, names: list[str], tag: str = "副本"
) -> tuple[StoredDocument, list[Statement]]:
    """Copy i of a document: years moved by i % SHIFTS, provinces rotated by i // SHIFTS."""
    shift, turn = i % SHIFTS, i // SHIFTS
    gaz = Gazetteer.default()

    def region(name: str) -> str:
        return names[(names.index(name) + turn) % len(names)] if name in names else name

    text = f"{doc.text}\n（{tag}{i}）"
    name = f"{tag}{i:04d}_{doc.name}"
    published = doc.published.replace(year=doc.published.year + shift) if doc.published else None
    record = dataclasses.replace(trusted(stored(doc)), id=document_id(text), text=text, name=name, published=published)
    moved = []
    for s in statements:
        where = region(s.region)
        known = gaz.by_name(where)
        moved.append(
            dataclasses.replace(
                s,
                doc=name,
                region=where,
                region_code=known.code if known else s.region_code,
                period=YEAR.sub(lambda m: str(int(m.group()) + shift), s.period),
            )  # fmt: skip
        )
    return record, moved


def build(path: Path, copies: int) -> None:
    docs, names = originals(), provinces()
    with open_store(path) as store:
        for i in range(copies):
            for doc, statements in docs:
                store.add_document(*copy_of(doc, statements, i, names))
            if i % 10 == 9:
                print(f"  {i + 1} copies: {store.counts()['statements']:,} statements", file=sys.stderr)


def timed(step: Callable[[], T]) -> tuple[T, float]:
    t0 = time.perf_counter()
    result = step()
    return result, time.perf_counter() - t0


def full_recompute(store: Store) -> tuple[TrackIndex, list[str]]:
    """Read, link and assess everything, each step timed; linking split into
    finding candidates and choosing (whether an outcome is preliminary is a
    flag the extractor set: nothing reads texts)."""
    index, read = timed(lambda: TrackIndex.from_store(store))
    targets = index.all_targets()
    with no_gc():
        _, finding = timed(lambda: [index.candidates(t) for t in targets])
    links, choosing = timed(index.links)  # candidates again
    with no_gc():
        assessed, assessing = timed(lambda: [assess(k, index) for k in links])
    choosing = max(choosing - finding, 0.0)
    total = read + finding + choosing + assessing
    settled = sum(1 for a in assessed if a.chosen is not None)
    rows = [
        f"| full recompute | {total:.1f} s ({len(links):,} targets, {settled:,} with an outcome) |",
        f"| — read every statement and document (Store.iter_statements, grouping) | {read:.1f} s |",
        f"| — candidates of every target | {finding:.1f} s |",
        f"| — choose, order, conflicts | {choosing:.1f} s |",
        f"| — status, progress, projection | {assessing:.1f} s |",
    ]
    return index, rows


def one_new_document(store: Store, index: TrackIndex, copies: int) -> list[str]:
    docs = [(d, s) for d, s in originals() if "内蒙古" in d.name]
    # one year on from the first copies: its outcomes settle their targets
    record, statements = copy_of(*docs[0], copies * SHIFTS + 1, provinces(), tag="新增")
    _, write = timed(lambda: store.add_document(record, statements))
    links, relink = timed(lambda: index.add_document(record, statements))
    with no_gc():
        _, assessing = timed(lambda: [assess(k, index) for k in links])
    return [
        f"| one new document ({len(statements)} statements) | write {write * 1000:.0f} ms; "
        f"relink + status {(relink + assessing) * 1000:.0f} ms ({len(links):,} links recomputed) |",
    ]


def one_region(store: Store) -> list[str]:
    board, secs = timed(lambda: store_scoreboard(store, region="内蒙古自治区", period="2026"))
    return [f"| status --region 内蒙古自治区 --period 2026 | {secs:.1f} s ({len(board):,} targets) |"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=145)
    ap.add_argument("--store", type=Path, default=None, help="reuse (or build once and keep) this store")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="luoshi-track-bench-"))
    path = args.store or work / "track.duckdb"
    try:
        if not path.exists():
            print(f"building {path} ({args.copies} copies of the 32 documents)…", file=sys.stderr)
            (_, secs) = timed(lambda: build(path, args.copies))
            print(f"  built in {secs:.0f} s", file=sys.stderr)
        scratch = work / "scratch.duckdb"  # the new document goes into a copy
        shutil.copy(path, scratch)
        with open_store(scratch) as store:
            counts = store.counts()
            index, rows = full_recompute(store)
            rows += one_new_document(store, index, args.copies)
            rows += one_region(store)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    head = (
        f"## Linking and status {datetime.now():%Y-%m-%d %H:%M} ({os.cpu_count()} cores): "
        f"{counts['statements']:,} statements in {counts['documents']:,} documents (DuckDB)"
    )
    report = "\n".join(rows)
    print(f"{head}\n{report}")
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(f"\n{head}\n\nRun with `.venv/bin/python bench/track.py`.\n\n| what | time |\n|---|---|\n{report}\n")


if __name__ == "__main__":
    main()
