"""The documents and errors of a Spark task, written by the task itself.

Through the JVM, a document's text (most of the output's bytes) would be
converted into Spark's rows, kept, and written back out: work that shares
the executors' cores with extraction. A task writes them with
``pyarrow.parquet`` instead, as its rows come, under a folder of its own
attempt:

    OUTPUT/_tasks/p00003-s2-a0/documents.parquet
    OUTPUT/_tasks/p00003-s2-a0/errors.parquet
    OUTPUT/_tasks/p00003-s2-a0/done.json     last: the attempt's counts

An attempt without ``done.json`` did not finish (its executor was lost, or
it was killed). Extraction is deterministic and a partition holds the same
records in every attempt (``spark_records``), so every finished attempt of
a partition holds the same rows: ``commit`` keeps one per partition (a task
re-run after a lost executor, or speculated, finishes twice), moves its
files to ``documents/part-00003.parquet`` and ``errors/part-00003.parquet``,
and removes the rest. As for Spark's own writer, OUTPUT must be one folder
for the driver and every executor (a local path with ``local[N]``, a
shared mount on a cluster).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from luoshi.batch.arrow_batches import record_batch, schema
from luoshi.batch.layout import DOCUMENTS, ERRORS, Table
from luoshi.batch.partition import BatchCounts

TASKS = "_tasks"
DONE = "done.json"
# Rows held before they go out as a row group: whichever comes first.
GROUP_ROWS = 2_000
GROUP_CHARS = 5_000_000
_CHARS = DOCUMENTS.names.index("chars")
_ATTEMPT = re.compile(r"p(\d+)-s(\d+)-a(\d+)")


class TaskFiles:
    """The documents and errors of one task attempt, written as they come."""

    def __init__(self, output: Path, partition: int, stage: int, attempt: int) -> None:
        self.folder = output / TASKS / f"p{partition:05d}-s{stage}-a{attempt}"
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


def commit(output: Path) -> BatchCounts:
    """One finished attempt's files per partition into the output's
    ``documents/`` and ``errors/``; the counts they hold; ``_tasks`` removed."""
    staging = output / TASKS
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
    shutil.rmtree(staging, ignore_errors=True)
    return counts


def _attempt_order(folder: Path) -> tuple[int, ...]:
    matched = _ATTEMPT.fullmatch(folder.name)
    return tuple(int(n) for n in matched.groups()) if matched else (-1,)
