"""``--engine local``: the batch pipeline in one process, for inputs one
machine extracts in good time.

Records are read lazily and their rows gathered in chunks. The documents
of a chunk (their texts are most of the output) go out at once as a Parquet
file of their own; statements and errors go into a DuckDB file inside the
output (``_staging.duckdb``, on disk, so memory stays flat however large
the input) and are copied out as Parquet at the end (``COPY …
PARTITION_BY``: one file per partition, not one per chunk), and the staging
file removed. DuckDB is already the store's database, so the
Parquet needs no other library, and its types follow ``layout``'s schemas.
A run that stops leaves the staging file: the output is then incomplete.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from luoshi.batch.inputs import InputFile, records
from luoshi.batch.layout import DOCUMENTS, STAGING, STATEMENTS, TABLES, Table, duckdb_type
from luoshi.batch.partition import BatchCounts, Progress, extract_partition

# Rows gathered before they go to the staging file: whichever comes first.
# Characters of text also make a documents file: writing one takes DuckDB
# about four times its 15 MB, well within MEMORY_LIMIT (a 1 GB corpus's
# documents written in one COPY ran out of memory at 1 GB).
CHUNK_CHARS = 5_000_000
CHUNK_ROWS = 20_000
MEMORY_LIMIT = "256MB"  # DuckDB's own; beyond it the staging tables stay on disk
FILE_SIZE = "256MB"  # a table's Parquet files are cut at about this size


class ParquetWriter:
    """Rows of the output tables, gathered under ``output`` and written
    there as Parquet by ``close``."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self._rows: dict[str, list[tuple[Any, ...]]] = {t.name: [] for t in TABLES}
        self._chars = 0
        self._staged_chars = 0  # of the documents staged, not yet written
        self._document_files = 0
        self._con = duckdb.connect(str(output / f"{STAGING}.duckdb"))
        self._con.execute("SET temp_directory = ?", [str(output / f"{STAGING}.tmp")])
        self._con.execute("SET memory_limit = ?", [MEMORY_LIMIT])
        for table in TABLES:
            columns = ", ".join(f'"{name}" {duckdb_type(kind)}' for name, kind in table.columns)
            self._con.execute(f'CREATE TABLE "{table.name}" ({columns})')

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        self._rows[table].append(row)
        if table == DOCUMENTS.name:
            self._chars += row[DOCUMENTS.names.index("chars")]
        if self._chars >= CHUNK_CHARS or len(self._rows[table]) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        """Move the rows held to the staging file."""
        for table in TABLES:
            rows = self._rows[table.name]
            if rows:
                # One INSERT with a list a column (as the store inserts):
                # executemany would run one INSERT a row.
                select = ", ".join(f"unnest(?::{duckdb_type(kind)}[])" for _, kind in table.columns)
                columns = [list(column) for column in zip(*rows, strict=True)]
                self._con.execute(f'INSERT INTO "{table.name}" SELECT {select}', columns)
                self._rows[table.name] = []
        self._staged_chars += self._chars
        self._chars = 0
        if self._staged_chars >= CHUNK_CHARS:
            self._write_documents()

    def _write_documents(self) -> None:
        """The staged documents as the next Parquet file, then out of the staging file."""
        (self.output / DOCUMENTS.name).mkdir(exist_ok=True)
        path = _literal(self.output / DOCUMENTS.name / f"part-{self._document_files}.parquet")
        self._con.execute(f"COPY \"{DOCUMENTS.name}\" TO '{path}' (FORMAT parquet)")
        self._con.execute(f'DELETE FROM "{DOCUMENTS.name}"')
        self._document_files += 1
        self._staged_chars = 0

    def close(self) -> None:
        """Write every table as Parquet (a table without rows as one empty
        file, so it is read with its columns) and remove the staging file."""
        self.flush()
        if self._staged_chars:
            self._write_documents()
        for table in TABLES:
            if table is DOCUMENTS and self._document_files:
                continue  # written chunk by chunk
            self._copy(table)
        self._con.close()
        for leftover in self.output.glob(f"{STAGING}.*"):
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()

    def abandon(self) -> None:
        self._con.close()

    def _copy(self, table: Table) -> None:
        folder = _literal(self.output / table.name)
        options = f"FORMAT parquet, FILE_SIZE_BYTES '{FILE_SIZE}', FILENAME_PATTERN 'part-{{i}}'"
        if table.partition_by:
            options += f", PARTITION_BY ({', '.join(table.partition_by)})"
            (self.output / table.name).mkdir(exist_ok=True)
        self._con.execute(f"COPY \"{table.name}\" TO '{folder}' ({options})")


def _literal(path: Path) -> str:
    return str(path).replace("'", "''")


def run(files: Sequence[InputFile], output: Path, progress: Progress | None = None) -> BatchCounts:
    """Extract every input into the tables under ``output`` (an empty
    folder); ``progress`` is told the running counts after each document."""
    counts = BatchCounts()
    writer = ParquetWriter(output)
    try:
        for table, row in extract_partition(records(files)):
            writer.add(table, row)
            counts.count(table, row)
            if progress is not None and table != STATEMENTS.name:
                progress(counts)
    except BaseException:
        writer.abandon()
        raise
    writer.close()
    return counts
