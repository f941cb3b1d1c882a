"""The store commands end to end on a DuckDB file: what a user types."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from luoshi.cli import app

ROOT = Path(__file__).resolve().parents[1]
# the samples these tests were written on: the places samples (places_*.md) add
# targets and documents they do not count
SCOREBOARD_SAMPLES = [
    str(ROOT / "samples" / name) for name in ("demo_bulk.csv", "nmg_cooperation_2025.md", "nmg_report_2026.md")
]
runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "s.duckdb")
    result = runner.invoke(app, ["ingest", *SCOREBOARD_SAMPLES, "--db", path])
    assert result.exit_code == 0, result.output
    assert "新增 4 篇，未变 0 篇，失败 0 篇" in result.output
    return path


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_statements_filter_by_indicator_kind_and_region(db: str):
    out = run("statements", "--db", db, "--indicator", "port_freight_volume", "--kind", "target", "-f", "json")
    rows = json.loads(out)
    assert [(r["value"], r["unit"], r["period"], r["region"]) for r in rows] == [(1.3, "亿吨", "2025", "内蒙古自治区")]
    north = [json.loads(x) for x in run("statements", "--db", db, "--region", "北京", "-f", "jsonl").splitlines()]
    assert north and {r["region"] for r in north} == {"北京市"}


def test_documents_lists_each_with_its_statement_count(db: str):
    docs = json.loads(run("documents", "--db", db, "-f", "json"))
    assert sorted(d["name"] for d in docs) == sorted(
        ["demo_bulk.csv", "demo_bulk.csv#1", "nmg_cooperation_2025.md", "nmg_report_2026.md"]
    )
    assert all(len(d["id"]) == 64 and d["statements"] > 0 for d in docs)


def test_show_prints_the_text_of_a_document(db: str):
    out = run("show", "nmg_report_2026.md", "--db", db)
    assert "主要预期目标" in out and "条记录" in out


def test_show_of_a_document_not_stored_says_where_to_look(db: str):
    result = runner.invoke(app, ["show", "没有的报告.md", "--db", db])
    assert result.exit_code == 2
    assert "没有的报告.md: 存储中没有这篇文档；用 luoshi documents 查看" in result.output


def test_search_finds_chinese_words_with_their_offsets(db: str):
    out = run("search", "中欧班列", "--db", db)
    assert "nmg_cooperation_2025.md:" in out
    text = (ROOT / "samples" / "nmg_cooperation_2025.md").read_text(encoding="utf-8")
    offsets = [int(line.split(":")[1].split()[0]) for line in out.splitlines() if line.startswith("nmg_cooperation")]
    assert offsets and all(text[o : o + 4] == "中欧班列" for o in offsets)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "xlsx"])
def test_export_writes_every_statement(db: str, tmp_path: Path, fmt: str):
    out = tmp_path / f"all.{fmt}"
    run("export", str(out), "--format", fmt, "--db", db)
    total = len(json.loads(run("statements", "--db", db, "-f", "json")))
    if fmt == "jsonl":
        assert len(out.read_text(encoding="utf-8").splitlines()) == total
    elif fmt == "csv":
        assert len(out.read_text(encoding="utf-8").splitlines()) == total + 1
    elif fmt == "parquet":
        assert duckdb.sql(f"SELECT count(*) FROM '{out}'").fetchall() == [(total,)]
    else:
        assert len(list(load_workbook(out, read_only=True).active.iter_rows())) == total + 1


def test_import_stats_adds_outcomes_once(db: str):
    stats = str(ROOT / "statistics" / "nmg_2025_sample.csv")
    first = runner.invoke(app, ["import-stats", stats, "--db", db])
    assert first.exit_code == 0 and "导入 3 条统计数据" in first.output
    again = runner.invoke(app, ["import-stats", stats, "--db", db])
    assert "已导入过" in again.output
    args = ["--indicator", "port_freight_volume", "--period", "2025", "--kind", "actual", "-f", "json"]
    rows = json.loads(run("statements", "--db", db, *args))
    assert [(r["value"], r["doc"], r["quote"].split(",")[1]) for r in rows] == [
        (1.32, "nmg_2025_sample.csv", "port_freight_volume")
    ]


def test_a_bad_statistics_file_stores_nothing(db: str, tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("region,indicator,period,value,unit\n内蒙古自治区,gdp,2025,x,亿元\n", encoding="utf-8")
    before = run("documents", "--db", db, "-f", "json")
    result = runner.invoke(app, ["import-stats", str(bad), "--db", db])
    assert result.exit_code == 1 and "第 2 行的数值“x”不是数字" in result.output
    assert run("documents", "--db", db, "-f", "json") == before


def test_reprocess_keeps_the_store_as_it_was(db: str):
    before = run("statements", "--db", db, "-f", "jsonl")
    result = runner.invoke(app, ["reprocess", "--db", db])
    assert result.exit_code == 0 and "重新提取 4 篇" in result.output
    assert run("statements", "--db", db, "-f", "jsonl") == before


def test_an_unusable_store_is_one_line(tmp_path: Path):
    notdb = tmp_path / "x.duckdb"
    notdb.write_text("not a database", encoding="utf-8")
    result = runner.invoke(app, ["documents", "--db", str(notdb)])
    assert result.exit_code == 2 and str(notdb) in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_ingest_exits_1_naming_each_failure(tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00" * 100)
    result = runner.invoke(app, ["ingest", str(bad), "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 1
    assert "失败 1 篇" in result.output and f"{bad}: 是二进制文件，不是文字" in result.output


PG_URL = os.environ.get("LUOSHI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def pg_db() -> Iterator[str]:
    """A PostgreSQL store in a schema of its own, dropped afterwards."""
    import psycopg

    schema = f"luoshi_cli_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.Error as exc:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {exc}")
    yield f"{PG_URL}?schema={schema}"
    with psycopg.connect(PG_URL, autocommit=True) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_the_same_commands_work_on_postgresql(pg_db: str, tmp_path: Path):
    assert runner.invoke(app, ["ingest", *SCOREBOARD_SAMPLES, "--db", pg_db]).exit_code == 0
    again = runner.invoke(app, ["ingest", *SCOREBOARD_SAMPLES, "--db", pg_db])
    assert "新增 0 篇，未变 4 篇" in again.output
    rows = json.loads(
        run("statements", "--db", pg_db, "--indicator", "port_freight_volume", "--kind", "target", "-f", "json")
    )
    assert [(r["value"], r["period"]) for r in rows] == [(1.3, "2025")]
    assert "nmg_cooperation_2025.md:" in run("search", "中欧班列", "--db", pg_db)
    out = tmp_path / "pg.parquet"
    run("export", str(out), "--format", "parquet", "--db", pg_db)
    total = len(json.loads(run("statements", "--db", pg_db, "-f", "json")))
    assert duckdb.sql(f"SELECT count(*) FROM '{out}'").fetchall() == [(total,)]


def test_written_files_get_the_usual_permissions(db: str, tmp_path: Path):
    out = tmp_path / "all.jsonl"
    run("export", str(out), "--format", "jsonl", "--db", db)
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask
