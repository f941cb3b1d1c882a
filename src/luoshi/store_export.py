"""Every stored statement into a file other tools read: Parquet, CSV,
JSONL, Excel. Every writer streams and the file appears only once whole."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from luoshi.safe_write import written_path, written_text
from luoshi.spreadsheet_cells import xlsx_cell
from luoshi.statement_formats import CSV_FIELDS, write_csv, write_jsonl
from luoshi.types import Statement

FORMATS = ("parquet", "csv", "jsonl", "xlsx")


def export(statements: Iterable[Statement], fmt: str, path: Path) -> int:
    """Write statements to ``path`` in ``fmt``; returns how many."""
    if fmt == "jsonl":
        with written_text(path) as fh:
            return write_jsonl(statements, fh)
    if fmt == "csv":
        with written_text(path) as fh:
            return write_csv(statements, fh)
    if fmt == "xlsx":
        return _xlsx(statements, path)
    if fmt == "parquet":
        return _parquet(statements, path)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def _row(s: Statement) -> list[object]:
    d = s.to_dict()
    row = []
    for key in CSV_FIELDS:
        v = d.get(key)
        row.append(json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v)
    return row


def _xlsx(statements: Iterable[Statement], path: Path) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("statements")
    sheet.append(list(CSV_FIELDS))
    n = 0
    for s in statements:
        sheet.append([xlsx_cell(v) for v in _row(s)])
        n += 1
    with written_path(path) as tmp:
        book.save(tmp)
    return n


def _parquet(statements: Iterable[Statement], path: Path) -> int:
    """Through an in-memory DuckDB: typed columns, no extra dependency."""
    import duckdb

    types = {"start": "BIGINT", "end": "BIGINT", "value": "DOUBLE", "value_high": "DOUBLE", "base_value": "DOUBLE"}
    columns = ", ".join(f'"{c}" {types.get(c, "VARCHAR")}' for c in CSV_FIELDS)
    con = duckdb.connect()
    con.execute(f"CREATE TABLE s ({columns})")
    marks = ", ".join("?" for _ in CSV_FIELDS)
    batch: list[list[object]] = []
    n = 0
    for s in statements:
        batch.append([v if v is None or k in types else str(v) for k, v in zip(CSV_FIELDS, _row(s), strict=True)])
        n += 1
        if len(batch) == 10_000:
            con.executemany(f"INSERT INTO s VALUES ({marks})", batch)
            batch = []
    if batch:
        con.executemany(f"INSERT INTO s VALUES ({marks})", batch)
    with written_path(path) as tmp:
        con.execute("COPY s TO ? (FORMAT parquet)", [str(tmp)])
    con.close()
    return n
