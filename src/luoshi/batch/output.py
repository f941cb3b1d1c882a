"""Reading a batch output back, whichever engine wrote it: an in-memory
DuckDB whose views ``statements``, ``documents`` and ``errors`` are the
Parquet tables, partition columns as values: ``region_code`` and ``year``
(an integer) null where the folder says ``none``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from luoshi.batch.layout import (
    DOCUMENTS,
    ERRORS,
    MANIFEST,
    NONE,
    STATEMENTS,
    Table,
    duckdb_type,
    statement_from_row,
)
from luoshi.batch.manifest import read_manifest
from luoshi.errors import InputError
from luoshi.types import Statement

_BATCH = 10_000


def complete_output(output: Path) -> dict[str, Any]:
    """The manifest of a complete batch output; InputError naming the
    folder when it is none (missing, or a run that has not finished)."""
    if not output.is_dir():
        raise InputError(str(output), "没有这个文件夹；请给出 luoshi batch 的输出目录")
    manifest = read_manifest(output)
    if manifest is None:
        raise InputError(
            str(output), f"不是完整的 luoshi batch 输出（没有 {MANIFEST}：运行未完成或已中断）；请重新运行 luoshi batch"
        )
    return manifest


def connect(output: Path) -> duckdb.DuckDBPyConnection:
    """Views over the output's tables (complete or not: check first)."""
    con = duckdb.connect()
    for table in (STATEMENTS, DOCUMENTS, ERRORS):
        con.execute(f'CREATE VIEW "{table.name}" AS {_select(output, table)}')
    return con


def _select(output: Path, table: Table) -> str:
    folder = output / table.name
    files = sorted(p for p in folder.rglob("*.parquet") if not p.name.startswith((".", "_")))
    if not files:  # a table no row went to: empty, with its columns
        columns = ", ".join(f'NULL::{duckdb_type(kind)} AS "{name}"' for name, kind in table.columns)
        return f"SELECT {columns} WHERE false"
    names = ", ".join(f'"{name}"' for name in table.names)
    listed = ", ".join("'" + str(p).replace("'", "''") + "'" for p in files)
    source = f"read_parquet([{listed}], union_by_name = true"
    if table.partition_by:
        types = ", ".join(f"'{name}': VARCHAR" for name in table.partition_by)
        source += f", hive_partitioning = true, hive_types = {{{types}}}"
        names = names.replace('"region_code"', f"NULLIF(region_code, '{NONE}') AS region_code")
        names = names.replace('"year"', f"TRY_CAST(NULLIF(year, '{NONE}') AS INTEGER) AS year")
    return f"SELECT {names} FROM {source})"


def iter_statements(con: duckdb.DuckDBPyConnection) -> Iterator[Statement]:
    """Every statement of the output, with its doc_id and seq."""
    cursor = con.execute("SELECT * FROM statements")
    names = [d[0] for d in cursor.description or ()]
    while rows := cursor.fetchmany(_BATCH):
        for row in rows:
            yield statement_from_row(dict(zip(names, row, strict=True)))
