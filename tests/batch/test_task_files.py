"""A Spark task's own files: each attempt writes apart, and the commit
keeps exactly one finished attempt of each partition, whatever else ran."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from batch_samples import SAMPLES

from luoshi.batch import task_files
from luoshi.batch.arrow_batches import batches
from luoshi.batch.inputs import FileInput
from luoshi.batch.layout import DOCUMENTS, ERRORS, STATEMENTS
from luoshi.batch.partition import BatchCounts, extract_partition
from luoshi.batch.task_files import TASKS, TaskFiles, clear, commit_extracted, commit_statements, write_statements


def run_attempt(output: Path, partition: int, attempt: int, paths: list[Path], finish: bool = True) -> BatchCounts:
    """What a task does with its documents and errors (statements go to Spark)."""
    files = TaskFiles(output, partition, stage=1, attempt=attempt)
    counts = BatchCounts()
    for table, row in extract_partition(FileInput(str(p)) for p in paths):
        counts.count(table, row)
        if table != STATEMENTS.name:
            files.add(table, row)
    if finish:
        files.finish(counts)
    return counts


def committed(output: Path) -> BatchCounts:
    counts = commit_extracted(output)
    clear(output)
    return counts


def names(output: Path) -> list[str]:
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())


def documents(output: Path) -> list[tuple]:
    return duckdb.sql(f"SELECT id, name, chars FROM '{output / DOCUMENTS.name}/*.parquet' ORDER BY id").fetchall()


def test_commit_keeps_one_finished_attempt_a_partition_and_drops_unfinished_ones(tmp_path: Path):
    samples = sorted(SAMPLES.glob("*.md"))
    first, second = samples[: len(samples) // 2], samples[len(samples) // 2 :]
    expected = run_attempt(tmp_path, 0, 0, first)
    run_attempt(tmp_path, 0, 1, first)  # re-run after a lost executor: finished twice
    run_attempt(tmp_path, 1, 0, second, finish=False)  # killed mid-way
    expected += run_attempt(tmp_path, 1, 1, second)
    counts = committed(tmp_path)
    assert counts == expected and counts.documents == len(samples)
    assert names(tmp_path) == ["documents/part-00000.parquet", "documents/part-00001.parquet"]
    assert len(documents(tmp_path)) == len({row[0] for row in documents(tmp_path)}) == len(samples)
    assert not (tmp_path / TASKS).exists()


def test_an_attempt_writes_its_documents_in_row_groups_and_its_errors_beside_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(task_files, "GROUP_ROWS", 2)
    bad = tmp_path / "in" / "damaged.docx"
    bad.parent.mkdir()
    bad.write_bytes(b"not a zip")
    samples = sorted(SAMPLES.glob("*.md"))
    counts = run_attempt(tmp_path / "out", 3, 0, [*samples, bad])
    assert counts.errors == 1
    committed(tmp_path / "out")
    written = pq.ParquetFile(tmp_path / "out" / DOCUMENTS.name / "part-00003.parquet")
    assert written.metadata.num_rows == len(samples) and written.metadata.num_row_groups == (len(samples) + 1) // 2
    (error,) = pq.read_table(tmp_path / "out" / ERRORS.name / "part-00003.parquet").to_pylist()
    assert error["input"] == str(bad) and error["row"] is None and "docx" in error["reason"]


def test_commit_of_a_job_without_rows_leaves_empty_tables(tmp_path: Path):
    assert committed(tmp_path) == BatchCounts()
    assert names(tmp_path) == [] and (tmp_path / DOCUMENTS.name).is_dir() and (tmp_path / ERRORS.name).is_dir()


def test_statements_go_to_their_folders_and_only_the_named_attempts_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    rows = [row for table, row in extract_partition(FileInput(str(p)) for p in sorted(SAMPLES.glob("*.md")))
            if table == STATEMENTS.name]  # fmt: skip
    monkeypatch.setattr(task_files, "SORT_BYTES", 1)  # every batch a sort and a write of its own
    write_statements(batches(STATEMENTS, rows, size=40), tmp_path, 0, "p00000-s2-a0")
    write_statements(batches(STATEMENTS, rows, size=40), tmp_path, 0, "p00000-s2-a1")  # not named below
    commit_statements(tmp_path, ["p00000-s2-a0"])
    clear(tmp_path)
    back = duckdb.sql(
        f"SELECT * FROM read_parquet('{tmp_path}/statements/**/*.parquet', hive_partitioning = true, "
        "hive_types = {'region_code': VARCHAR, 'year': VARCHAR})"
    )
    assert sorted(map(repr, back.fetchall())) == sorted(map(repr, rows))  # every row once, every value
    folders = {p.parent.relative_to(tmp_path / STATEMENTS.name).as_posix() for p in tmp_path.rglob("*.parquet")}
    assert folders == {f"region_code={row[-2]}/year={row[-1]}" for row in rows}
    assert not any("region_code" in pq.read_schema(p).names for p in tmp_path.rglob("*.parquet"))
