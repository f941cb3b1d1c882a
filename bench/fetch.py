"""Fetching speed from the local test site (tests/fetch/site_server.py).

    .venv/bin/python bench/fetch.py [--pages 200]

Measures, against the loopback site of team-written pages, with the
per-host limit (2 requests a second by default) lifted:

* pages a second fetched only (``Fetcher.fetch``, 8 connections);
* pages a second fetched and ingested (``luoshi.fetch.bring`` into a fresh
  DuckDB store: load, extract, store, record the version);
* the same pages again: every one a conditional GET answered 304;

and, for comparison, 20 pages with the default limit kept. Appends a
section to bench/results.md.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fetch"))

from site_server import SiteServer  # noqa: E402

from luoshi.fetch import AddressPolicy, Fetcher, FetchLimits, StoreSink, bring  # noqa: E402
from luoshi.store import open_store  # noqa: E402

RESULTS = ROOT / "bench" / "results.md"


def urls(site: SiteServer, count: int, offset: int = 0) -> list[str]:
    return [site.url(f"/nmrb/content_{n}.html") for n in range(offset + 1, offset + count + 1)]


def timed_fetch(fetcher: Fetcher, pages: list[str]) -> float:
    from concurrent.futures import ThreadPoolExecutor

    started = time.perf_counter()
    with ThreadPoolExecutor(fetcher.limits.connections) as pool:
        list(pool.map(fetcher.fetch, pages))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    policy = AddressPolicy.allowing(["127.0.0.1"])
    lifted = FetchLimits().lifted()
    rows: list[tuple[str, str]] = []
    with SiteServer() as site, Fetcher(policy, lifted, trust_env=False) as fetcher:
        fetcher.fetch(site.url("/robots.txt"))  # robots.txt read once, outside the timing
        seconds = timed_fetch(fetcher, urls(site, args.pages, 10_000))
        rows.append((f"fetch only, {args.pages} pages, limit lifted", f"{args.pages / seconds:,.0f} pages/s"))
        with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "bench.duckdb") as store:
            sink = StoreSink(store)
            pages = urls(site, args.pages)
            started = time.perf_counter()
            brought = bring(pages, fetcher, sink)
            seconds = time.perf_counter() - started
            new = brought.tally().new
            rows.append(
                (f"fetch + ingest into DuckDB, {args.pages} pages, limit lifted",
                 f"{args.pages / seconds:,.1f} pages/s ({new} new, {brought.statements:,} statements)")
            )  # fmt: skip
            started = time.perf_counter()
            again = bring(pages, fetcher, sink)
            seconds = time.perf_counter() - started
            rows.append(
                (f"the same {args.pages} pages again (conditional GET)",
                 f"{args.pages / seconds:,.1f} pages/s ({again.tally().unchanged} unchanged)")
            )  # fmt: skip
    with SiteServer() as site, Fetcher(policy, FetchLimits(), trust_env=False) as polite:
        polite.fetch(site.url("/robots.txt"))
        seconds = timed_fetch(polite, urls(site, 20, 20_000))
        rows.append(("fetch only, 20 pages, default limit of 2 requests/s per host", f"{20 / seconds:,.2f} pages/s"))
    report(rows)


def report(rows: list[tuple[str, str]]) -> None:
    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    machine = f"{platform.processor() or platform.machine()}, Python {platform.python_version()}"
    lines = [f"\n## Fetch {when} ({machine})\n", "Run with `.venv/bin/python bench/fetch.py`.\n",
             "| what | result |", "|---|---|", *(f"| {what} | {result} |" for what, result in rows)]  # fmt: skip
    text = "\n".join(lines) + "\n"
    print(text)
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(text)


if __name__ == "__main__":
    main()
