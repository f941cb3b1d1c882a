"""One benchmark for issue 11 (fast and lean at ten million statements).

    .venv/bin/python bench/scale.py --copies N [--pg [URL]] [--store PATH] [--json]
    ./dev.sh bench-scale --copies N [...]

1. The store: the 32 real documents (the seed and the 31 reports, extracted
   once) repeated N times as bench/track.py makes them (years moved, provinces
   rotated; 145 copies make about a million statements), written in batches
   (Store.add_documents), then, where links are stored, rebuilt once
   (``relink``). Kept and reused: by default /tmp/luoshi-bench/scale_nN.duckdb,
   or with --pg the PostgreSQL database luoshi_bench_nN on 127.0.0.1 (created;
   --pg URL names another database, which must be the benchmark's own).
   --rebuild builds it again (after an extractor change).
2. `luoshi serve` on the store: seconds from start to the first 200 of the
   scoreboard page `/`; wrk (20 connections, 2 threads) on the mix of
   statements queries no cache answers, then on `/`; the server's peak RSS
   (VmHWM) after the loads.
3. On a scratch copy of the store (--in-place: the store itself, which
   keeps the 33 documents these add): the full rebuild of links and statuses;
   one new document (a further copy of the Inner Mongolia report) stored and
   its links and statuses brought up to date; extraction alone of the 32
   texts as fresh copies, then luoshi's ingest of them (extraction, storing,
   linking), in MB of UTF-8 text a second.

Links stored in the store (``luoshi.track.stored_links.relink`` for the
full rebuild; a document stored relinks what it touches in its own
transaction, or through ``add_linked`` where the module has it) are used
when the package has them; otherwise the path in memory of before
(TrackIndex.from_store, links and assessing; TrackIndex.add_document).
The JSON says which ("links": "stored" or "memory"). The last line printed is
one JSON object (with --json, the only thing on stdout; progress goes to
stderr); a row is appended to bench/results.md ("Scale (issue 11)").

Beyond issue 11's keys the JSON holds: http_failures (non-2xx and socket
errors under wrk), extract_chars_s, the back end, copies, documents,
store_mb, reused, reorder_s (the store's rows rewritten in reading order
before measuring, as ingest does when due; null when not due), build_s and
build_s_per_copy (the bulk load when the store was built), relink_build_s (the rebuild after it), built_at (its commit),
load_before and load_after (1-minute load average), wrk_s, commit, date.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import importlib.util
import inspect
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.md"
DEFAULT_DIR = Path("/tmp/luoshi-bench")
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/luoshi_bench_n{copies}"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import http_load  # noqa: E402  (bench/http_load.py: server and wrk helpers)
import scale_store  # noqa: E402  (bench/scale_store.py: where the store is kept)

import luoshi.ingest  # noqa: E402
import track  # noqa: E402  (bench/track.py: originals, provinces, copy_of)
from luoshi import extract_document  # noqa: E402
from luoshi.ingest import stored, trusted  # noqa: E402
from luoshi.store import Store, StoredDocument, open_store  # noqa: E402
from luoshi.track.board import assess  # noqa: E402
from luoshi.track.link_index import TrackIndex  # noqa: E402
from luoshi.track.memory import keep_for_good, no_gc  # noqa: E402
from luoshi.types import Document, Statement  # noqa: E402

T = TypeVar("T")
Originals = list[tuple[Document, list[Statement]]]
CONNECTIONS, THREADS = 20, 2
READY_LIMIT_S = 3600.0  # in memory, a server links everything before its first page
KEYS = (
    "statements", "serve_ready_s", "serve_rss_mb", "mix_p95_ms", "mix_rps", "board_p95_ms",
    "recompute_s", "relink_one_ms", "ingest_mb_s", "extract_mb_s",
)  # fmt: skip


def say(text: str, end: str = "\n") -> None:
    print(text, file=sys.stderr, end=end, flush=True)


def timed(step: Callable[[], T]) -> tuple[T, float]:
    t0 = time.perf_counter()
    result = step()
    return result, time.perf_counter() - t0


def stored_links() -> ModuleType | None:
    """luoshi.track.stored_links when this checkout has it (with ``relink``)."""
    if importlib.util.find_spec("luoshi.track.stored_links") is None:
        return None
    module = importlib.import_module("luoshi.track.stored_links")
    return module if hasattr(module, "relink") else None


def relink_all(links: ModuleType, store: Store, progress: Progress | None = None) -> float:
    """Seconds of the full rebuild, with a progress line when ``relink`` takes one."""
    if progress is None or "progress" not in inspect.signature(links.relink).parameters:
        return timed(lambda: links.relink(store))[1]

    def advance(done: int, total: int) -> None:
        progress.update(done, total, "partitions relinked")

    return timed(lambda: links.relink(store, progress=advance))[1]


@contextmanager
def links_deferred(store: Store, links: ModuleType | None) -> Iterator[None]:
    """A bulk load leaves the stored links alone (they are rebuilt once after
    it): a store that relinks in each write's transaction is told not to."""
    keeps = getattr(store, "keeps_links", None)
    if links is None or keeps is None:
        yield
        return
    store.keeps_links = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        store.keeps_links = keeps  # type: ignore[attr-defined]


# -- the store -----------------------------------------------------------------------
class Progress:
    """One line on stderr: rewritten in place on a terminal, else a line every tenth."""

    def __init__(self, total: int) -> None:
        self.total, self.started, self.shown = total, time.perf_counter(), -1
        self.live = sys.stderr.isatty()

    def update(self, done: int, total: int, what: str, extra: str = "") -> None:
        self.total = total or self.total
        spent = time.perf_counter() - self.started
        left = spent / max(done, 1) * (self.total - done)
        line = f"  {done:,}/{self.total:,} {what}{extra}, {spent:.0f} s (about {left:.0f} s left)"
        if self.live:
            say("\r" + line, end="\n" if done == self.total else "")
        elif done * 10 // max(self.total, 1) != self.shown or done == self.total:
            self.shown = done * 10 // max(self.total, 1)
            say(line)


def build(place: scale_store.Place, docs: Originals, copies: int, batch: int, links: ModuleType | None) -> None:
    """N copies written ``batch`` copies a transaction, then (links stored) one rebuild."""
    names = track.provinces()
    say(f"building {place.url} ({copies} copies of the {len(docs)} documents, {batch} a batch)…")
    progress = Progress(copies)
    t0 = time.perf_counter()
    with open_store(place.start_building()) as store:
        statements = 0
        with links_deferred(store, links):
            for first in range(0, copies, batch):
                done = min(first + batch, copies)
                items = [track.copy_of(d, s, i, names) for i in range(first, done) for d, s in docs]
                statements += sum(r.statements for r in store.add_documents(items))
                progress.update(done, copies, "copies", f", {statements:,} statements")
        loaded = time.perf_counter() - t0
        relinked = relink_all(links, store, Progress(0)) if links else None
    total = time.perf_counter() - t0
    say(f"  built in {total:.0f} s ({loaded / copies:.2f} s a copy" + (f", relink {relinked:.0f} s)" if links else ")"))
    place.finish({
        "copies": copies, "batch": batch, "built": f"{datetime.now():%Y-%m-%d %H:%M}", "commit": http_load.revision(),
        "load_s": round(loaded, 1), "load_s_per_copy": round(loaded / copies, 3),
        "relink_s": round(relinked, 1) if relinked is not None else None, "links": "stored" if links else "memory",
    })  # fmt: skip


def ready_store(args: argparse.Namespace, docs: Originals, links: ModuleType | None) -> tuple[scale_store.Place, bool]:
    """The store to measure, built now or reused (then True), its links stored when they can be."""
    place = where(args)
    manifest = place.manifest()
    if manifest is not None and manifest.get("copies") != args.copies and not args.rebuild:
        raise SystemExit(f"{place.url} holds {manifest.get('copies')} copies, not {args.copies}: --rebuild or another")
    if manifest is None and place.exists() and not args.rebuild:
        raise SystemExit(f"{place.url} exists but was not built by this benchmark: --rebuild to replace it")
    if manifest is None or args.rebuild:
        place.discard()
        build(place, docs, args.copies, args.batch, links)
        return place, False
    if links and manifest.get("links") != "stored":  # built before links were stored
        say(f"{place.url}: built without stored links; relinking once…")
        with open_store(place.url) as store:
            manifest["relink_s"] = round(relink_all(links, store, Progress(0)), 1)
        place.set_manifest({**manifest, "links": "stored"})
    return place, True


def reorder(place: scale_store.Place) -> float | None:
    """As `luoshi ingest` and `luoshi relink` leave a store: rows rewritten
    in the order pages read them when enough arrived out of order (where
    this checkout's store does that); seconds it took, None when not done."""
    with open_store(place.url) as store:
        due = getattr(store, "reorder_if_due", None)
        if due is None:
            return None
        done, spent = timed(due)
    if not done:
        return None
    say(f"  statements rewritten in reading order: {spent:.1f} s")
    return round(spent, 1)


def where(args: argparse.Namespace) -> scale_store.Place:
    if args.pg is not None:
        return scale_store.PostgresDatabase(args.pg.format(copies=args.copies))
    return scale_store.DuckDBFile(args.store or DEFAULT_DIR / f"scale_n{args.copies}.duckdb")


# -- the server ------------------------------------------------------------------------
def first_board(base: str, server: subprocess.Popen[bytes], started: float) -> float:
    """Seconds from ``started`` to the first 200 of the scoreboard page."""
    while time.perf_counter() - started < READY_LIMIT_S:
        if server.poll() is not None:
            raise SystemExit(f"luoshi serve exited with code {server.returncode}")
        try:
            status, _ = http_load.get(base + "/", timeout=READY_LIMIT_S)
        except OSError:  # not listening yet
            time.sleep(0.05)
            continue
        if status == 200:
            return time.perf_counter() - started
        if status != 503:
            raise SystemExit(f"the scoreboard answered {status}")
        time.sleep(0.05)
    raise SystemExit(f"no scoreboard within {READY_LIMIT_S:.0f} s")


def serve_and_load(url: str, duration: int, work: Path) -> dict[str, Any]:
    """`luoshi serve` (this checkout's code) on the store: start-up, wrk, peak RSS."""
    port = http_load.free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "luoshi", "serve", "--db", url, "--port", str(port)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    log_path = work / "server.log"
    with log_path.open("wb") as log:
        started = time.perf_counter()
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            ready = first_board(base, server, started)
            say(f"  first scoreboard after {ready:.1f} s")
            http_load.get(base + "/api/v1/statements?limit=100")
            scripts = http_load.write_scripts(work, track.provinces())
            mix = http_load.wrk("statements mix", base + "/", scripts["mix"], duration, CONNECTIONS, THREADS)
            board = http_load.wrk("scoreboard /", base + "/", scripts["plain"], duration, CONNECTIONS, THREADS)
            peak, _ = http_load.peak_rss_mb(server.pid)
        except BaseException:
            say(log_path.read_text(errors="replace")[-2000:])
            raise
        finally:
            http_load.stop(server)
    return {
        "serve_ready_s": round(ready, 2), "serve_rss_mb": round(peak), "mix_p95_ms": round(mix.p95, 1),
        "mix_rps": round(mix.rps), "board_p95_ms": round(board.p95, 1),
        "http_failures": mix.non2xx + mix.errors + board.non2xx + board.errors,
    }  # fmt: skip


# -- links and statuses ---------------------------------------------------------------
class Linking:
    """Links kept current as documents arrive: in the store when this
    checkout stores them, else in memory (a TrackIndex, as the server does
    today), built by ``recompute``."""

    def __init__(self, store: Store, links: ModuleType | None) -> None:
        self.store, self.links = store, links
        self.index: TrackIndex | None = None

    def recompute(self) -> None:
        if self.links is not None:
            self.links.relink(self.store)
            return
        self.index = TrackIndex.from_store(self.store)
        keep_for_good()  # as the server does: the index's records out of the collector's walks
        with no_gc():
            for link in self.index.links():
                assess(link, self.index)

    def add(self, record: StoredDocument, statements: Sequence[Statement]) -> None:
        if self.links is not None:
            add_linked = getattr(self.links, "add_linked", None)
            if add_linked is not None:
                add_linked(self.store, record, statements)
            else:  # the store relinks the partitions it touches in the write's transaction
                self.store.add_document(record, statements)
            return
        assert self.index is not None, "recompute first"
        self.store.add_document(record, statements)
        changed = self.index.add_document(record, statements)
        with no_gc():
            for link in changed:
                assess(link, self.index)


def writing(url: str, docs: Originals, copies: int, links: ModuleType | None, stamp: str) -> dict[str, Any]:
    """Full rebuild, one new document, extraction and ingest, on a copy of
    the store (or the store itself: then ``stamp`` makes the documents this
    run adds differ from those of runs before)."""
    nmg = next((d, s) for d, s in docs if "内蒙古" in d.name)
    # one year on from the first copies: its outcomes settle their targets
    record, statements = track.copy_of(*nmg, copies * track.SHIFTS + 1, track.provinces(), tag=f"新增{stamp}")
    tag = f"新录{stamp}"
    fresh = [dataclasses.replace(d, text=f"{d.text}\n（{tag}）", name=f"{tag}_{d.name}") for d, _ in docs]
    megabytes = sum(len(d.text.encode("utf-8")) for d in fresh) / 2**20
    # extraction first, before this process holds an index in memory
    _, extracting = timed(lambda: [extract_document(d) for d in fresh])
    with open_store(url) as store:
        linking = Linking(store, links)
        _, recompute = timed(linking.recompute)
        say(f"  full rebuild of links and statuses: {recompute:.1f} s")
        _, one = timed(lambda: linking.add(record, statements))
        say(f"  one new document ({len(statements)} statements): {one * 1000:.0f} ms")
        _, ingesting = timed(lambda: ingest(store, linking, fresh))
        say(f"  {megabytes:.2f} MB: extraction {extracting:.1f} s, ingest {ingesting:.1f} s")
    return {
        "recompute_s": round(recompute, 2), "relink_one_ms": round(one * 1000, 1),
        "ingest_mb_s": round(megabytes / ingesting, 3), "extract_mb_s": round(megabytes / extracting, 3),
        "extract_chars_s": round(sum(len(d.text) for d in fresh) / extracting),
    }  # fmt: skip


def ingest(store: Store, linking: Linking, docs: list[Document]) -> None:
    """As `luoshi ingest` stores loaded documents: a chunk of documents a
    transaction (luoshi.ingest.Writer) where this checkout has it and links
    are stored, else a transaction a document, each then linked."""
    chunked = getattr(luoshi.ingest, "Writer", None)
    if chunked is not None and linking.links is not None:
        with chunked(store, luoshi.ingest.IngestSummary()) as writer:
            for doc in docs:
                record = trusted(stored(doc))
                if not writer.knows(record.id):
                    writer.add(record, extract_document(doc))
        return
    for doc in docs:
        record = trusted(stored(doc))
        if store.has_document(record.id):
            continue
        linking.add(record, extract_document(doc))


# -- the report ------------------------------------------------------------------------
HEADING = "## Scale (issue 11)"
COLUMNS = (
    "| date | commit | back end | N | statements | links | ready | peak RSS | mix p95 | mix req/s | board p95 "
    "| recompute | one new doc | ingest | extraction | store | load before/after |\n"
    "|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
)


def row(r: dict[str, Any]) -> str:
    return (
        f"| {r['date']} | {r['commit']} | {r['back_end']} | {r['copies']} | {r['statements']:,} | {r['links']} "
        f"| {r['serve_ready_s']:.1f} s | {r['serve_rss_mb']:,} MB | {r['mix_p95_ms']:.0f} ms | {r['mix_rps']:,} "
        f"| {r['board_p95_ms']:.0f} ms | {r['recompute_s']:.1f} s | {r['relink_one_ms']:.0f} ms "
        f"| {r['ingest_mb_s']:.2f} MB/s | {r['extract_mb_s']:.2f} MB/s | {r['store_mb']:,.0f} MB "
        f"| {r['load_before']:.1f} / {r['load_after']:.1f} |"
    )


def append(result: dict[str, Any]) -> None:
    """A row under the last heading when it is this benchmark's, else a new table."""
    text = RESULTS.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    with RESULTS.open("a", encoding="utf-8") as out:
        if not headings or headings[-1] != HEADING:
            out.write(
                f"\n{HEADING}\n\nRun with `./dev.sh bench-scale --copies N [--pg [URL]]` (`bench/scale.py`): "
                "wrk 20 connections, 2 threads; load average over 1 minute before and after the runs.\n\n"
                f"{COLUMNS}\n"
            )
        out.write(row(result) + "\n")


def measure(args: argparse.Namespace) -> dict[str, Any]:
    links = stored_links()
    say(f"links: {'stored (luoshi.track.stored_links)' if links else 'in memory (TrackIndex)'}")
    docs = track.originals()
    place, reused = ready_store(args, docs, links)
    reordered = reorder(place)
    manifest = place.manifest() or {}
    with open_store(place.url) as store:
        counts = store.counts()
    say(f"store {place.url}: {counts['statements']:,} statements, {counts['documents']:,} documents")
    if not args.in_place:
        place.check_room()  # before minutes of serving, not after
    result: dict[str, Any] = {
        "statements": counts["statements"], "store_mb": round(place.size_mb()),
        "load_before": round(os.getloadavg()[0], 2),
    }  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="luoshi-scale-") as folder:
        result |= serve_and_load(place.url, args.duration, Path(folder))
    if args.in_place:
        result |= writing(place.url, docs, args.copies, links, f"{datetime.now():%Y%m%d%H%M%S}")
    else:
        with place.scratch() as scratch:
            result |= writing(scratch, docs, args.copies, links, "")
    return result | {
        "links": "stored" if links else "memory", "back_end": place.back_end, "copies": args.copies,
        "documents": counts["documents"], "reused": reused, "reorder_s": reordered,
        "build_s": manifest.get("load_s"), "build_s_per_copy": manifest.get("load_s_per_copy"),
        "built_at": manifest.get("commit"), "relink_build_s": manifest.get("relink_s"),
        "load_after": round(os.getloadavg()[0], 2), "wrk_s": args.duration, "commit": http_load.revision(),
        "date": f"{datetime.now():%Y-%m-%d %H:%M}",
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description="Issue 11's benchmark: the 32 real documents N times.")
    ap.add_argument("--copies", type=int, required=True, help="copies of the 32 documents (145: about 1 M statements)")
    ap.add_argument(
        "--pg", nargs="?", const=DEFAULT_PG, default=None, metavar="URL",
        help="PostgreSQL: a database of the benchmark's own (default luoshi_bench_nN on 127.0.0.1; created)",
    )  # fmt: skip
    ap.add_argument("--store", type=Path, help=f"DuckDB file to reuse or build (default {DEFAULT_DIR}/scale_nN.duckdb)")
    ap.add_argument("--rebuild", action="store_true", help="build the store again even when one is kept")
    ap.add_argument("--batch", type=int, default=4, help="copies written per transaction while building")
    ap.add_argument("--duration", type=int, default=20, help="seconds of wrk per load")
    ap.add_argument(
        "--in-place", action="store_true",
        help="measure writing in the store itself, not a scratch copy (no room for one: 33 documents stay)",
    )  # fmt: skip
    ap.add_argument("--json", action="store_true", help="print only the JSON line on stdout")
    ap.add_argument("--no-append", action="store_true", help="do not append to bench/results.md")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: `apt-get install -y wrk` (Debian/Ubuntu), then run again")
    result = measure(args)
    if not args.no_append:
        append(result)
    if not args.json:
        print(COLUMNS + "\n" + row(result))
    print(json.dumps({k: result[k] for k in KEYS} | {k: v for k, v in result.items() if k not in KEYS}))


if __name__ == "__main__":
    main()
