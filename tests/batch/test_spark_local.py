"""``luoshi batch --engine spark`` on ``local[2]``: the same output as the
local engine, and on the real texts the statements ``luoshi extract`` gives.
Each run is ``luoshi batch`` in a process of its own, as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from batch_samples import SAMPLES, batch_rows, batch_statements, contract_rows, jsonl_rows, real_inputs
from spark_support import driver_env, output_content, require_java, run_batch

from luoshi.batch.layout import MANIFEST

pytestmark = pytest.mark.spark
SPARK = ("--engine", "spark", "--master", "local[2]")


@pytest.fixture(scope="module", autouse=True)
def java() -> None:
    require_java()


def awkward_tables(folder: Path) -> list[str]:
    """Tables that test each path through the readers: good rows, a line
    that is no JSON, a row without text, a Parquet file without text."""
    folder.mkdir()
    text = (SAMPLES / "nmg_cooperation_2025.md").read_text(encoding="utf-8")
    jsonl = folder / "docs.jsonl"
    jsonl.write_text(
        '{"id": "a", "text": "2026年粮食产量稳定在800亿斤以上。", "published": "2026-02-01"}\n'
        "\n"
        "{not json\n"
        '{"id": "b", "text": "   "}\n'
        '{"id": "c", "text": "全年引进国内到位资金6000亿元。", "region": "内蒙古自治区"}\n',
        encoding="utf-8",
    )
    con = duckdb.connect()
    con.execute(
        "COPY (SELECT 'nmg' AS id, ? AS text, DATE '2025-03-01' AS published UNION ALL "
        "SELECT 'second', '今年全市地区生产总值增长5%左右。', NULL) TO ? (FORMAT parquet)",
        [text, str(folder / "docs.parquet")],
    )
    no_text = "COPY (SELECT 'x' AS id, 'no text column' AS body) TO ? (FORMAT parquet)"
    con.execute(no_text, [str(folder / "bad.parquet")])
    return [str(jsonl), str(folder / "docs.parquet"), str(folder / "bad.parquet")]


@pytest.fixture(scope="module")
def samples_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path, Path]:
    """The samples and awkward tables through both engines: inputs, Spark's output, the local engine's."""
    root = tmp_path_factory.mktemp("spark-samples")
    inputs = [str(SAMPLES), *awkward_tables(root / "tables")]
    run_batch(inputs, root / "local", exit_code=1)
    run_batch(inputs, root / "spark", *SPARK, exit_code=1)
    return inputs, root / "spark", root / "local"


def test_spark_gives_the_local_engines_output_row_for_row(samples_output: tuple[list[str], Path, Path]):
    _, spark, local = samples_output
    got, expected = output_content(spark), output_content(local)
    assert got == expected
    assert len(got["statements"]) > 50 and len(got["documents"]) >= 8  # the samples and the tables
    errors = batch_rows(spark, 'SELECT input, "row" FROM errors ORDER BY input, "row"')
    assert [(Path(i).name, r) for i, r in errors] == [("bad.parquet", None), ("docs.jsonl", 2), ("docs.jsonl", 3)]


def test_spark_output_is_complete_with_a_manifest_and_partitioned(samples_output: tuple[list[str], Path, Path]):
    _, spark, _ = samples_output
    assert (spark / MANIFEST).is_file()
    folders = {p.relative_to(spark / "statements").as_posix() for p in spark.glob("statements/*/*")}
    assert {"region_code=150000/year=2025", "region_code=110000/year=2026"} <= folders


def test_spark_run_again_over_its_complete_output_is_skipped(samples_output: tuple[list[str], Path, Path]):
    inputs, spark, _ = samples_output
    before = {p: p.stat().st_mtime_ns for p in spark.rglob("*")}
    said = run_batch(inputs, spark, *SPARK)
    assert "已完成，跳过" in said
    assert {p: p.stat().st_mtime_ns for p in spark.rglob("*")} == before


def test_spark_refuses_to_overwrite_another_output(samples_output: tuple[list[str], Path, Path]):
    _, spark, _ = samples_output
    command = [sys.executable, "-m", "luoshi", "batch", str(SAMPLES), "--output", str(spark), *SPARK]
    done = subprocess.run(command, capture_output=True, text=True, env=driver_env(), timeout=300)
    assert done.returncode == 2 and "--overwrite" in done.stderr


@pytest.mark.real_texts
def test_spark_on_the_seed_and_31_reports_gives_the_statements_extract_gives(tmp_path: Path):
    inputs = real_inputs()
    run_batch(inputs, tmp_path / "out", *SPARK)
    command = [sys.executable, "-m", "luoshi", "extract", *inputs, "--format", "jsonl"]
    extracted = subprocess.run(command, capture_output=True, text=True, env=driver_env(), timeout=600, check=True)
    got = contract_rows(batch_statements(tmp_path / "out"))
    assert len(got) > 5000
    assert got == jsonl_rows(extracted.stdout)
