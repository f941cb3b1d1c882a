"""Grow a DuckDB benchmark store tenfold in SQL: ten million statements in
minutes rather than the hours that extracting and writing 1,450 copies
document by document takes (bench/scale.py builds copy by copy).

    .venv/bin/python bench/grow_store.py [--from /tmp/luoshi-bench/scale_n145.duckdb] [--times 10]

The store bench/scale.py built with N copies (``副本0000_…`` to ``副本{N-1}_…``)
gets copies N … times·N−1, each made from copy j = i mod N by the rule of
bench/track.py's ``copy_of`` — copy i moves every year by i % 8 and rotates
the provinces by i // 8 — applied in SQL to copy j's rows (years moved by
the difference of the shifts, provinces by the difference of the turns).
Texts are copied as they are; ids are copy j's with ``-i`` appended (no
longer the SHA-256 of the text: the store is a benchmark's, never written
through luoshi's own checks) and the search index is not extended (search
is measured by bench/search.py). The stored links are then rebuilt with
``luoshi relink``'s library call, timed. The result is written beside the
source as scale_n{times·N}.duckdb with the manifest bench/scale.py reads.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import duckdb  # noqa: E402

import track  # noqa: E402  (bench/track.py: provinces, SHIFTS)
from luoshi.store import open_store  # noqa: E402
from luoshi.store.sql import SqlStore  # noqa: E402
from luoshi.track.stored_links import relink  # noqa: E402

SHIFT = "(CAST(substr(d.name, 3, 4) AS INTEGER))"  # copy j, from 副本jjjj_…
MOVED_PERIOD = """
    CAST(CAST(substr(s.period, 1, 4) AS INTEGER) + {delta} AS VARCHAR) ||
    CASE WHEN regexp_matches(s.period, '^[0-9]{{4}}-[0-9]{{4}}$')
         THEN '-' || CAST(CAST(substr(s.period, 6, 4) AS INTEGER) + {delta} AS VARCHAR)
         ELSE substr(s.period, 5) END"""


def grow(path: Path, copies: int, times: int) -> None:
    con = duckdb.connect(str(path))
    names = track.provinces()
    codes = dict(
        con.execute("SELECT DISTINCT region, region_code FROM statements WHERE region_code IS NOT NULL").fetchall()
    )
    con.execute("CREATE TEMP TABLE provinces (name TEXT, idx INTEGER, code TEXT)")
    con.executemany("INSERT INTO provinces VALUES (?, ?, ?)", [(n, i, codes.get(n)) for i, n in enumerate(names)])
    for i in range(copies, copies * times):
        if i % copies == 0 and i > copies:
            print(f"  {i} copies…", file=sys.stderr, flush=True)
        con.execute("BEGIN")
        j = i % copies
        delta = f"({i % track.SHIFTS} - {SHIFT} % {track.SHIFTS})"
        con.execute(
            f"""INSERT INTO documents (id, name, source, title, region, published, loader, text, skip, ingested_at,
                    statement_count, source_type, uploaded_by, owner, confirmed_by, confirmed_at)
                SELECT d.id || '-{i}', '副本' || lpad('{i}', 4, '0') || substr(d.name, 7), d.source, d.title, d.region,
                    d.published + to_years({i % track.SHIFTS} - {j % track.SHIFTS}), d.loader, d.text, d.skip,
                    d.ingested_at + to_seconds({i}), d.statement_count, d.source_type, d.uploaded_by, d.owner,
                    d.confirmed_by, d.confirmed_at
                FROM documents d WHERE d.name LIKE '副本' || lpad('{j}', 4, '0') || '\\_%' ESCAPE '\\'"""
        )
        turn = i // track.SHIFTS - j // track.SHIFTS
        con.execute(
            f"""INSERT INTO statements
                SELECT s.* REPLACE (
                    s.doc_id || '-{i}' AS doc_id,
                    '副本' || lpad('{i}', 4, '0') || substr(d.name, 7) AS doc_name,
                    coalesce(q.name, s.region) AS region,
                    CASE WHEN q.name IS NULL THEN s.region_code ELSE q.code END AS region_code,
                    {MOVED_PERIOD.format(delta=delta)} AS period)
                FROM statements s JOIN documents d ON d.id = s.doc_id
                LEFT JOIN provinces p ON p.name = s.region
                LEFT JOIN provinces q ON q.idx = (p.idx + {turn}) % {len(names)}
                WHERE d.name LIKE '副本' || lpad('{j}', 4, '0') || '\\_%' ESCAPE '\\'"""
        )
        con.execute("COMMIT")
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, default=Path("/tmp/luoshi-bench/scale_n145.duckdb"))
    parser.add_argument("--times", type=int, default=10)
    args = parser.parse_args()
    manifest = json.loads(Path(f"{args.source}.json").read_text(encoding="utf-8"))
    copies = int(manifest["copies"])
    target = args.source.with_name(f"scale_n{copies * args.times}.duckdb")
    shutil.copyfile(args.source, target)
    with open_store(target):
        pass  # the schema this checkout writes (statements carry doc_name), before rows are copied in SQL
    t0 = time.perf_counter()
    grow(target, copies, args.times)
    grown = time.perf_counter() - t0
    with open_store(target) as store:
        assert isinstance(store, SqlStore)
        t1 = time.perf_counter()
        done = relink(store)
        relinked = time.perf_counter() - t1
        counts = store.counts()
    print(f"grown in {grown:.0f} s, relinked in {relinked:.0f} s: {counts} ({done})", file=sys.stderr)
    Path(f"{target}.json").write_text(
        json.dumps(
            {
                "copies": copies * args.times,
                "built": f"{datetime.now():%Y-%m-%d %H:%M}",
                "grown_from": str(args.source),
                "grow_s": round(grown, 1),
                "relink_s": round(relinked, 1),
                "links": "stored",
            },
            indent=1,
        ),  # fmt: skip
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
