"""Load benchmark of the web server (issue 5): `luoshi serve` over a store of
about a million statements, loaded by wrk on loopback with 20 concurrent
connections (2 wrk threads). It builds the store as bench/track.py does (the
31 reports and the seed, extracted once and repeated 145 times with shifted
years and rotated provinces) plus statistics/nmg_2025_sample.csv, so that
Inner Mongolia 2025 has outcomes, or reuses the store at --db; starts the
server on a free loopback port and times start-up (server start to the first
scoreboard answer, which waits for the linking of every target); requests
each URL once to warm the caches; then runs wrk for --duration seconds on
each of (a) the scoreboard of Inner Mongolia 2025, (b) the 31-province
comparison of GDP growth targets for 2026, (c) one page of the statements
API and (d) a mix of statements queries over every province, kinds and
offsets 0..900 that no cache can answer. It prints p50/p90/p95/p99 latency,
requests per second, non-2xx/3xx responses and socket errors per endpoint,
the server's peak RSS and the scoreboard page's size, checks the aims (p95
< 150 ms and >= 200 req/s for a, b and c) and appends the table to
bench/results.md. Needs wrk (`apt-get install -y wrk`). Run with

    .venv/bin/python bench/web.py [--db PATH] [--duration S]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.md"
STATS = ROOT / "statistics" / "nmg_2025_sample.csv"
LUOSHI = ROOT / ".venv" / "bin" / "luoshi"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from http_load import (  # noqa: E402  (bench/http_load.py: server, wrk and table helpers)
    cpu_model,
    free_port,
    get,
    peak_rss_mb,
    revision,
    stop,
    table,
    wait_until_up,
    write_scripts,
    wrk,
)

import track  # noqa: E402  (bench/track.py: the million-statement store)
from luoshi.stats import read_stats  # noqa: E402
from luoshi.store import open_store  # noqa: E402

NMG = "内蒙古自治区"
BOARD = "/?" + urlencode({"region": NMG, "period": "2025"})
ENDPOINTS: dict[str, str | None] = {
    "(a) scoreboard": BOARD,
    "(b) compare": "/compare?indicator=gdp_growth&kind=target&period=2026",
    "(c) statements": "/api/v1/statements?indicator=gdp_growth&kind=target&limit=100",
    "(d) statements mix": None,  # paths from the Lua script
}
AIMED = ("(a) scoreboard", "(b) compare", "(c) statements")
AIM_P95_MS = 150.0
AIM_RPS = 200.0


# -- the store ---------------------------------------------------------------------
def build(path: Path, copies: int) -> None:
    """bench/track.py's store, then the Inner Mongolia 2025 statistics; built
    under another name and renamed, so a broken build is never reused."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".building")
    partial.unlink(missing_ok=True)
    track.build(partial, copies)
    table = read_stats(STATS)
    with open_store(partial) as store:
        store.add_document(table.document, table.statements)
    partial.rename(path)


def describe(path: Path) -> dict[str, int]:
    """Counts, after making sure the statistics are in (idempotent: a document is stored once)."""
    table = read_stats(STATS)
    with open_store(path) as store:
        store.add_document(table.document, table.statements)
        return store.counts()


def main() -> None:
    ap = argparse.ArgumentParser(description="Load benchmark of luoshi serve (issue 5).")
    ap.add_argument("--db", type=Path, default=ROOT / "out" / "bench_1m.duckdb", help="store to reuse or build")
    ap.add_argument("--duration", type=int, default=30, help="seconds of wrk per endpoint")
    ap.add_argument("--copies", type=int, default=145, help="copies of the 32 documents when building")
    ap.add_argument("--connections", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-append", action="store_true", help="do not append to bench/results.md")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: `apt-get install -y wrk` (Debian/Ubuntu), then run again")
    if not LUOSHI.exists():
        raise SystemExit(f"no {LUOSHI}: run `uv sync --frozen` first")

    path = args.db.resolve()
    if not path.exists():
        print(f"building {path} ({args.copies} copies of the 32 documents + {STATS.name})…", file=sys.stderr)
        t0 = time.perf_counter()
        build(path, args.copies)
        print(f"  built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    counts = describe(path)
    size_mb = path.stat().st_size / 2**20
    print(f"store {path}: {counts['statements']:,} statements, {counts['documents']:,} documents", file=sys.stderr)

    commit = revision()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    work = Path(tempfile.mkdtemp(prefix="luoshi-web-bench-"))
    log = (work / "server.log").open("wb")
    started = time.perf_counter()
    server = subprocess.Popen(
        [str(LUOSHI), "serve", "--db", str(path), "--port", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_until_up(base, server)
        up = time.perf_counter() - started
        status, body = get(base + BOARD)  # waits for the linking
        startup = time.perf_counter() - started
        if status != 200:
            raise SystemExit(f"scoreboard answered {status}")
        html_kb = len(body) / 1024
        html_gz_kb = len(get(base + BOARD, gzipped=True)[1]) / 1024
        print(f"  answering after {up:.1f} s, first scoreboard after {startup:.1f} s", file=sys.stderr)
        regions = track.provinces()
        for name, url in ENDPOINTS.items():
            urls = [url] if url else [f"/api/v1/statements?region={quote(r)}&kind=target&limit=100" for r in regions]
            for u in urls:
                code, _ = get(base + u)
                if code != 200:
                    raise SystemExit(f"{name}: {u} answered {code}")
        scripts = write_scripts(work, regions)
        load_before = os.getloadavg()[0]
        runs = []
        for name, url in ENDPOINTS.items():
            script, target = (scripts["plain"], base + url) if url else (scripts["mix"], base + "/")
            runs.append(wrk(name, target, script, args.duration, args.connections, args.threads))
        hwm, rss = peak_rss_mb(server.pid)
        load_after = os.getloadavg()[0]
    finally:
        stop(server)
        log.close()
        server_log = (work / "server.log").read_text(errors="replace").strip()
        shutil.rmtree(work, ignore_errors=True)

    missed = [
        f"{r.name}: " + "; ".join(
            ([f"p95 {r.p95:.0f} ms ≥ {AIM_P95_MS:.0f} ms"] if r.p95 >= AIM_P95_MS else [])
            + ([f"{r.rps:.0f} req/s < {AIM_RPS:.0f}"] if r.rps < AIM_RPS else [])
        )
        for r in runs if r.name in AIMED and (r.p95 >= AIM_P95_MS or r.rps < AIM_RPS)
    ]  # fmt: skip
    cores = os.cpu_count()
    head = (
        f"### {datetime.now():%Y-%m-%d %H:%M}, {cores} cores ({cpu_model()}): "
        f"{counts['statements']:,} statements in {counts['documents']:,} documents (DuckDB, {size_mb:.0f} MB)"
    )
    notes = [
        f"wrk {args.threads} threads, {args.connections} connections, {args.duration} s per endpoint, "
        f"on loopback; `luoshi serve` as it ships (one uvicorn process) at commit {commit}.",
        f"Start-up: {startup:.1f} s from starting the server to the first scoreboard answer "
        f"(answering /api/v1/me after {up:.1f} s; the rest is linking every target).",
        f"Load average (1 min) {load_before:.1f} before the runs, {load_after:.1f} after: wrk and the server "
        "together load about 2; more means other processes shared the cores.",
        f"Server memory after the runs: peak RSS (VmHWM) {hwm:.0f} MB, RSS {rss:.0f} MB.",
        f"Scoreboard page (a): {html_kb:.0f} KB of HTML ({html_gz_kb:.0f} KB gzipped; wrk does not ask for gzip).",
        "(d): /api/v1/statements?region=…&kind=…&limit=100&offset=0..900[&indicator=gdp_growth], "
        "the 31 provinces in turn (wrk Lua script).",
        f"Aims for (a)(b)(c): p95 < {AIM_P95_MS:.0f} ms and ≥ {AIM_RPS:.0f} req/s — "
        + ("met." if not missed else "missed: " + " | ".join(missed) + "."),
    ]
    report = f"{head}\n\n" + "\n".join(f"- {n}" for n in notes) + f"\n\n{table(runs)}\n"
    print(report)
    if server_log:
        print(f"server log:\n{server_log[-2000:]}", file=sys.stderr)
    if not args.no_append:
        with RESULTS.open("a", encoding="utf-8") as fh:
            command = "`.venv/bin/python bench/web.py [--db PATH] [--duration S]`"
            fh.write(f"\n## Web (issue 5)\n\nRun with {command}.\n\n{report}")


if __name__ == "__main__":
    main()
