"""Ingest throughput, store size, peak memory and query time.

    ./dev.sh bench-ingest        (or: .venv/bin/python bench/ingest.py [--corpus-mb 200] [--pg URL])

1. The 31 reports plus the seed into a fresh DuckDB file and (when --pg is
   given or PostgreSQL answers on 127.0.0.1) into a fresh PostgreSQL schema:
   documents/s and MB/s.
2. A corpus of --corpus-mb MB made by recombining real paragraphs of the 31
   reports (seeded, so every run builds the same corpus) into ~60 KB files:
   ingest time and MB/s against extraction alone on the same texts, peak RSS
   of the ingesting process, store size per million statements.
3. `statements --indicator gdp_growth --kind target` on that store (over a
   million statements at 200 MB): warm query time, best of 5.
Results are appended to bench/results.md.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
RESULTS = ROOT / "bench" / "results.md"
PG = "postgresql://postgres@127.0.0.1:5432/test"


def real_inputs() -> list[Path]:
    return sorted((SHARED / "gwr2026").glob("2026_*.csv")) + sorted((SHARED / "seed").glob("*.txt"))


def build_corpus(folder: Path, megabytes: int) -> int:
    """Files of recombined real paragraphs, ~60 KB each; returns bytes written."""
    from luoshi import load_path

    paragraphs = [
        p for f in sorted((SHARED / "gwr2026").glob("2026_*.csv")) for d in load_path(f) for p in d.text.split("\n")
        if len(p) > 40
    ]  # fmt: skip
    rng = random.Random(20260227)
    total, i = 0, 0
    while total < megabytes * 2**20:
        body = "\n".join(rng.choice(paragraphs) for _ in range(60))
        data = body.encode("utf-8")
        (folder / f"doc_{i:05d}.txt").write_bytes(data)
        total += len(data)
        i += 1
    return total


def timed_ingest(paths: list[str], db: str) -> tuple[float, int]:
    """Seconds and peak RSS (KB) of `luoshi ingest` in a process of its own."""
    cmd = [sys.executable, "-m", "luoshi", "ingest", *paths, "--db", db]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, check=False, capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 1: some input files failed, the rest is stored
        raise SystemExit(f"ingest into {db} failed: {done.stderr.strip()}")
    seconds = time.perf_counter() - t0
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def extraction_only(folder: Path) -> float:
    from luoshi import extract_document, load_path

    t0 = time.perf_counter()
    for f in sorted(folder.glob("*.txt")):
        for d in load_path(f):
            extract_document(d)
    return time.perf_counter() - t0


def query_time(db: str) -> tuple[float, int, int]:
    from luoshi.store import StatementQuery, open_store
    from luoshi.types import Kind

    with open_store(db) as store:
        q = StatementQuery(indicator="gdp_growth", kind=Kind.TARGET)
        store.statements(q)  # warm
        best = min(_once(store, q) for _ in range(5))
        return best, len(store.statements(q)), store.counts()["statements"]


def _once(store, q) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    store.statements(q)
    return time.perf_counter() - t0


def pg_url(arg: str | None) -> str | None:
    url = arg or PG
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3):
            return url
    except Exception:
        return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus-mb", type=int, default=200)
    ap.add_argument("--pg", default=None)
    args = ap.parse_args()
    inputs = [str(p) for p in real_inputs()]
    if not inputs:
        raise SystemExit(f"no corpus under {SHARED}")
    work = Path(tempfile.mkdtemp(prefix="luoshi-bench-"))
    rows = []
    try:
        size = sum(Path(p).stat().st_size for p in inputs) / 2**20

        def rate(secs: float) -> str:
            return f"{len(inputs) / secs:.1f} docs/s, {size / secs:.2f} MB/s"

        secs, _ = timed_ingest(inputs, str(work / "real.duckdb"))
        rows.append(f"| ingest 31 reports + seed → DuckDB | {rate(secs)} |")
        url = pg_url(args.pg)
        if url:
            schema = f"luoshi_bench_{os.getpid()}"
            _create_schema(url, schema)
            secs, _ = timed_ingest(inputs, f"{url}?options=-csearch_path%3D{schema}")
            rows.append(f"| ingest 31 reports + seed → PostgreSQL | {rate(secs)} |")
            _drop_schema(url, schema)
        corpus = work / "corpus"
        corpus.mkdir()
        nbytes = build_corpus(corpus, args.corpus_mb)
        extract_secs = extraction_only(corpus)
        db = work / "big.duckdb"
        secs, rss = timed_ingest([str(corpus)], str(db))
        best, hits, statements = query_time(str(db))
        mb, files = nbytes / 2**20, len(list(corpus.glob("*.txt")))
        store_mb = db.stat().st_size / 2**20
        rows += [
            f"| {mb:.0f} MB corpus ({files} files): extraction alone | {mb / extract_secs:.2f} MB/s |",
            f"| {mb:.0f} MB corpus: ingest → DuckDB | {mb / secs:.2f} MB/s ({extract_secs / secs:.0%} of extraction) |",
            f"| peak RSS while ingesting {mb:.0f} MB | {rss / 1024:.0f} MB |",
            f"| DuckDB store size | {store_mb:.0f} MB for {statements:,} statements "
            f"({store_mb / statements * 1e6:.0f} MB per million) |",
            f"| statements --indicator gdp_growth --kind target | {best * 1000:.0f} ms warm "
            f"({hits:,} rows of {statements:,}) |",
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = "\n".join(rows)
    print(report)
    head = f"## Ingest {datetime.now():%Y-%m-%d %H:%M} ({os.cpu_count()} cores)"
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(f"\n{head}\n\n| what | result |\n|---|---|\n{report}\n")


def _create_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')


def _drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


if __name__ == "__main__":
    main()
