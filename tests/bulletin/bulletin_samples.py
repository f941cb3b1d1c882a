"""The documents the 通报 tests read: the bundled samples (samples/: the
2025 cooperation news with its targets and 牵头单位, the 2026 report digest),
the sample statistics (statistics/nmg_2025_sample.csv), each with a fixed
date so that ``as_of`` picks them the same on any day, and two tables of
figures the team wrote for the tests: the first half of 2025 (口岸货运量
behind 序时进度) and 2025's 中欧班列 short of its target."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import psycopg
from psycopg import sql
from store_samples import PG_URL, RUN_ID, postgres_or_skip

from luoshi.ingest import ingest
from luoshi.stats import read_stats
from luoshi.store import Store
from luoshi.store.duckdb_store import DuckDBStore
from luoshi.store.postgres_store import PostgresStore
from luoshi.store.sql import SqlStore

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
# the samples these tests were written on: the places samples (places_*.md) add
# targets and documents they do not count
SCOREBOARD_SAMPLES = ("demo_bulk.csv", "nmg_cooperation_2025.md", "nmg_report_2026.md")
STATS = ROOT / "statistics" / "nmg_2025_sample.csv"
IM = "内蒙古自治区"
COMMERCE = "自治区商务厅"
FARMING = "自治区农牧厅"

# The first half of 2025, known in July: 0.5亿吨 of 1.3亿吨 (38.5%) against
# 序时进度 49.6% — 口岸货运量 is 欠进度 in a 通报 as of 2025-07-31.
HALF_YEAR = (
    "region,indicator,period,value,unit,source\n内蒙古自治区,port_freight_volume,2025-06,0.5,亿吨,上半年口岸运行情况\n"
)
HALF_YEAR_PUBLISHED = date(2025, 7, 15)
# 2025 as a whole: 450 of 超过500列 — 中欧班列 未完成 in a 通报 of 2026.
TRAINS = (
    "region,indicator,period,value,unit,source\n内蒙古自治区,china_europe_trains,2025,450,列,全年到发中欧班列运行情况\n"
)
YEAR_PUBLISHED = date(2026, 1, 20)
# The office's own task list (tests/tasks/data: the team's 任务分解表 of the
# same 2025 tasks), issued in February: owners and 完成时限 for the 通报.
TASK_LIST = ROOT / "tests" / "tasks" / "data" / "nmg_tasks_2025.csv"
TASK_LIST_PUBLISHED = date(2025, 2, 20)
MID_YEAR = date(2025, 7, 31)
NEXT_YEAR = date(2026, 3, 1)


def _stats(store: Store, path: Path, published: date) -> None:
    table = read_stats(path)
    store.add_document(dataclasses.replace(table.document, published=published), table.statements)


def add_task_list(store: Store) -> None:
    from luoshi.tasks import read_tasks

    table = read_tasks(TASK_LIST, region=IM, year=2025)
    store.add_document(dataclasses.replace(table.document, published=TASK_LIST_PUBLISHED), table.statements)


def fill(store: Store, folder: Path) -> None:
    """The samples (the bulk CSV's other provinces too), the statistics and the two test tables."""
    summary = ingest([str(SAMPLES / name) for name in SCOREBOARD_SAMPLES], store)
    assert summary.failed == [], summary
    _stats(store, STATS, YEAR_PUBLISHED)
    half = folder / "nmg_2025_h1.csv"
    half.write_text(HALF_YEAR, encoding="utf-8")
    _stats(store, half, HALF_YEAR_PUBLISHED)
    trains = folder / "nmg_2025_trains.csv"
    trains.write_text(TRAINS, encoding="utf-8")
    _stats(store, trains, YEAR_PUBLISHED)


@contextmanager
def sample_store(backend: str, folder: Path) -> Iterator[SqlStore]:
    """The filled samples on ``backend`` ("duckdb": a file in ``folder``;
    "postgres": a schema of its own, dropped afterwards)."""
    if backend == "duckdb":
        duck = DuckDBStore(folder / "luoshi.duckdb")
        try:
            fill(duck, folder)
            yield duck
        finally:
            duck.close()
        return
    postgres_or_skip()
    schema = f"{RUN_ID}_samples_{folder.name[-12:]}".replace("-", "_").lower()
    pg = PostgresStore(PG_URL, schema=schema)
    try:
        fill(pg, folder)
        yield pg
    finally:
        pg.close()
        with psycopg.connect(PG_URL, autocommit=True) as con:
            con.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
