"""Reads while a large upload is ingested (issue 10): `luoshi serve` over a
store (the bundled samples and statistics by default, or a copy of --db,
e.g. bench/web.py's million statements), loaded by wrk on loopback (20
connections, 2 threads) on (a) the scoreboard of Inner Mongolia 2025,
(b) a page of the statements API and (c) a mix of statements queries no
cache can answer — idle, then while an owner's upload of a
100,000-row bulk CSV (about 6 MB of short rows, each one figure: a year, a
place, an indicator, a target or an outcome) runs as a job, then idle
again (the store now that much larger). It prints
p50/p95 latency and requests per second of each, how long the upload
request took to answer, the job's throughput (rows a second, wall clock
from submission to 已完成) and CPU seconds (its worker's and its storing's),
the server's own CPU seconds while the job ran, and appends the tables to
bench/results.md. Needs wrk (`apt-get install -y wrk`). Run with

    .venv/bin/python bench/upload_job.py [--db PATH] [--rows N] [--duration S]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.md"
LUOSHI = ROOT / ".venv" / "bin" / "luoshi"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import http_load  # noqa: E402  (bench/http_load.py: server, wrk and table helpers)

from luoshi.accounts import Accounts, Role  # noqa: E402
from luoshi.ingest import ingest  # noqa: E402
from luoshi.stats import read_stats  # noqa: E402
from luoshi.store import open_store  # noqa: E402

NMG = "内蒙古自治区"
OWNER, UNIT = "bench-owner", "自治区商务厅"
ENDPOINTS = {
    "(a) scoreboard": "/?" + urlencode({"region": NMG, "period": "2025"}),
    "(b) statements": "/api/v1/statements?" + urlencode({"region": NMG, "kind": "target", "limit": 100}),
    "(c) statements mix": None,  # paths from the Lua script of bench/http_load.py
}
PLACES = ["呼和浩特市", "包头市", "呼伦贝尔市", "兴安盟", "通辽市", "赤峰市", "锡林郭勒盟", "乌兰察布市", "鄂尔多斯市",
          "巴彦淖尔市", "乌海市", "阿拉善盟", "满洲里市", "二连浩特市"]  # fmt: skip
FIGURES = [
    ("地区生产总值增长{v:.1f}%", 3.0, 8.0),
    ("粮食产量达到{v:.0f}万吨", 50, 900),
    ("口岸货运量完成{v:.0f}万吨", 100, 3000),
    ("外贸进出口总额增长{v:.1f}%", 1.0, 15.0),
    ("社会消费品零售总额增长{v:.1f}%", 2.0, 9.0),
    ("固定资产投资增长{v:.1f}%", 1.0, 12.0),
    ("城镇新增就业{v:.1f}万人", 0.5, 9.0),
    ("到发中欧班列{v:.0f}列", 50, 900),
]


def bulk_csv(rows: int) -> bytes:
    """A bulk CSV of ``rows`` short texts, each one figure; no two alike."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["full_text"])
    for n in range(rows):
        place = PLACES[n % len(PLACES)]
        words, low, high = FIGURES[(n // len(PLACES)) % len(FIGURES)]
        year = 2021 + (n // 7) % 6
        value = low + (n * 7919 % 1000) / 1000 * (high - low)
        figure = words.format(v=value)
        text = f"{year}年{place}力争{figure}。" if n % 2 else f"{year}年{place}{figure}。"
        writer.writerow([f"{text}（{n}）"])
    return out.getvalue().encode("utf-8")


def prepare(store_path: Path, given: Path | None) -> str:
    """The store to serve (a copy of ``given``, else the samples) with an
    owner account; its API token."""
    if given is not None:
        shutil.copy(given, store_path)
    with open_store(store_path) as store:
        if given is None:
            ingest([str(ROOT / "samples")], store)
            table = read_stats(ROOT / "statistics" / "nmg_2025_sample.csv")
            store.add_document(table.document, table.statements)
        accounts = Accounts(store)  # type: ignore[arg-type]
        if accounts.user(OWNER) is None:
            accounts.add_user(OWNER, "bench-password-9", Role.OWNER, owner=UNIT)
        return accounts.issue_token(OWNER, "bench")


def upload(base: str, token: str, name: str, data: bytes) -> tuple[float, dict]:
    """POST the file as the owner: (seconds to the answer, the job)."""
    boundary = "luoshi-bench-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        base + "/api/v1/documents", data=body, method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )  # fmt: skip
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=600) as answer:
        status, payload = answer.status, json.loads(answer.read())
    took = time.monotonic() - started
    if status != 202:
        raise SystemExit(f"upload answered {status}: {payload}")
    return took, payload["job"]


def job_state(base: str, token: str, job_id: int) -> dict:
    request = urllib.request.Request(f"{base}/api/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return dict(json.loads(answer.read()))


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process so far (its threads, not its children)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load(base: str, scripts: dict[str, Path], duration: int) -> list[http_load.Run]:
    runs = []
    for name, path in ENDPOINTS.items():
        script = scripts["mix"] if path is None else scripts["plain"]
        runs.append(http_load.wrk(name, base + (path or "/"), script, duration, 20, 2))
    return runs


def main() -> None:
    ap = argparse.ArgumentParser(description="Read latency while a large upload runs as a job (issue 10).")
    ap.add_argument("--db", type=Path, help="a store to copy and serve (default: the bundled samples)")
    ap.add_argument("--rows", type=int, default=100_000, help="rows of the uploaded CSV")
    ap.add_argument("--duration", type=int, default=20, help="seconds of wrk per endpoint and phase")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    with tempfile.TemporaryDirectory(prefix="luoshi-bench-upload-") as folder:
        where = Path(folder)
        store_path = where / "store.duckdb"
        token = prepare(store_path, args.db)
        data = bulk_csv(args.rows)
        scripts = http_load.write_scripts(where, [NMG, "北京市", "广东省"])
        port = http_load.free_port()
        base = f"http://127.0.0.1:{port}"
        command = [str(LUOSHI), "serve", "--db", str(store_path), "--port", str(port)]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            http_load.wait_until_up(base, server)
            for path in ENDPOINTS.values():  # warm: the links and the caches
                http_load.get(base + (path or "/api/v1/statements?limit=1"))
            print("idle:", file=sys.stderr)
            idle = load(base, scripts, args.duration)
            print(f"uploading {args.rows:,} rows ({len(data) / 1e6:.1f} MB):", file=sys.stderr)
            server_cpu = cpu_seconds(server.pid)
            submitted = time.monotonic()
            answered, job = upload(base, token, "bulk_100k.csv", data)
            busy = load(base, scripts, args.duration)
            during = job_state(base, token, job["id"])
            while (state := job_state(base, token, job["id"]))["state"] not in ("done", "failed", "cancelled"):
                time.sleep(1)
            wall = time.monotonic() - submitted
            server_cpu = cpu_seconds(server.pid) - server_cpu
            print("after the job:", file=sys.stderr)
            after = load(base, scripts, args.duration)
        finally:
            http_load.stop(server)
    if state["state"] != "done":
        raise SystemExit(f"the job ended {state['state']}: {state['error']}")
    report(args, len(data), idle, busy, after, answered, during, state, wall, server_cpu)


def report(
    args: argparse.Namespace, size: int, idle: list[http_load.Run], busy: list[http_load.Run],
    after: list[http_load.Run], answered: float, during: dict, job: dict, wall: float, server_cpu: float,
) -> None:  # fmt: skip
    rows = args.rows
    store = f"a copy of {args.db}" if args.db else "the bundled samples and statistics"
    busy_note = (
        f"the job had handled {during['documents_done']:,} of {rows:,} rows when the last load ended"
        if during["state"] == "running"
        else f"the job was {during['state']} when the last load ended: the busy figures are partly idle"
    )
    machine = f"{os.cpu_count()} cores ({http_load.cpu_model()})"
    lines = [
        f"### {datetime.now():%Y-%m-%d %H:%M}, {machine}, commit {http_load.revision()}",
        "",
        f"- Store: {store}; wrk 2 threads, 20 connections, {args.duration} s per endpoint and phase, on loopback.",
        f"- Upload: {rows:,} rows, {size / 1e6:.1f} MB, by an owner (`POST /api/v1/documents`): answered 202 in "
        f"{answered * 1000:.0f} ms; {busy_note}.",
        f"- Job: 已完成 after {wall:.0f} s ({rows / wall:.0f} rows/s), {job['documents_stored']:,} documents and "
        f"{job['statements']:,} statements stored; CPU {job['cpu_seconds']:.0f} s (its worker's and its storing's); "
        f"the server process {server_cpu:.0f} s of CPU meanwhile (storing, and answering the loads).",
        "",
        "Idle:",
        "",
        http_load.table(idle),
        "",
        "While the job runs:",
        "",
        http_load.table(busy),
        "",
        f"After the job (the same server, its store {rows:,} documents larger):",
        "",
        http_load.table(after),
    ]
    text = "\n".join(lines)
    print(text)
    heading = "## Reads during an upload job (issue 10)"
    first = heading not in RESULTS.read_text(encoding="utf-8")
    with RESULTS.open("a", encoding="utf-8") as out:
        if first:
            out.write(f"\n{heading}\n\nRun with `.venv/bin/python bench/upload_job.py` (`./dev.sh bench-upload`).\n")
        out.write("\n" + text + "\n")


if __name__ == "__main__":
    main()
