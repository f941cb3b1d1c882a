"""The output files of a Spark job, written by its Python tasks.

Spark's own Parquet writer costs the executors' cores what extraction
needs: a document's text (most of the output's bytes) converted into the
JVM's rows and back out, and, for the statements' thousand region/year
folders, a sort and, on a local path, a forked ``chmod`` for each file and
folder (Hadoop without its native library). The Python tasks write with
``pyarrow`` instead, each attempt under a folder of its own:

    OUTPUT/_tasks/extract/p00003-s0-a0/documents.parquet      as rows come
    OUTPUT/_tasks/extract/p00003-s0-a0/errors.parquet
    OUTPUT/_tasks/extract/p00003-s0-a0/done.json       last: its counts
    OUTPUT/_tasks/statements/p00001-s2-a0/region_code=150000/year=2025/part-00001-0.parquet

An extracting attempt without ``done.json`` did not finish (its executor
was lost, or it was killed). Extraction is deterministic and a partition
holds the same records in every attempt (``spark_records``), so every
finished attempt of a partition holds the same rows: ``commit_extracted``
keeps one per partition (a task re-run after a lost executor, or
speculated, finishes twice) as ``documents/part-00003.parquet`` and
``errors/part-00003.parquet``. The statements are written after Spark's
shuffle has gathered each folder's rows into few partitions, by the last
stage, whose results reach the driver once a partition: those results
name the attempts ``commit_statements`` keeps. The rest is removed. As for
Spark's own writer, OUTPUT must be one folder for the driver and every
executor (a local path with ``local[N]``, a shared mount on a cluster).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from luoshi.batch.arrow_batches import record_batch, schema
from luoshi.batch.layout import DOCUMENTS, ERRORS, STATEMENTS, Table
from luoshi.batch.partition import BatchCounts

TASKS = "_tasks"
EXTRACT = "extract"
DONE = "done.json"
# Rows held before they go out as a row group: whichever comes first.
GROUP_ROWS = 2_000
GROUP_CHARS = 5_000_000
SORT_BYTES = 128 * 2**20  # statements (in Arrow) a task sorts and writes at a time
_CHARS = DOCUMENTS.names.index("chars")
_ATTEMPT = re.compile(r"p(\d+)-s(\d+)-a(\d+)")


class TaskFiles:
    """The documents and errors of one extracting task attempt, written as they come."""

    def __init__(self, output: Path, partition: int, stage: int, attempt: int) -> None:
        self.folder = output / TASKS / EXTRACT / attempt_name(partition, stage, attempt)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._rows: dict[str, list[tuple[Any, ...]]] = {DOCUMENTS.name: [], ERRORS.name: []}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._chars = 0

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        held = self._rows[table]
        held.append(row)
        if table == DOCUMENTS.name:
            self._chars += row[_CHARS]
        if len(held) >= GROUP_ROWS or self._chars >= GROUP_CHARS:
            self._flush()

    def finish(self, counts: BatchCounts) -> None:
        """Write what is held, close the files, and mark the attempt finished."""
        self._flush()
        for writer in self._writers.values():
            writer.close()
        marker = self.folder / DONE
        partial = marker.with_suffix(".partial")
        partial.write_text(json.dumps(asdict(counts)), encoding="utf-8")
        os.replace(partial, marker)

    def _flush(self) -> None:
        for table in (DOCUMENTS, ERRORS):
            rows = self._rows[table.name]
            if rows:
                self._writer(table).write_batch(record_batch(table, rows))
                self._rows[table.name] = []
        self._chars = 0

    def _writer(self, table: Table) -> pq.ParquetWriter:
        if table.name not in self._writers:
            self._writers[table.name] = pq.ParquetWriter(str(self.folder / f"{table.name}.parquet"), schema(table))
        return self._writers[table.name]


def attempt_name(partition: int, stage: int, attempt: int) -> str:
    return f"p{partition:05d}-s{stage}-a{attempt}"


def write_statements(batches: Iterable[pa.RecordBatch], output: Path, partition: int, name: str) -> None:
    """Statements (``layout.STATEMENTS``, partition columns included) into
    their region/year folders under the attempt ``name``'s folder. Rows are
    gathered up to SORT_BYTES and sorted by folder before they are written:
    written as they come, each batch would append a little to every folder
    (four times slower)."""
    held: list[pa.RecordBatch] = []
    size = chunk = 0
    for batch in batches:
        held.append(batch)
        size += batch.nbytes
        if size >= SORT_BYTES:
            _write_sorted(held, output / TASKS / STATEMENTS.name / name, f"part-{partition:05d}-{chunk}")
            held, size, chunk = [], 0, chunk + 1
    if held:
        _write_sorted(held, output / TASKS / STATEMENTS.name / name, f"part-{partition:05d}-{chunk}")


def _write_sorted(batches: list[pa.RecordBatch], folder: Path, prefix: str) -> None:
    """One file a region/year folder."""
    # The schema the batches came with (Spark's Arrow names nested lists'
    # fields its own way), not layout's twin of it.
    table = pa.Table.from_batches(batches).sort_by([(column, "ascending") for column in STATEMENTS.partition_by])
    ds.write_dataset(
        table,
        folder,
        format="parquet",
        partitioning=ds.partitioning(pa.schema([(c, pa.string()) for c in STATEMENTS.partition_by]), flavor="hive"),
        basename_template=f"{prefix}-{{i}}.parquet",
        existing_data_behavior="overwrite_or_ignore",
    )


def commit_statements(output: Path, attempts: Iterable[str]) -> None:
    """The statements of the attempts named (their folders' names) moved
    into ``statements/`` under their region/year folders."""
    staged = output / TASKS / STATEMENTS.name
    (output / STATEMENTS.name).mkdir(exist_ok=True)
    for name in attempts:
        for written in (staged / name).rglob("*.parquet"):
            into = output / STATEMENTS.name / written.parent.relative_to(staged / name)
            into.mkdir(parents=True, exist_ok=True)
            os.replace(written, into / written.name)


def commit_extracted(output: Path) -> BatchCounts:
    """One finished attempt's files per partition into the output's
    ``documents/`` and ``errors/``; the counts they hold."""
    staging = output / TASKS / EXTRACT
    chosen: dict[int, Path] = {}
    for folder in sorted(staging.iterdir() if staging.is_dir() else (), key=_attempt_order):
        matched = _ATTEMPT.fullmatch(folder.name)
        if matched and (folder / DONE).is_file():
            chosen.setdefault(int(matched.group(1)), folder)
    counts = BatchCounts()
    for table in (DOCUMENTS, ERRORS):
        (output / table.name).mkdir(exist_ok=True)
    for partition, folder in sorted(chosen.items()):
        counts += BatchCounts(**json.loads((folder / DONE).read_text(encoding="utf-8")))
        for table in (DOCUMENTS, ERRORS):
            written = folder / f"{table.name}.parquet"
            if written.is_file():
                os.replace(written, output / table.name / f"part-{partition:05d}.parquet")
    return counts


def clear(output: Path) -> None:
    """What the attempts left that was not kept."""
    shutil.rmtree(output / TASKS, ignore_errors=True)


def _attempt_order(folder: Path) -> tuple[int, ...]:
    matched = _ATTEMPT.fullmatch(folder.name)
    return tuple(int(n) for n in matched.groups()) if matched else (-1,)
