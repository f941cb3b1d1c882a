"""``--engine local``: the batch pipeline in one process, for inputs one
machine extracts in good time.

Records are read lazily and their rows written in chunks, so memory stays
flat however large the input: a chunk's rows are put into an in-memory
DuckDB table and copied out as Parquet files (``COPY … PARTITION_BY``),
then dropped. DuckDB is already the store's database, so the Parquet needs
no other library, and its types follow ``layout``'s schemas exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from luoshi.batch.inputs import InputFile, records
from luoshi.batch.layout import DOCUMENTS, TABLES, Table, duckdb_type
from luoshi.batch.partition import BatchCounts, Progress, extract_partition

# A chunk ends at whichever comes first: bounded text held, bounded rows.
CHUNK_CHARS = 50_000_000
CHUNK_ROWS = 200_000


class ParquetWriter:
    """Rows of the output tables, written to ``output`` a chunk at a time."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self._rows: dict[str, list[tuple[Any, ...]]] = {t.name: [] for t in TABLES}
        self._chars = 0
        self._written: set[str] = set()
        self._con = duckdb.connect()
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
        """Write the rows held as new Parquet files."""
        for table in TABLES:
            rows = self._rows[table.name]
            if rows:
                self._copy(table, rows)
                self._written.add(table.name)
                self._rows[table.name] = []
        self._chars = 0

    def close(self) -> None:
        """Flush, and give a table that got no row one empty file, so that
        every table of a complete output can be read with its schema."""
        self.flush()
        for table in TABLES:
            if table.name not in self._written and not table.partition_by:
                self._copy(table, [])
        (self.output / TABLES[0].name).mkdir(parents=True, exist_ok=True)
        self._con.close()

    def _copy(self, table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
        # One INSERT with a list a column (as the store inserts): executemany
        # would run one INSERT a row.
        select = ", ".join(f"unnest(?::{duckdb_type(kind)}[])" for _, kind in table.columns)
        columns = [list(column) for column in zip(*rows, strict=True)] or [[] for _ in table.columns]
        self._con.execute(f'INSERT INTO "{table.name}" SELECT {select}', columns)
        folder = self.output / table.name
        folder.mkdir(parents=True, exist_ok=True)
        options = "FORMAT parquet, FILENAME_PATTERN 'part-{uuid}'"
        if table.partition_by:
            options += f", PARTITION_BY ({', '.join(table.partition_by)}), APPEND"
            self._con.execute(f"COPY \"{table.name}\" TO '{_literal(folder)}' ({options})")
        else:
            # A folder of files as Spark writes them: one file a chunk.
            target = folder / f"part-{len(list(folder.iterdir())):05d}.parquet"
            self._con.execute(f"COPY \"{table.name}\" TO '{_literal(target)}' (FORMAT parquet)")
        self._con.execute(f'DELETE FROM "{table.name}"')


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
            if progress is not None and table != "statements":
                progress(counts)
    finally:
        writer.close()
    return counts
