"""Page weight and time to first render of the scoreboard (总览) in headless
Chromium (Debian's /usr/bin/chromium: scripts/install_browser.sh).

    .venv/bin/python bench/page_weight.py [--db PATH] [--runs 5] [--screenshot docs/scoreboard.png]

Serves the app (uvicorn, 127.0.0.1, free port) over ``--db`` or over a store
built like the browser tests' (the seed texts, the 2026 reports, the sample
statistics), then loads ``/`` with the cache off, once asking for gzip as
browsers do and once for ``Accept-Encoding: identity``. Bytes come from the
DevTools protocol (Network.loadingFinished encodedDataLength: bytes on the
wire, headers included; Network.dataReceived: decoded body bytes). Times are
the paint entry first-contentful-paint and the load event, medians over
``--runs`` loads after one warm-up load (the first request links the store's
targets). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

from luoshi.ingest import ingest
from luoshi.stats import read_stats
from luoshi.store import open_store
from luoshi.web import create_app
from luoshi.web.background import BackgroundServer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seed"
REPORTS = SHARED / "corpus" / "gwr2026"
STATS = ROOT / "statistics" / "nmg_2025_sample.csv"
CHROMIUM = Path("/usr/bin/chromium")


def build_store(path: Path) -> None:
    with open_store(path) as store:
        ingest([str(p) for p in sorted(SEEDS.glob("*.txt")) + sorted(REPORTS.glob("*.csv"))], store)
        table = read_stats(STATS)
        store.add_document(table.document, table.statements)


def load(browser: Browser, url: str, encoding: str | None) -> dict[str, Any]:
    """One cold load of ``url``: per-resource bytes and the page's paint and load times."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if encoding is not None:
        cdp.send("Network.setExtraHTTPHeaders", {"headers": {"Accept-Encoding": encoding}})
    resources: dict[str, dict[str, Any]] = {}

    def received(event: dict[str, Any]) -> None:
        response = event["response"]
        headers = {k.lower(): v for k, v in response["headers"].items()}
        resources[event["requestId"]] = {
            "url": response["url"],
            "status": response["status"],
            "encoding": headers.get("content-encoding", "—"),
            "decoded": 0,
            "wire": 0,
        }

    def data(event: dict[str, Any]) -> None:
        if event["requestId"] in resources:
            resources[event["requestId"]]["decoded"] += event["dataLength"]

    def finished(event: dict[str, Any]) -> None:
        if event["requestId"] in resources:
            resources[event["requestId"]]["wire"] = int(event["encodedDataLength"])

    cdp.on("Network.responseReceived", received)
    cdp.on("Network.dataReceived", data)
    cdp.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    timing = page.evaluate(
        """() => {
            const fcp = performance.getEntriesByName("first-contentful-paint")[0];
            const nav = performance.getEntriesByType("navigation")[0];
            return {ttfb: nav.responseStart, fcp: fcp ? fcp.startTime : null, load: nav.loadEventEnd,
                    dcl: nav.domContentLoadedEventEnd};
        }"""
    )
    context.close()
    return {"resources": list(resources.values()), **timing}


def kib(n: float) -> str:
    return f"{n / 1024:,.1f} KiB"


def ms(values: list[float]) -> str:
    return f"{statistics.median(values):,.0f} ms" if values else "—"


def report(url: str, gz: list[dict[str, Any]], plain: list[dict[str, Any]]) -> str:
    lines = [
        f"Scoreboard `{url}` in headless Chromium (cache off; bytes of one load, times: medians of {len(gz)} loads)",
        "",
        "| resource | status | gzip: encoding | gzip: on the wire | identity: on the wire | body (decoded) |",
        "|---|---|---|---:|---:|---:|",
    ]
    by_url = {r["url"]: r for r in plain[0]["resources"]}
    for r in gz[0]["resources"]:
        other = by_url.get(r["url"], {})
        path = r["url"].split("/", 3)[-1]
        lines.append(
            f"| /{path} | {r['status']} | {r['encoding']} | {kib(r['wire'])} | {kib(other.get('wire', 0))} "
            f"| {kib(r['decoded'])} |"
        )
    total = {k: sum(r[k] for r in gz[0]["resources"]) for k in ("wire", "decoded")}
    plain_wire = sum(r["wire"] for r in plain[0]["resources"])
    lines.append(f"| **total** ({len(gz[0]['resources'])} requests) | | | **{kib(total['wire'])}** "
                 f"| **{kib(plain_wire)}** | **{kib(total['decoded'])}** |")  # fmt: skip
    lines += [
        "",
        "| timing (median) | gzip | identity |",
        "|---|---:|---:|",
        f"| HTML first byte (server time) | {ms([r['ttfb'] for r in gz])} | {ms([r['ttfb'] for r in plain])} |",
        f"| first-contentful-paint | {ms([r['fcp'] for r in gz if r['fcp']])} "
        f"| {ms([r['fcp'] for r in plain if r['fcp']])} |",
        f"| DOMContentLoaded | {ms([r['dcl'] for r in gz])} | {ms([r['dcl'] for r in plain])} |",
        f"| load event | {ms([r['load'] for r in gz])} | {ms([r['load'] for r in plain])} |",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a luoshi DuckDB store (default: build one like the browser tests')")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--screenshot", type=Path, help="also save a 1280×800 screenshot of the scoreboard here")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: run scripts/install_browser.sh", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "page_weight.duckdb"
            started = time.perf_counter()
            build_store(db)
            print(f"(built the store in {time.perf_counter() - started:.1f} s)", file=sys.stderr)
        with BackgroundServer(create_app(open_store(db), warm=False)) as base, sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"] if os.geteuid() == 0 else []
            )
            url = base + "/"
            load(browser, url, None)  # warm-up: the first request links the store's targets
            gz = [load(browser, url, None) for _ in range(args.runs)]
            plain = [load(browser, url, "identity") for _ in range(args.runs)]
            if args.screenshot:
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.goto(url, wait_until="networkidle")
                args.screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.screenshot))
                context.close()
                print(f"(screenshot: {args.screenshot}, {args.screenshot.stat().st_size:,} bytes)", file=sys.stderr)
            browser.close()
    print(report(url, gz, plain))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
