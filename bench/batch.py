"""Batch throughput (issue 14): ``luoshi extract`` in one process against
``luoshi batch`` on Spark, start-up, executors' memory, and what 1 TB would take.

    .venv/bin/python bench/batch.py [--corpus-mb 1024] [--no-append]
    ./dev.sh bench-batch [--corpus-mb N]

1. A corpus of --corpus-mb MB of recombined real paragraphs of the 31
   reports (bench/ingest.py's ``build_corpus``: seeded, ~60 KB files), and
   one of 10 MB.
2. On the big corpus, each way as a command of its own, timed whole (MB of
   UTF-8 text a second): ``luoshi extract --format jsonl`` (one process),
   ``luoshi batch --engine local``, ``luoshi batch --engine spark`` with
   ``local[1]``, ``local[2]``, and a standalone master with two workers of
   one core each on loopback (``luoshi.batch.standalone``, started before
   the clock).
3. Start-up: each Spark way on the 10 MB corpus too. The two runs give a
   line, seconds = start-up + MB / rate: the fixed seconds (the JVM, the
   Python workers loading the rules, planning, and the write's per-folder
   cost) and the rate past them, which is what terabytes see.
4. Peak memory per executor, sampled every half second from /proc as PSS
   (forked Python workers share pages; RSS would count them again): the
   JVM that runs the tasks (local[N]: the driver's; the cluster: each
   worker's executor) and its Python workers together; and the CPU seconds
   of the luoshi process, the Python workers and the JVMs.
5. From the cluster's rate a core past start-up: 1 TB on 64 and 512 cores,
   and what would limit it (listing on the driver, files written, the shuffle, the shared output folder).

The last line printed is one JSON object; a section is appended to
bench/results.md unless --no-append.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ingest import SHARED, build_corpus  # noqa: E402  (bench/ingest.py)

from luoshi.batch.inputs import resolve  # noqa: E402
from luoshi.batch.spark_records import BYTES_PER_CHAR, PARTITION_CHARS  # noqa: E402
from luoshi.batch.standalone import StandaloneCluster, session_pids  # noqa: E402

RESULTS = ROOT / "bench" / "results.md"
TB = 2**40
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYSPARK_PYTHON": sys.executable, "SPARK_LOCAL_IP": "127.0.0.1"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus-mb", type=int, default=1024)
    ap.add_argument("--no-append", action="store_true", help="print only; leave bench/results.md alone")
    ap.add_argument("--without-local", action="store_true", help="leave out `luoshi batch --engine local`")
    args = ap.parse_args()
    if not (SHARED / "gwr2026").is_dir():
        raise SystemExit(f"no corpus under {SHARED}")
    work = Path(tempfile.mkdtemp(prefix="luoshi-bench-batch-"))
    try:
        result = measure(work, args.corpus_mb, local=not args.without_local)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = section(result)
    print(report)
    if not args.no_append:
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(f"\n{report}\n")
    print(json.dumps(result, ensure_ascii=False))


def measure(work: Path, corpus_mb: int, local: bool = True) -> dict[str, Any]:
    big, small = work / "corpus", work / "corpus10"
    big.mkdir()
    small.mkdir()
    mb = build_corpus(big, corpus_mb) / 2**20
    small_mb = build_corpus(small, 10) / 2**20
    log(f"corpus: {mb:.0f} MB in {len(list(big.iterdir()))} files; start-up corpus {small_mb:.0f} MB")
    t0 = time.perf_counter()
    listed = resolve([str(big)])
    listing_s = time.perf_counter() - t0
    ways: dict[str, dict[str, Any]] = {}
    sizes = (big, mb, small, small_mb)
    extract: Command = lambda corpus, out: ["extract", str(corpus), "--format", "jsonl", "-o", str(out)]  # noqa: E731
    ways["extract"] = timed("extract", extract, sizes, work / "extract.jsonl", start_up=False)
    try:
        if local:
            ways["batch local engine"] = timed(
                "batch local engine", batch_args(), sizes, work / "local", start_up=False
            )
    except WayFailed as exc:  # recorded in the table: the other ways are still worth measuring
        log(f"  failed: {exc}")
        ways["batch local engine"] = {"failed": str(exc)}
    for n in (1, 2):
        name = f"spark local[{n}]"
        ways[name] = timed(name, batch_args("--engine", "spark", "--master", f"local[{n}]"), sizes, work / f"l{n}")
    pythonpath = {"PYTHONPATH": ENV["PYTHONPATH"]}
    with StandaloneCluster(work / "cluster", workers=2, cores=1, memory="2g", env=pythonpath) as c:
        conf = spark_defaults(work / "conf", {"spark.driver.host": "127.0.0.1", "spark.executor.memory": "1g"})
        ways["spark cluster 2×1"] = timed(
            "spark cluster 2×1", batch_args("--engine", "spark", "--master", c.master_url), sizes, work / "c",
            env={**ENV, "SPARK_CONF_DIR": str(conf)},
            executors=lambda: [session_pids(w.process.pid)[1:] for w in c.worker_daemons],
        )  # fmt: skip
    layout = written(work / "c", mb)
    return {
        "date": f"{datetime.now():%Y-%m-%d %H:%M}",
        "commit": commit(),
        "cores": os.cpu_count(),
        "load": os.getloadavg()[0],
        "corpus_mb": round(mb),
        "files": len(listed),
        "listing_files_s": round(len(listed) / listing_s),
        "ways": ways,
        **layout,
        "projection": projection(ways, listed_rate=len(listed) / listing_s, mean_file=mb * 2**20 / len(listed),
                                 layout=layout),
    }  # fmt: skip


Command = Callable[[Path, Path], list[str]]  # (corpus, output) -> luoshi's arguments


class WayFailed(RuntimeError):
    """A command exited with an error; the message is its error's last line."""


def batch_args(*options: str) -> Command:
    return lambda corpus, output: ["batch", str(corpus), "--output", str(output), *options]


def timed(
    name: str,
    command: Command,
    sizes: tuple[Path, float, Path, float],
    output: Path,
    start_up: bool = True,
    env: dict[str, str] | None = None,
    executors: Callable[[], list[list[int]]] | None = None,
) -> dict[str, Any]:
    """Wall time of the command on the big corpus (and on the small one,
    for the start-up), with the peak memory of its executors."""
    big, mb, small, small_mb = sizes
    env = env or ENV
    log(f"{name} on {mb:.0f} MB…")
    seconds, peak, cpu = run(command(big, output), env, executors)
    out: dict[str, Any] = {"seconds": round(seconds, 1), "mb_s": round(mb / seconds, 3), "cpu_s": cpu}
    if peak:
        out["executor_peak_mb"] = peak
    if start_up:
        # Two points of time = start-up + MB / rate: the rate past start-up,
        # which is what a corpus of terabytes sees.
        small_s, _, _ = run(command(small, output.with_name(output.name + "-10mb")), env, None)
        out["start_10mb_s"] = round(small_s, 1)
        if seconds > small_s and mb > small_mb:
            marginal = (mb - small_mb) / (seconds - small_s)
            out["marginal_mb_s"] = round(marginal, 3)
            out["overhead_s"] = round(small_s - small_mb / marginal, 1)
    log(f"  {json.dumps(out, ensure_ascii=False)}")
    return out


def run(
    args: list[str], env: dict[str, str], executors: Callable[[], list[list[int]]] | None
) -> tuple[float, list[float], dict[str, float]]:
    """Seconds, peak memory per executor, and CPU seconds by kind of process."""
    t0 = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "luoshi", *args], env=env, stderr=subprocess.PIPE, text=True)
    groups = executors or (lambda: [descendants(process.pid)])
    with sampled(groups, lambda: descendants(process.pid)) as (peaks, cpu):
        _, err = process.communicate()
    seconds = time.perf_counter() - t0
    if process.returncode != 0:
        lines = err.strip().splitlines() or [""]
        last = next((line for line in reversed(lines) if "Error" in line), lines[-1])
        raise WayFailed(f"luoshi {' '.join(args[:1])} exited {process.returncode}: {last[:300]}")
    by_kind: dict[str, float] = {}
    for kind, seconds_used in cpu.values():
        by_kind[kind] = by_kind.get(kind, 0) + seconds_used
    return seconds, [round(p / 2**20) for p in peaks if p], {k: round(v, 1) for k, v in sorted(by_kind.items())}


# -- memory and CPU ------------------------------------------------------------------
@contextmanager
def sampled(
    groups: Callable[[], list[list[int]]], local: Callable[[], list[int]], every: float = 0.5
) -> Iterator[tuple[list[float], dict[int, tuple[str, float]]]]:
    """Peak PSS (bytes) of each group of processes' JVMs and Spark Python
    workers, and the CPU seconds of every process seen (the groups' and the
    command's own), by pid, sampled while the block runs."""
    peaks: list[float] = []
    cpu: dict[int, tuple[str, float]] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(every):
            everyone = set(local())
            for i, pids in enumerate(groups()):
                everyone.update(pids)
                total = sum(pss(pid) for pid in pids if kind_of(pid) in ("jvm", "python worker"))
                if i >= len(peaks):
                    peaks.append(0)
                peaks[i] = max(peaks[i], total)
            for pid in everyone:
                used = cpu_seconds(pid)
                if used is not None:
                    cpu[pid] = (kind_of(pid), max(used, cpu.get(pid, ("", 0.0))[1]))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peaks, cpu
    finally:
        stop.set()
        sampler.join()


def kind_of(pid: int) -> str:
    """``jvm`` (local mode's driver, a cluster's executor), ``python worker``
    (a PySpark daemon or a worker it forked) or ``driver`` (luoshi itself)."""
    try:
        cmdline = (Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return "gone"
    if Path(cmdline[0].decode(errors="replace")).name == "java":
        return "jvm"
    if b"pyspark.daemon" in cmdline or b"luoshi.batch.spark_daemon" in cmdline:
        return "python worker"
    return "driver"


def cpu_seconds(pid: int) -> float | None:
    try:
        fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pss(pid: int) -> int:
    try:
        for line in (Path("/proc") / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


# -- what was written, and 1 TB --------------------------------------------------------
def written(output: Path, corpus_mb: float) -> dict[str, Any]:
    """What a Spark output holds: tasks (a documents file each), statements
    files, their (region_code, year) folders, and the output's MB per MB of text."""
    parquet = [p for p in output.rglob("*.parquet") if not p.name.startswith(".")]
    statements = [p for p in parquet if "statements" in p.parts]
    return {
        "tasks": sum(1 for p in parquet if "documents" in p.parts),
        "statement_files": len(statements),
        "statement_folders": len({p.parent for p in statements}),
        "statements_mb_per_mb": round(sum(p.stat().st_size for p in statements) / 2**20 / corpus_mb, 3),
        "output_mb_per_mb": round(sum(p.stat().st_size for p in parquet) / 2**20 / corpus_mb, 3),
    }


def projection(ways: dict[str, dict[str, Any]], listed_rate: float, mean_file: float, layout: dict[str, Any]) -> dict:
    """1 TB from the cluster's rate a core; files as the rebalanced write
    makes them: a folder's statements in pieces of AQE's advisory 64 MB."""
    cluster = ways["spark cluster 2×1"]
    per_core = cluster.get("marginal_mb_s", cluster["mb_s"]) / 2
    overhead = cluster.get("overhead_s", 0)
    files = TB / mean_file
    statements_mb = layout["statements_mb_per_mb"] * TB / 2**20
    return {
        "per_core_mb_s": round(per_core, 3),
        "hours_64_cores": round((TB / 2**20 / (per_core * 64) + overhead) / 3600, 1),
        "hours_512_cores": round((TB / 2**20 / (per_core * 512) + overhead) / 3600, 1),
        "files_at_mean_size": round(files),
        "listing_minutes": round(files / listed_rate / 60, 1),
        "tasks": math.ceil(TB / (PARTITION_CHARS * BYTES_PER_CHAR)),
        "statements_gb": round(statements_mb / 1024),
        "statement_files": round(layout["statement_folders"] + statements_mb / 64),
    }


def section(r: dict[str, Any]) -> str:
    one = r["ways"]["extract"]["mb_s"]
    rows = []
    for name, w in r["ways"].items():
        if "failed" in w:
            rows.append(f"| {name} | failed: {w['failed']} | | | | | | | |")
            continue
        cores = 2 if ("[2]" in name or "cluster" in name) else 1
        start = f"{w['start_10mb_s']} s" if "start_10mb_s" in w else "—"
        past = f"{w['marginal_mb_s']:.2f} MB/s after {w['overhead_s']} s" if "marginal_mb_s" in w else "—"
        memory = " / ".join(f"{m:,} MB" for m in w.get("executor_peak_mb", [])) or "—"
        used = w.get("cpu_s", {})
        cpu = " / ".join(f"{used.get(k, 0):,.0f}" for k in ("driver", "python worker", "jvm"))
        rows.append(f"| {name} | {w['seconds']} s | {w['mb_s']:.2f} | {w['mb_s'] / one:.2f}× | "
                    f"{w['mb_s'] / cores / one:.0%} | {cpu} | {start} | {past} | {memory} |")  # fmt: skip
    p = r["projection"]
    return "\n".join([
        f"## Batch on Spark (issue 14) {r['date']} ({r['cores']} cores, load {r['load']:.1f}, {r['commit']})",
        "",
        f"Corpus: {r['corpus_mb']} MB of recombined real paragraphs in {r['files']:,} files. Rates are MB of "
        "UTF-8 text a second, whole commands (JVM start-up included); per core: the rate over the cores, "
        "against the single process. Past start-up: the rate and the fixed seconds that the two runs (10 MB "
        "and the corpus) give. CPU: seconds used by the luoshi process itself (the driver), the Python "
        "workers, and the JVMs, sampled from /proc. Memory: peak PSS of the JVM running tasks and its "
        "Python workers, per executor (local[N]: one, the driver's JVM).",
        "",
        "| way | time | MB/s | × extract | per core | CPU s: driver / Python workers / JVM | 10 MB run "
        "| past start-up | peak memory per executor |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"1 TB at the cluster's {p['per_core_mb_s']} MB/s a core past start-up: {p['hours_64_cores']} h on 64 cores, "
        f"{p['hours_512_cores']} h on 512. What would limit it: listing on the driver "
        f"({r['listing_files_s']:,} files/s here: {p['files_at_mean_size']:,} files of this size take "
        f"{p['listing_minutes']} min, and their names travel from the driver as {p['tasks']:,} tasks of "
        f"{PARTITION_CHARS:,} characters); the statements' shuffle before the write (about "
        f"{p['statements_gb']:,} GB of Parquet at {r['statements_mb_per_mb']} MB a MB of text, more as shuffle "
        f"blocks) and the files it makes (here {r['statement_files']:,} in {r['statement_folders']:,} region/year "
        f"folders; about {p['statement_files']:,} at 1 TB); tables of documents are shuffled once (their text "
        "crosses the network), files never are; every file is written by a Python task into the shared output "
        f"folder ({r['output_mb_per_mb']} MB a MB of text here), so its file system's bandwidth and renames.",
    ])  # fmt: skip


def spark_defaults(folder: Path, settings: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "spark-defaults.conf").write_text("".join(f"{k} {v}\n" for k, v in settings.items()))
    return folder


def commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    return done.stdout.strip() or "unknown"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
