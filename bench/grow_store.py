"""Grow a benchmark store tenfold in SQL: ten million statements in minutes
rather than the hours that extracting and writing 1,450 copies document by
document takes (bench/scale.py builds copy by copy).

    .venv/bin/python bench/grow_store.py [--from /tmp/luoshi-bench/scale_n145.duckdb] [--times 10]
    .venv/bin/python bench/grow_store.py --pg [URL]   (from luoshi_bench_n145 on 127.0.0.1)

The store bench/scale.py built with N copies (``副本0000_…`` to ``副本{N-1}_…``)
gets copies N … times·N−1, each made from copy j = i mod N by the rule of
bench/track.py's ``copy_of`` — copy i moves every year by i % 8 and rotates
the provinces by i // 8 — applied in SQL to copy j's rows (years moved by
the difference of the shifts, provinces by the difference of the turns),
one INSERT … SELECT a round of N copies. Texts are copied as they are; ids
are copy j's with ``-i`` appended (no longer the SHA-256 of the text: the
store is a benchmark's, never written through luoshi's own checks). On
DuckDB the search index is not extended (search is measured by
bench/search.py); PostgreSQL keeps its trigram index of texts current as
it does for any write. The stored links are then rebuilt with ``luoshi
relink``'s library call, timed. The result is the store bench/scale.py
reuses for times·N copies (scale_n{times·N}.duckdb beside the source, or
the database luoshi_bench_n{times·N}), with its manifest; it is built under
a second name and renamed when complete, as bench/scale.py builds.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import http_load  # noqa: E402  (bench/http_load.py: revision)
import scale_store  # noqa: E402  (bench/scale_store.py: where the store is kept)

import track  # noqa: E402  (bench/track.py: provinces, SHIFTS)
from luoshi.store import open_store  # noqa: E402
from luoshi.store.sql import SqlStore  # noqa: E402
from luoshi.track.stored_links import relink  # noqa: E402

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/luoshi_bench_n{copies}"
DOCUMENT_COLUMNS = (
    "id", "name", "source", "title", "region", "published", "loader", "text", "skip", "ingested_at",
    "statement_count", "source_type", "uploaded_by", "owner", "confirmed_by", "confirmed_at",
)  # fmt: skip


@dataclass(frozen=True)
class Dialect:
    """What the two back ends spell differently."""

    matches: str  # {0} matches the regular expression {1}
    years: str  # an interval of {0} years
    seconds: str  # an interval of {0} seconds
    div: str  # integer division of {0} by {1}


DUCKDB = Dialect("regexp_matches({0}, {1})", "to_years({0})", "to_seconds({0})", "({0}) // {1}")
POSTGRES = Dialect("({0} ~ {1})", "make_interval(years => {0})", "make_interval(secs => {0})", "div({0}, {1})")


def grow(con: Any, dialect: Dialect, copies: int, times: int) -> None:
    """Rounds 1 … times−1 of ``copies`` copies each, from the first round's rows."""
    names = track.provinces()
    codes = dict(
        con.execute("SELECT DISTINCT region, region_code FROM statements WHERE region_code IS NOT NULL").fetchall()
    )
    con.execute("CREATE TEMP TABLE provinces (name TEXT, idx INTEGER, code TEXT)")
    for idx, n in enumerate(names):
        con.execute(f"INSERT INTO provinces VALUES ({_quoted(n)}, {idx}, {_quoted(codes.get(n))})")
    statement_columns = [c for (c,) in con.execute(_COLUMNS.format(table="statements")).fetchall()]
    s = track.SHIFTS
    j = "CAST(substr(d.name, 3, 4) AS INTEGER)"  # copy j, from 副本jjjj_…
    first_round = f"d.name LIKE '副本%' AND {j} < {copies}"
    for k in range(1, times):
        print(f"  round {k} of {times - 1}: copies {k * copies}…{(k + 1) * copies - 1}", file=sys.stderr, flush=True)
        i = f"({j} + {k * copies})"
        name = f"'副本' || lpad(CAST({i} AS VARCHAR), 4, '0') || substr(d.name, 7)"
        shift = f"({i} % {s} - {j} % {s})"
        turn = f"({dialect.div.format(i, s)} - {dialect.div.format(j, s)})"
        moved = {
            "id": f"d.id || '-' || CAST({i} AS VARCHAR)",
            "name": name,
            "published": f"CAST(d.published + {dialect.years.format(shift)} AS DATE)",
            "ingested_at": f"d.ingested_at + {dialect.seconds.format(i)}",
        }
        con.execute("BEGIN")
        con.execute(
            f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) "
            f"SELECT {', '.join(moved.get(c, f'd.{c}') for c in DOCUMENT_COLUMNS)} "
            f"FROM documents d WHERE {first_round}"
        )
        period = (
            f"CAST(CAST(substr(s.period, 1, 4) AS INTEGER) + {shift} AS VARCHAR) || "
            f"CASE WHEN {dialect.matches.format('s.period', _quoted('^[0-9]{4}-[0-9]{4}$'))} "
            f"THEN '-' || CAST(CAST(substr(s.period, 6, 4) AS INTEGER) + {shift} AS VARCHAR) "
            "ELSE substr(s.period, 5) END"
        )
        replaced = {
            "doc_id": f"d.id || '-' || CAST({i} AS VARCHAR)",
            "doc_name": name,
            "region": "coalesce(q.name, s.region)",
            "region_code": "CASE WHEN q.name IS NULL THEN s.region_code ELSE q.code END",
            "period": period,
        }
        con.execute(
            f"INSERT INTO statements ({', '.join(_name(c) for c in statement_columns)}) "
            f"SELECT {', '.join(replaced.get(c, f's.{_name(c)}') for c in statement_columns)} "
            "FROM statements s JOIN documents d ON d.id = s.doc_id "
            "LEFT JOIN provinces p ON p.name = s.region "
            f"LEFT JOIN provinces q ON q.idx = (p.idx + {turn}) % {len(names)} "
            f"WHERE {first_round}"
        )
        con.execute("COMMIT")


_COLUMNS = (
    "SELECT column_name FROM information_schema.columns "
    "WHERE table_name = '{table}' AND table_schema = current_schema() ORDER BY ordinal_position"
)


@contextmanager
def _text_index_rebuilt(con: Any, dialect: Dialect) -> Iterator[None]:
    """PostgreSQL's trigram index of texts dropped while rows are copied in
    and made again after: built at once it costs a third of keeping it
    current a document at a time (1,000 texts: 20 s, against 65 ms a text)."""
    if dialect is not POSTGRES:
        yield
        return
    found = con.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'documents' AND indexdef LIKE '%USING gin%'"
    ).fetchall()
    for name, _ in found:
        con.execute(f'DROP INDEX "{name}"')
    yield
    con.execute("SET maintenance_work_mem = '1GB'")
    for _, definition in found:
        print("  the trigram index of texts, made again…", file=sys.stderr, flush=True)
        con.execute(definition)


def _quoted(value: str | None) -> str:
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


def _name(column: str) -> str:
    return f'"{column}"'


def connect(url: str) -> tuple[Any, Dialect]:
    if url.startswith("postgresql://"):
        import psycopg

        return psycopg.connect(url, autocommit=True), POSTGRES
    import duckdb

    return duckdb.connect(url), DUCKDB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, default=Path("/tmp/luoshi-bench/scale_n145.duckdb"))
    parser.add_argument("--pg", nargs="?", const=DEFAULT_PG, default=None, metavar="URL", help="grow luoshi_bench_n145")
    parser.add_argument("--copies", type=int, default=145, help="copies of the PostgreSQL store grown (--pg)")
    parser.add_argument("--times", type=int, default=10)
    args = parser.parse_args()
    source: scale_store.Place = (
        scale_store.PostgresDatabase(args.pg.format(copies=args.copies))
        if args.pg
        else scale_store.DuckDBFile(args.source)
    )
    manifest = source.manifest()
    if manifest is None:
        raise SystemExit(f"{source.url}: not a store bench/scale.py built (no manifest)")
    copies = int(manifest["copies"])
    target: scale_store.Place = (
        scale_store.PostgresDatabase(args.pg.format(copies=copies * args.times))
        if args.pg
        else scale_store.DuckDBFile(args.source.with_name(f"scale_n{copies * args.times}.duckdb"))
    )
    building = target.start_building_from(source)
    with open_store(building):
        pass  # the schema this checkout writes (statements carry doc_name), before rows are copied in SQL
    con, dialect = connect(building)
    t0 = time.perf_counter()
    with _text_index_rebuilt(con, dialect):
        grow(con, dialect, copies, args.times)
    grown = time.perf_counter() - t0
    if dialect is POSTGRES:
        con.execute("VACUUM ANALYZE")  # as autovacuum would leave a store written over hours
    con.close()
    with open_store(building) as store:
        assert isinstance(store, SqlStore)
        t1 = time.perf_counter()
        done = relink(store)
        relinked = time.perf_counter() - t1
        counts = store.counts()
    print(f"grown in {grown:.0f} s, relinked in {relinked:.0f} s: {counts} ({done})", file=sys.stderr)
    target.finish({
        "copies": copies * args.times, "built": f"{datetime.now():%Y-%m-%d %H:%M}", "commit": http_load.revision(),
        "grown_from": source.url, "grow_s": round(grown, 1), "relink_s": round(relinked, 1), "links": "stored",
    })  # fmt: skip


if __name__ == "__main__":
    main()
