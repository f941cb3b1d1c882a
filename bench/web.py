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
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.md"
STATS = ROOT / "statistics" / "nmg_2025_sample.csv"
LUOSHI = ROOT / ".venv" / "bin" / "luoshi"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

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

# Every script ends with this: wrk's own output has no p95, and its
# percentiles are rounded; the histogram itself gives them in microseconds.
DONE_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "LUOSHI p50=%d p90=%d p95=%d p99=%d max=%d requests=%d duration=%d bytes=%d "
    .. "status=%d connect=%d read=%d write=%d timeout=%d\\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, summary.requests, summary.duration, summary.bytes,
    e.status, e.connect, e.read, e.write, e.timeout))
end
"""

MIX_LUA = """
local regions = {%(regions)s}
local kinds = {"target", "actual", "target", "event"}
local indicators = {"", "", "gdp_growth", ""}
local counter = 0
local threads = 0

setup = function(thread)
  thread:set("first", threads * 7919)
  threads = threads + 1
end

init = function(args)
  counter = first or 0
end

-- region rotating over the 31 provinces, offset 0..900, kind and indicator
-- varying with them: about 1,240 different pages
request = function()
  counter = counter + 1
  local region = regions[(counter %% #regions) + 1]
  local step = math.floor(counter / #regions)
  local offset = (step %% 10) * 100
  local kind = kinds[(math.floor(step / 10) %% #kinds) + 1]
  local indicator = indicators[(math.floor(step / 40) %% #indicators) + 1]
  local path = "/api/v1/statements?region=" .. region .. "&kind=" .. kind .. "&limit=100&offset=" .. offset
  if indicator ~= "" then
    path = path .. "&indicator=" .. indicator
  end
  return wrk.format("GET", path)
end
"""


@dataclass
class Run:
    name: str
    p50: float  # ms
    p90: float
    p95: float
    p99: float
    rps: float
    non2xx: int
    errors: int
    error_words: str


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


# -- the server --------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str, timeout: float = 600.0, gzipped: bool = False) -> tuple[int, bytes]:
    headers = {"Accept-Encoding": "gzip"} if gzipped else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_until_up(base: str, server: subprocess.Popen[bytes], limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"luoshi serve exited with code {server.returncode}")
        try:
            if get(base + "/api/v1/me", timeout=2.0)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"luoshi serve did not answer /api/v1/me within {limit:.0f} s")


def peak_rss_mb(pid: int) -> tuple[float, float]:
    """(VmHWM, VmRSS) of the process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmHWM"], fields["VmRSS"]


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# -- wrk ---------------------------------------------------------------------------
def write_scripts(where: Path, regions: list[str]) -> dict[str, Path]:
    plain = where / "plain.lua"
    plain.write_text(DONE_LUA, encoding="utf-8")
    mix = where / "mix.lua"
    names = ", ".join(f'"{quote(r)}"' for r in regions)
    mix.write_text(MIX_LUA % {"regions": names} + DONE_LUA, encoding="utf-8")
    return {"plain": plain, "mix": mix}


def wrk(name: str, url: str, script: Path, duration: int, connections: int, threads: int) -> Run:
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency",
        "-s", str(script), url,
    ]  # fmt: skip
    print(f"  {name}: {' '.join(command)}", file=sys.stderr)
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = re.search(r"^LUOSHI (.*)$", out, re.M)
    if not found:
        raise SystemExit(f"no summary from wrk:\n{out}")
    v = {k: int(x) for k, x in (kv.split("=") for kv in found.group(1).split())}
    socket_errors = v["connect"] + v["read"] + v["write"] + v["timeout"]
    words = ", ".join(f"{k} {v[k]}" for k in ("connect", "read", "write", "timeout") if v[k]) or "0"
    return Run(
        name=name,
        p50=v["p50"] / 1000, p90=v["p90"] / 1000, p95=v["p95"] / 1000, p99=v["p99"] / 1000,
        rps=v["requests"] / (v["duration"] / 1e6),
        non2xx=v["status"], errors=socket_errors, error_words=words,
    )  # fmt: skip


def revision() -> str:
    """The commit the server ran, with a note when src/ had changes not committed."""
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "src"], capture_output=True, text=True).stdout.strip()
    return f"{head or 'unknown'}{' with uncommitted changes in src/' if dirty else ''}"


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def table(runs: list[Run]) -> str:
    lines = [
        "| endpoint | p50 | p90 | p95 | p99 | req/s | non-2xx/3xx | socket errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        lines.append(
            f"| {r.name} | {r.p50:.1f} ms | {r.p90:.1f} ms | {r.p95:.1f} ms | {r.p99:.1f} ms | {r.rps:.0f} "
            f"| {r.non2xx} | {r.error_words} |"
        )
    return "\n".join(lines)


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
