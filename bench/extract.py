"""Extraction speed and memory over the 31 provincial 2026 reports.

    ./dev.sh bench            (or: .venv/bin/python bench/extract.py [--repeat N])

Reports characters per second for full extraction in one process (warm:
rule loading and the first pass are not timed), the same for the reference
regex pass named in issue 2, their ratio, and peak memory while extracting
(tracemalloc, in a separate untimed pass). Appends a row to bench/results.md.
"""

from __future__ import annotations

import argparse
import platform
import re
import statistics
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

from luoshi import extract_document, load_path
from luoshi.types import Document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "gwr2026"
RESULTS = ROOT / "bench" / "results.md"

REFERENCE = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([万亿千百]*)([%％元吨人个家条列项亩斤]?)")
SCALE = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}


def reference_pass(texts: list[str]) -> int:
    """The baseline: one compiled regex, each match converted to a float with its scale."""
    n = 0
    for text in texts:
        for m in REFERENCE.finditer(text):
            value = float(m.group(1))
            for ch in m.group(2):
                value *= SCALE[ch]
            n += 1
    return n


def full_pass(docs: list[Document]) -> int:
    return sum(len(extract_document(d)) for d in docs)


def best_of(fn, arg, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def peak_memory(docs: list[Document]) -> tuple[int, int]:
    """Peak bytes traced while extracting the whole corpus, and for the largest document alone."""
    largest = max(docs, key=lambda d: len(d.text))
    tracemalloc.start()
    extract_document(largest)
    _, one = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    for d in docs:
        extract_document(d)
    _, all_docs = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return all_docs, one


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    files = sorted(CORPUS.glob("2026_*.csv"))
    if not files:
        raise SystemExit(f"no reports under {CORPUS}: the benchmark reads ../shared/corpus/gwr2026")
    docs = [d for f in files for d in load_path(f)]
    texts = [d.text for d in docs]
    chars = sum(map(len, texts))
    statements = full_pass(docs)  # warm-up: rules, automata and caches built here
    reference_pass(texts)
    ours_best, ours_median = best_of(full_pass, docs, args.repeat)
    ref_best, _ = best_of(reference_pass, texts, args.repeat)
    peak_all, peak_one = peak_memory(docs)
    ours_cps, ref_cps = chars / ours_best, chars / ref_best
    row = (
        f"| {datetime.now():%Y-%m-%d %H:%M} | {len(docs)} | {chars:,} | {statements:,} | {ours_cps:,.0f} "
        f"| {chars / ours_median:,.0f} | {ref_cps:,.0f} | {ours_best / ref_best:.1f}× "
        f"| {peak_one / 2**20:.1f} | {peak_all / 2**20:.1f} | {machine()} |"
    )
    if not RESULTS.exists():
        RESULTS.write_text(
            "# Extraction benchmark\n\nRun with `./dev.sh bench`. Speeds are characters per second over the 31 "
            "provincial 2026 reports, one process, warm (best and median of the repeats). The reference is "
            "one compiled regex with `finditer` and a float conversion per match. Memory is the tracemalloc "
            "peak while extracting the largest report alone and the whole corpus in sequence.\n\n"
            "| when | docs | chars | statements | chars/s (best) | chars/s (median) | reference chars/s "
            "| ratio | peak MB (largest doc) | peak MB (corpus) | machine |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|\n",
            encoding="utf-8",
        )
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(row + "\n")
    print(f"documents {len(docs)}, characters {chars:,}, statements {statements:,}")
    print(f"full extraction: {ours_cps:,.0f} chars/s (best of {args.repeat}), {chars / ours_median:,.0f} median")
    print(f"reference regex: {ref_cps:,.0f} chars/s; ratio {ours_best / ref_best:.1f}x")
    print(f"peak memory: {peak_one / 2**20:.1f} MB for the largest report, {peak_all / 2**20:.1f} MB for all")
    print(f"appended to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
