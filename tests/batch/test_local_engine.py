"""``luoshi batch --engine local``: the statements ``luoshi extract`` gives,
error rows for what cannot be read, and what a second run does."""

from __future__ import annotations

import hashlib
import os
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest
from batch_samples import (
    SAMPLES,
    batch_rows,
    batch_statements,
    contract_rows,
    jsonl_rows,
    real_inputs,
    sample_documents,
    sample_statements,
)
from typer.testing import CliRunner

import luoshi
from luoshi.batch.layout import MANIFEST
from luoshi.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def batch(out: Path, *inputs: str, options: tuple[str, ...] = ()):
    return run("batch", *inputs, "--output", str(out), *options)


def test_batch_of_the_samples_gives_the_statements_extract_gives(tmp_path: Path):
    result = batch(tmp_path / "out", str(SAMPLES))
    assert result.exit_code == 0, result.output
    extracted = run("extract", str(SAMPLES), "--format", "jsonl")
    assert contract_rows(batch_statements(tmp_path / "out")) == jsonl_rows(extracted.stdout)
    assert f"文档 {len(sample_documents())} 篇" in result.output and "错误 0 个" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["documents", "errors", MANIFEST, "statements"]


@pytest.mark.real_texts
def test_batch_of_the_seed_and_31_reports_gives_the_statements_extract_gives(tmp_path: Path):
    inputs = real_inputs()
    assert batch(tmp_path / "out", *inputs).exit_code == 0
    extracted = run("extract", *inputs, "--format", "jsonl")
    got = contract_rows(batch_statements(tmp_path / "out"))
    assert len(got) > 5000
    assert got == jsonl_rows(extracted.stdout)


def test_statements_are_partitioned_by_region_code_and_first_year(tmp_path: Path):
    batch(tmp_path / "out", str(SAMPLES))
    folders = {p.relative_to(tmp_path / "out" / "statements").as_posix() for p in tmp_path.glob("out/statements/*/*")}
    assert {"region_code=150000/year=2025", "region_code=110000/year=2026"} <= folders
    rows = batch_rows(tmp_path / "out", "SELECT region_code, year, period FROM statements")
    assert all(str(year) == period[:4] for _, year, period in rows)


def test_a_text_without_a_known_year_goes_to_partition_none(tmp_path: Path):
    table = tmp_path / "docs.jsonl"
    table.write_text('{"id": "无日期", "text": "今年全市地区生产总值增长5%左右。"}\n', encoding="utf-8")
    batch(tmp_path / "out", str(table))
    assert [p.name for p in tmp_path.glob("out/statements/*/*")] == ["year=none"]
    assert batch_rows(tmp_path / "out", "SELECT year, period FROM statements") == [(None, "")]


def test_documents_hold_id_hash_metadata_and_the_text_quotes_point_into(tmp_path: Path):
    batch(tmp_path / "out", str(SAMPLES))
    docs = batch_rows(tmp_path / "out", "SELECT id, name, text, chars, input, row FROM documents")
    names = sorted(name for _, name, *_ in docs)
    assert names == sample_documents() and {"demo_bulk.csv", "demo_bulk.csv#1", "nmg_report_2026.md"} <= set(names)
    texts = {}
    for doc_id, name, text, chars, source, row in docs:
        assert doc_id == hashlib.sha256(text.encode()).hexdigest() and chars == len(text)
        assert row == (1 if name.endswith("#1") else 0) and Path(source).name == name.split("#")[0]
        texts[doc_id] = text
    for s in batch_statements(tmp_path / "out"):
        assert texts[s.doc_id][s.start : s.end] == s.quote


def test_a_table_of_documents_gives_what_extract_gives_on_each_text(tmp_path: Path):
    text = (SAMPLES / "nmg_report_2026.md").read_text(encoding="utf-8")
    table = tmp_path / "docs.parquet"
    con = duckdb.connect()
    con.execute(
        "COPY (SELECT 'nmg' AS id, ? AS text, '内蒙古自治区' AS region, DATE '2026-01-28' AS published)"
        " TO ? (FORMAT parquet)",
        [text, str(table)],
    )
    assert batch(tmp_path / "out", str(table)).exit_code == 0
    doc = luoshi.Document(name="nmg", text=text, region="内蒙古自治区", published=date(2026, 1, 28))
    assert contract_rows(batch_statements(tmp_path / "out")) == contract_rows(luoshi.extract_document(doc))


def test_broken_inputs_become_error_rows_and_the_rest_completes(tmp_path: Path):
    (tmp_path / "in").mkdir()
    good = tmp_path / "in" / "good.md"
    good.write_text("2025年全区地区生产总值增长5.8%。", encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "broken.docx").write_bytes(b"not a zip at all")
    table = tmp_path / "docs.jsonl"
    table.write_text(
        '{"id": "a", "text": "2026年粮食产量稳定在800亿斤以上。", "published": "2026-02-01"}\n'
        "{not json\n"
        '{"id": "b", "text": "   "}\n'
        '{"id": "c", "text": "文本", "published": "去年"}\n',
        encoding="utf-8",
    )
    result = batch(tmp_path / "out", str(tmp_path / "in"), str(table))
    assert result.exit_code == 1
    assert (tmp_path / "out" / MANIFEST).is_file()  # complete, errors and all
    errors = batch_rows(tmp_path / "out", 'SELECT input, "row", reason FROM errors ORDER BY input, "row"')
    where = [(Path(i).name, r) for i, r, _ in errors]
    assert where == [
        ("docs.jsonl", 1),
        ("docs.jsonl", 2),
        ("docs.jsonl", 3),
        ("broken.docx", None),
        ("empty.txt", None),
    ]
    reasons = [reason for *_, reason in errors]
    assert "不是有效的 JSON" in reasons[0] and "text 列为空" in reasons[1] and "不是日期" in reasons[2]
    assert "Word" in reasons[3] and "空" in reasons[4]
    assert sorted(s.doc for s in batch_statements(tmp_path / "out")) == ["a", "good.md"]
    assert "错误 5 个" in result.output and "无法处理" in result.output


def test_a_second_run_over_a_complete_output_is_skipped(tmp_path: Path):
    out = tmp_path / "out"
    batch(out, str(SAMPLES))
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    result = batch(out, str(SAMPLES))
    assert result.exit_code == 0 and "已完成，跳过" in result.output
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


def test_other_inputs_over_a_complete_output_are_refused_without_overwrite(tmp_path: Path):
    out = tmp_path / "out"
    batch(out, str(SAMPLES))
    one = str(SAMPLES / "nmg_report_2026.md")
    refused = batch(out, one)
    assert (
        refused.exit_code == 2 and "已有另一次 luoshi batch 的完整输出" in refused.output and str(out) in refused.output
    )
    assert len(batch_rows(out, "SELECT * FROM documents")) == len(sample_documents())
    assert batch(out, one, options=("--overwrite",)).exit_code == 0
    assert batch_rows(out, "SELECT name FROM documents") == [("nmg_report_2026.md",)]


def test_a_changed_input_file_makes_the_output_another(tmp_path: Path):
    doc = tmp_path / "doc.md"
    doc.write_text("2025年全区地区生产总值增长5.8%。", encoding="utf-8")
    batch(tmp_path / "out", str(doc))
    doc.write_text("2025年全区地区生产总值增长6.0%。", encoding="utf-8")
    os.utime(doc, ns=(1, 1))
    assert batch(tmp_path / "out", str(doc)).exit_code == 2


def test_an_output_without_manifest_is_refused_then_redone_with_overwrite(tmp_path: Path):
    out = tmp_path / "out"
    batch(out, str(SAMPLES))
    (out / MANIFEST).unlink()  # as a run stopped before its end leaves it
    refused = batch(out, str(SAMPLES))
    assert refused.exit_code == 2 and "未完成" in refused.output
    assert batch(out, str(SAMPLES), options=("--overwrite",)).exit_code == 0
    assert (
        len(batch_statements(out)) == len(set((s.doc_id, s.seq) for s in batch_statements(out))) == sample_statements()
    )


def test_a_folder_holding_anything_else_is_never_written(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    for options in ((), ("--overwrite",)):
        result = batch(out, str(SAMPLES), options=options)
        assert result.exit_code == 2 and "不属于 luoshi batch 输出" in result.output
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_spark_engine_without_pyspark_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "luoshi.batch.spark_engine", None)  # import fails as without PySpark
    result = batch(tmp_path / "out", str(SAMPLES), options=("--engine", "spark"))
    assert result.exit_code == 2 and "PySpark 未安装" in result.output and "Traceback" not in result.output


def test_an_input_that_names_nothing_is_refused_naming_it(tmp_path: Path):
    result = batch(tmp_path / "out", str(tmp_path / "missing"))
    assert result.exit_code == 2 and "missing" in result.output and "没有这个文件或文件夹" in result.output
    assert not (tmp_path / "out").exists()


def test_documents_go_out_a_file_a_chunk_of_text_and_every_one_is_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from luoshi.batch import local

    monkeypatch.setattr(local, "CHUNK_CHARS", 2_000)  # a document or two a file, as 5 M characters are at scale
    assert batch(tmp_path / "out", str(SAMPLES)).exit_code == 0
    files = sorted((tmp_path / "out" / "documents").glob("*.parquet"))
    assert len(files) > 1
    names = [row[0] for row in batch_rows(tmp_path / "out", "SELECT name FROM documents")]
    assert sorted(names) == sorted(sample_documents())
    extracted = run("extract", str(SAMPLES), "--format", "jsonl")
    assert contract_rows(batch_statements(tmp_path / "out")) == jsonl_rows(extracted.stdout)


def test_rows_written_in_many_chunks_are_the_same_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from luoshi.batch import local

    monkeypatch.setattr(local, "CHUNK_ROWS", 7)
    assert batch(tmp_path / "out", str(SAMPLES)).exit_code == 0
    extracted = run("extract", str(SAMPLES), "--format", "jsonl")
    assert contract_rows(batch_statements(tmp_path / "out")) == jsonl_rows(extracted.stdout)
    assert len(batch_rows(tmp_path / "out", "SELECT * FROM documents")) == len(sample_documents())
