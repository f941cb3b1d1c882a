"""Serving a store and loading it with wrk, shared by the web benchmarks
(bench/web.py, bench/upload_job.py, bench/scale.py): a free loopback port,
GET, waiting for the server, its peak RSS, stopping it; wrk's Lua scripts
(a plain one and the mix of statements queries no cache can answer) and
its summary as a ``Run``; the commit and CPU for the results' headings.
"""

from __future__ import annotations

import platform
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]

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


# -- headings ------------------------------------------------------------------------
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
