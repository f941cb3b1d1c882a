"""Search for Chinese text at scale: what each way of finding documents
that contain a text costs at ingest and how fast it answers.

    .venv/bin/python bench/search.py [--copies 145] [--pg URL | --no-pg] [--no-duckdb] [--repeats 9]
                                     [--json] [--no-append]

The 32 real documents (the seed and the 31 reports) repeated --copies
times as bench/track.py makes them (145 copies: about a million statements,
247 MB of text) go into a documents table shaped like the store's, on
DuckDB and (when it answers) PostgreSQL. Each way of searching then builds
what it needs one document at a time, as an ingest would, and answers the
same queries. Search is always the store's: candidates from the database,
the texts of the first ones fetched in batches, every match confirmed in
Python, stopping at the limit.

Ways measured:
- DuckDB: the bigram table of before migration 0015 (TEXT; with its query
  of before too), a bigram table of integers (pairs of UTF-16 code units:
  cheaper to make in Python and to compare), a scan of the texts
  (``contains``, the store's way). The full-text extension cannot segment
  Chinese (it would index a pre-tokenised column of bigrams); it is
  reported unavailable when not installed, and is not measured otherwise.
- PostgreSQL: the bigram table of before, a pg_trgm GIN index on the texts
  (when the extension can be created) alone and as the store uses it (the
  first 256 documents by name first), and a scan (``strpos``).

Build cost is CPU seconds per MB of text (this process, and on PostgreSQL
the server's backend too, read from /proc): the machine is shared, wall
time would measure the neighbours. Extraction is measured the same way on
the same texts. Query latency is wall time, p50 and p95 of --repeats runs
after one warm-up, limit 50 (the store's default). The last line printed
is one JSON object of every figure; results are appended to
bench/results.md unless --no-append.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import psycopg

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.md"
PG = "postgresql://postgres@127.0.0.1:5432/test"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from luoshi import extract_document  # noqa: E402
from luoshi.store.search import matches  # noqa: E402
from track import copy_of, originals, provinces  # noqa: E402

QUERIES = {
    "common 2-char word": "发展",  # in every document, thousands of times
    "rare 4-char phrase": "晋电外送",  # twice in one report of 32
    "10-char phrase": "坚定有序推进转型发展",  # three times in the same report
    "common 5-char phrase": "高质量发展",  # in every document, 16 times each on average
    "no hit": "量子纠缠态",
}
LIMIT = 50
FIRST = 256  # PostgreSQL's first look, as luoshi.store.search.FIRST_DOCUMENTS
FIRST_PASS = (
    "SELECT d.doc_no, d.name FROM (SELECT doc_no, id, name, text FROM docs_trgm ORDER BY name, id LIMIT ?) d"
    " WHERE strpos(d.text, ?) > 0 ORDER BY d.name, d.id"
)
FETCH = 10  # texts fetched at a time while confirming candidates
SEP = "\x1f"  # joins bigrams for string_split (absent from the corpus)
Row = tuple[Any, ...]
Doc = tuple[int, str, str, str]  # doc_no, id, name, text


def bigrams(text: str) -> set[str]:
    """Today's index terms: two-character substrings without whitespace."""
    grams: set[str] = set()
    for run in text.split():
        grams.update(map(str.__add__, run, run[1:]))
    return grams


def unit_pairs(text: str) -> set[int]:
    """Every two adjacent UTF-16 code units of ``text`` as one 32-bit integer,
    made by C loops only (a memoryview cast at both alignments)."""
    data = text.encode("utf-16-le")
    even = memoryview(data[: len(data) // 4 * 4]).cast("I")
    odd = memoryview(data[2 : 2 + (len(data) - 2) // 4 * 4]).cast("I")
    return set(even).union(odd)


def cpu_clock(backend_pid: int | None = None) -> Callable[[], float]:
    """CPU seconds of this process (all threads), plus a PostgreSQL backend's."""
    tick = os.sysconf("SC_CLK_TCK")

    def backend() -> float:
        with suppress(OSError):
            fields = Path(f"/proc/{backend_pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / tick
        return 0.0

    return (lambda: time.process_time() + backend()) if backend_pid else time.process_time


# -- the ways ---------------------------------------------------------------
@dataclass
class Way:
    """One way of searching: how it indexes a document and finds candidates."""

    name: str
    setup: tuple[str, ...] = ()  # SQL run once before any document
    add: Callable[[Any, Doc], None] | None = None  # None: nothing to keep
    candidates: Callable[[Any, str], list[Row]] = field(default=lambda con, q: [])  # (key, name) by name, id
    size_of: tuple[str, ...] = ()  # tables or indexes it adds
    unavailable: str = ""
    search: Callable[[Any, str], int] | None = None  # a search of its own instead of the shared one


def duck_rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[Row]:
    return con.execute(sql, params).fetchall()


def pg_rows(con: psycopg.Connection[Any], sql: str, params: list[Any]) -> list[Row]:
    return con.execute(sql.replace("?", "%s"), params).fetchall()  # type: ignore[arg-type]


def by_grams(table: str, key: str, run: Callable[..., list[Row]], grams: list[Any]) -> Callable[[Any, str], list[Row]]:
    """Documents holding every one of ``grams`` (from the gram table)."""
    marks = ", ".join("?" * len(grams))
    sql = (
        f"SELECT {key}, d.name FROM docs d JOIN (SELECT doc_no FROM {table} WHERE gram IN ({marks})"
        " GROUP BY doc_no HAVING count(*) = ?) g ON g.doc_no = d.doc_no ORDER BY d.name, d.id"
    )
    return lambda con, q: run(con, sql, [*grams, len(grams)])


def duckdb_ways(con: duckdb.DuckDBPyConnection) -> list[Way]:
    def text_add(con: duckdb.DuckDBPyConnection, doc: Doc) -> None:
        doc_no, _, _, text = doc
        con.execute(
            "INSERT INTO grams_text SELECT unnest(string_split(?, chr(31))), ?", [SEP.join(bigrams(text)), doc_no]
        )

    def int_add(con: duckdb.DuckDBPyConnection, doc: Doc) -> None:
        doc_no, _, _, text = doc
        con.execute(
            "INSERT INTO grams_int SELECT unnest(string_split(?, ',')::UINTEGER[]), ?",
            [",".join(map(str, unit_pairs(text))), doc_no],
        )

    def today(con: duckdb.DuckDBPyConnection, query: str) -> int:
        # luoshi.store.sql's query before this benchmark: the texts sorted with the names
        grams = sorted(bigrams(query))
        sql = (
            "SELECT d.id, d.name, d.text FROM docs d JOIN (SELECT doc_no FROM grams_text"
            f" WHERE gram IN ({', '.join('?' * len(grams))}) GROUP BY doc_no HAVING count(*) = ?) g"
            " ON g.doc_no = d.doc_no ORDER BY d.name, d.id"
        )
        cursor = con.cursor()
        try:
            cursor.execute(sql, [*grams, len(grams)])
            hits = 0
            while rows := cursor.fetchmany(FETCH):
                for _, _, text in rows:
                    for _ in matches(text, query):
                        hits += 1
                        if hits >= LIMIT:
                            return hits
            return hits
        finally:
            cursor.close()

    # every document it finds holds a match: the first LIMIT of them are enough
    scan = f"SELECT d.rowid, d.name FROM docs d WHERE contains(d.text, ?) ORDER BY d.name, d.id LIMIT {LIMIT}"
    ways = [
        Way(
            "bigram table (TEXT, today)",
            ("CREATE TABLE grams_text (gram TEXT NOT NULL, doc_no INTEGER NOT NULL)",),
            text_add,
            lambda con, q: by_grams("grams_text", "d.rowid", duck_rows, sorted(bigrams(q)))(con, q),
            ("grams_text",),
        ),
        Way("— the same, today's query (texts sorted with the names)", search=today),
        Way(
            "bigram table (UTF-16 pairs as UINTEGER)",
            ("CREATE TABLE grams_int (gram UINTEGER NOT NULL, doc_no INTEGER NOT NULL)",),
            int_add,
            lambda con, q: by_grams("grams_int", "d.rowid", duck_rows, sorted(unit_pairs(q)))(con, q),
            ("grams_int",),
        ),
        Way("scan (contains)", candidates=lambda con, q: duck_rows(con, scan, [q])),
    ]
    try:
        con.execute("LOAD fts")
    except duckdb.Error as exc:
        reason = str(exc).strip().splitlines()[0]
        print(f"fts: {reason}", file=sys.stderr)
        ways.append(Way("fts extension (bigram tokens)", unavailable="not installed; INSTALL fts needs the network"))
    else:  # pragma: no cover - not installed on the machine measured
        ways.append(Way("fts extension (bigram tokens)", unavailable="installed but not measured: see the notes"))
    return ways


def postgres_ways(con: psycopg.Connection[Any]) -> list[Way]:
    def bigram_add(con: psycopg.Connection[Any], doc: Doc) -> None:
        doc_no, _, _, text = doc
        data = "".join(f"{gram}\t{doc_no}\n" for gram in sorted(bigrams(text))).replace("\\", "\\\\")
        with con.cursor() as cur, cur.copy("COPY grams_text (gram, doc_no) FROM STDIN") as copy:
            copy.write(data)

    def trgm_add(con: psycopg.Connection[Any], doc: Doc) -> None:
        # the same row into a twin of docs with the index: its cost less docs's own
        con.execute("INSERT INTO docs_trgm (doc_no, id, name, text) VALUES (%s, %s, %s, %s)", doc)

    like = f"SELECT d.doc_no, d.name FROM docs d WHERE strpos(d.text, ?) > 0 ORDER BY d.name, d.id LIMIT {LIMIT}"
    trgm = (
        f"SELECT d.doc_no, d.name FROM docs_trgm d WHERE d.text LIKE ? ESCAPE '\\' ORDER BY d.name, d.id LIMIT {LIMIT}"
    )

    def trgm_first(con: psycopg.Connection[Any], query: str) -> int:
        # luoshi.store.search: the first FIRST documents by name, then the index
        # (strpos where the query has no three word characters in a row)
        first = pg_rows(con, FIRST_PASS, [FIRST, query])
        if LIMIT <= FIRST and (hits := confirm(con, first, query, pg_fetch)) >= LIMIT:
            return hits
        if re.search(r"\w{3}", query):
            return confirm(con, pg_rows(con, trgm, [like_pattern(query)]), query, pg_fetch)
        return confirm(con, pg_rows(con, trgm.replace("d.text LIKE ? ESCAPE '\\'", "strpos(d.text, ?) > 0"), [query]),
                       query, pg_fetch)  # fmt: skip

    ways = [
        Way(
            "bigram table (today)",
            (
                'CREATE TABLE grams_text (gram TEXT COLLATE "C" NOT NULL, doc_no INTEGER NOT NULL,'
                " PRIMARY KEY (gram, doc_no))",
            ),
            bigram_add,
            lambda con, q: by_grams("grams_text", "d.doc_no", pg_rows, sorted(bigrams(q)))(con, q),
            ("grams_text",),
        ),
    ]
    try:
        with con.transaction():
            # in public, as the store makes it: the scratch schema's DROP would take it along
            con.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        found = con.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
        ops = f"{found.fetchone()[0]}.gin_trgm_ops"  # type: ignore[index]
    except psycopg.Error as exc:
        ways.append(Way("pg_trgm GIN on the text", unavailable=str(exc).strip().splitlines()[0]))
    else:
        ways.append(
            Way(
                "pg_trgm GIN on the text",
                (
                    "CREATE TABLE docs_trgm (LIKE docs INCLUDING ALL)",
                    f"CREATE INDEX docs_trgm_text ON docs_trgm USING gin (text {ops})",
                ),
                trgm_add,
                lambda con, q: pg_rows(con, trgm, [like_pattern(q)]),
                ("docs_trgm_text",),
            )
        )
        ways.append(
            Way(f"— the same, the first {FIRST} documents by name first (the store's search)", search=trgm_first)
        )
    ways.append(Way("scan (strpos)", candidates=lambda con, q: pg_rows(con, like, [q])))
    return ways


def pg_fetch(con: psycopg.Connection[Any], keys: list[Any]) -> list[Row]:
    return pg_rows(con, "SELECT doc_no, text FROM docs WHERE doc_no = ANY(?)", [keys])


def like_pattern(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# -- the corpus ---------------------------------------------------------------
def corpus(copies: int) -> Iterator[Doc]:
    """(doc_no, id, name, text) of every copy, as bench/track.py names them."""
    docs, names = originals(), provinces()
    no = 0
    for i in range(copies):
        for doc, _ in docs:
            record, _ = copy_of(doc, [], i, names)
            no += 1
            yield no, record.id, record.name, record.text


def extraction_cpu_per_mb() -> float:
    docs = [d for d, _ in originals()]  # originals() extracted once: warm
    mb = sum(len(d.text.encode()) for d in docs) / 2**20
    t0 = time.process_time()
    for d in docs:
        extract_document(d)
    return (time.process_time() - t0) / mb


# -- measuring ------------------------------------------------------------------
def build(con: Any, ways: list[Way], copies: int, clock: Callable[[], float], tx: Callable[[], Any]) -> dict[str, Any]:
    """Documents one at a time, each way's index after them; CPU per way."""
    spent = {w.name: 0.0 for w in ways}
    nbytes = 0
    for w in ways:
        for sql in w.setup:
            con.execute(sql)
    for doc in corpus(copies):
        doc_no, text = doc[0], doc[3]
        nbytes += len(text.encode())
        t0 = clock()
        with tx():
            con.execute("INSERT INTO docs (doc_no, id, name, text) VALUES (?, ?, ?, ?)".replace("?", mark(con)), doc)
        spent["documents"] = spent.get("documents", 0.0) + clock() - t0
        for w in ways:
            if w.add is not None:
                t0 = clock()
                with tx():
                    w.add(con, doc)
                spent[w.name] += clock() - t0
        if doc_no % 640 == 0:
            print(f"  {doc_no:,} documents, {nbytes / 2**20:.0f} MB", file=sys.stderr)
    return {"mb": nbytes / 2**20, "cpu": spent}


def mark(con: Any) -> str:
    return "?" if isinstance(con, duckdb.DuckDBPyConnection) else "%s"


def search(con: Any, way: Way, query: str, fetch: Callable[[Any, list[Any]], list[Row]]) -> int:
    """Hits of ``query`` (up to LIMIT) as the store finds them with this way."""
    return confirm(con, way.candidates(con, query), query, fetch)


def confirm(con: Any, found: list[Row], query: str, fetch: Callable[[Any, list[Any]], list[Row]]) -> int:
    """Hits of ``query`` (up to LIMIT) in the candidates ``found``."""
    hits = 0
    for lo in range(0, len(found), FETCH):
        texts: dict[Any, str] = dict(fetch(con, [key for key, _ in found[lo : lo + FETCH]]))
        for key, _ in found[lo : lo + FETCH]:
            for _ in matches(texts[key], query):
                hits += 1
                if hits >= LIMIT:
                    return hits
    return hits


def latencies(con: Any, way: Way, fetch: Callable[[Any, list[Any]], list[Row]], repeats: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    run = way.search or (lambda con, query: search(con, way, query, fetch))
    for label, query in QUERIES.items():
        hits = run(con, query)  # warm-up
        ms = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            run(con, query)
            ms.append((time.perf_counter() - t0) * 1000)
        out[label] = {"hits": hits, "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95)}
        if way.search is None:
            t0 = time.perf_counter()
            out[label]["docs"] = len(way.candidates(con, query))
            out[label]["candidates_ms"] = (time.perf_counter() - t0) * 1000
    return out


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def duckdb_figures(path: Path, copies: int, repeats: int) -> dict[str, Any]:
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE docs (doc_no INTEGER NOT NULL UNIQUE, id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
        " text TEXT NOT NULL)"
    )
    ways = duckdb_ways(con)
    built = build(con, [w for w in ways if not w.unavailable], copies, time.process_time, lambda: _duck_tx(con))
    con.execute("CHECKPOINT")

    def fetch(con: duckdb.DuckDBPyConnection, keys: list[Any]) -> list[Row]:
        return duck_rows(con, "SELECT rowid, text FROM docs WHERE rowid = ANY(?::BIGINT[])", [keys])

    def size(table: str) -> float:
        blocks = con.execute(f"SELECT count(DISTINCT block_id) FROM pragma_storage_info('{table}')").fetchone()
        block = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()
        return (blocks[0] if blocks else 0) * (block[0] if block else 0) / 2**20

    result = {"mb": built["mb"], "documents_cpu_s_per_mb": built["cpu"]["documents"] / built["mb"],
              "text_mb_stored": size("docs"), "file_mb": path.stat().st_size / 2**20, "ways": {}}  # fmt: skip
    for w in ways:
        entry: dict[str, Any] = {"unavailable": w.unavailable} if w.unavailable else {}
        if not w.unavailable:
            entry["build_cpu_s_per_mb"] = built["cpu"][w.name] / built["mb"]
            entry["size_mb"] = sum(size(t) for t in w.size_of)
            if w.search is not None and w.add is None:
                entry["index_as_above"] = True
            entry["queries"] = latencies(con, w, fetch, repeats)
        result["ways"][w.name] = entry
    con.close()
    return result


@dataclass
class _duck_tx:
    con: duckdb.DuckDBPyConnection

    def __enter__(self) -> None:
        self.con.begin()

    def __exit__(self, *exc: object) -> None:
        self.con.commit() if exc[0] is None else self.con.rollback()


def postgres_figures(url: str, copies: int, repeats: int) -> dict[str, Any]:
    schema = f"luoshi_search_bench_{os.getpid()}"
    with closing(psycopg.connect(url, autocommit=True)) as con:
        con.execute(f'CREATE SCHEMA "{schema}"')
        try:
            con.execute(f'SET search_path TO "{schema}", public')
            return _postgres_in_schema(con, copies, repeats)
        finally:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _postgres_in_schema(con: psycopg.Connection[Any], copies: int, repeats: int) -> dict[str, Any]:
    con.execute(
        "CREATE TABLE docs (doc_no INTEGER NOT NULL UNIQUE, id TEXT PRIMARY KEY,"
        " name TEXT NOT NULL UNIQUE, text TEXT NOT NULL)"
    )
    ways = postgres_ways(con)
    pid = con.execute("SELECT pg_backend_pid()").fetchone()
    clock = cpu_clock(pid[0] if pid else None)
    built = build(con, [w for w in ways if not w.unavailable], copies, clock, con.transaction)
    con.execute("VACUUM ANALYZE")

    fetch = pg_fetch

    def size(relation: str) -> float:
        row = con.execute("SELECT pg_total_relation_size(%s)", [relation]).fetchone()
        return (row[0] if row else 0) / 2**20

    docs_cpu = built["cpu"]["documents"]
    result = {"mb": built["mb"], "documents_cpu_s_per_mb": docs_cpu / built["mb"],
              "text_mb_stored": size("docs"), "ways": {}}  # fmt: skip
    for w in ways:
        entry: dict[str, Any] = {"unavailable": w.unavailable} if w.unavailable else {}
        if not w.unavailable:
            cpu = built["cpu"][w.name]
            if w.name.startswith("pg_trgm"):
                cpu -= docs_cpu  # the twin table's own row: the store writes it anyway
            entry["build_cpu_s_per_mb"] = max(cpu, 0.0) / built["mb"]
            entry["size_mb"] = sum(size(t) for t in w.size_of)
            if w.search is not None and w.add is None:
                entry["index_as_above"] = True
            entry["queries"] = latencies(con, w, fetch, repeats)
        result["ways"][w.name] = entry
    return result


# -- reporting --------------------------------------------------------------------
def table(figures: dict[str, Any]) -> str:
    extract = figures["extract_cpu_s_per_mb"]
    head = "| store | way | build CPU s/MB | ÷ extraction | index MB | " + " | ".join(
        f"{label} p50/p95 ms" for label in QUERIES
    )
    lines = [head + " |", "|---" * (5 + len(QUERIES)) + "|"]
    for store in ("duckdb", "postgres"):
        if store not in figures:
            continue
        for name, w in figures[store]["ways"].items():
            if "unavailable" in w:
                lines.append(f"| {store} | {name} | — | — | — | unavailable: {w['unavailable']} |")
                continue
            cells = [f"{q['p50_ms']:.0f} / {q['p95_ms']:.0f} ({q['hits']} hits)" for q in w["queries"].values()]
            if w.get("index_as_above"):
                lines.append(f"| {store} | {name} | ″ | ″ | ″ | " + " | ".join(cells) + " |")
                continue
            lines.append(
                f"| {store} | {name} | {w['build_cpu_s_per_mb']:.3f} | {w['build_cpu_s_per_mb'] / extract:.0%} "
                f"| {w['size_mb']:.0f} | " + " | ".join(cells) + " |"
            )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=145, help="copies of the 32 documents (145: ~1M statements)")
    ap.add_argument("--pg", default=PG, help="PostgreSQL URL (a scratch schema is made and dropped)")
    ap.add_argument("--no-pg", action="store_true", help="DuckDB only")
    ap.add_argument("--no-duckdb", action="store_true", help="PostgreSQL only")
    ap.add_argument("--repeats", type=int, default=9, help="timed runs of each query")
    ap.add_argument("--json", action="store_true", help="print only the JSON line")
    ap.add_argument("--no-append", action="store_true", help="do not append to bench/results.md")
    args = ap.parse_args()
    figures: dict[str, Any] = {"copies": args.copies, "load_avg_start": os.getloadavg()[0]}
    figures["extract_cpu_s_per_mb"] = extraction_cpu_per_mb()
    if not args.no_duckdb:
        work = Path(tempfile.mkdtemp(prefix="luoshi-search-bench-"))
        try:
            print(f"DuckDB, {args.copies} copies…", file=sys.stderr)
            figures["duckdb"] = duckdb_figures(work / "search.duckdb", args.copies, args.repeats)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if not args.no_pg:
        try:
            psycopg.connect(args.pg, connect_timeout=3).close()
        except psycopg.Error as exc:
            print(f"PostgreSQL skipped: {exc}", file=sys.stderr)
        else:
            print(f"PostgreSQL, {args.copies} copies…", file=sys.stderr)
            figures["postgres"] = postgres_figures(args.pg, args.copies, args.repeats)
    figures["load_avg_end"] = os.getloadavg()[0]
    report(figures, args)


def report(figures: dict[str, Any], args: argparse.Namespace) -> None:
    mb = next(figures[s]["mb"] for s in ("duckdb", "postgres") if s in figures)
    head = (
        f"## Search index (issue 11) {datetime.now():%Y-%m-%d %H:%M} ({os.cpu_count()} cores, load average "
        f"{figures['load_avg_start']:.1f} → {figures['load_avg_end']:.1f}): {args.copies} copies, {mb:.0f} MB of text"
    )
    notes = (
        f"Run with `.venv/bin/python bench/search.py --copies {args.copies}`. Extraction: "
        f"{figures['extract_cpu_s_per_mb']:.3f} CPU s/MB ({1 / figures['extract_cpu_s_per_mb']:.2f} MB/s); "
        "build cost is CPU per MB of text, index size after a checkpoint (DuckDB) or VACUUM (PostgreSQL), "
        f"latency wall time of a search with limit {LIMIT}, p50 / p95 of {args.repeats} runs."
    )
    text = f"{head}\n\n{notes}\n\n{table(figures)}\n"
    if not args.json:
        print(text)
    if not args.no_append:
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(f"\n{text}")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
