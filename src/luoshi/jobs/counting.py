"""Counting an upload's rows before accepting it, cheaply enough to do in
the request: a file over the row limit is refused at once with a 4xx,
instead of becoming a job that fails later.

The count reads the bytes, never decodes them as Chinese: the characters a
CSV is made of (quote, comma, tab, line breaks) are single bytes below 0x40
in UTF-8 and in the GB family alike, and no byte of a multi-byte character
in either is one of them, so reading the bytes as Latin-1 (one character a
byte, never an error) splits records exactly as the loaders will. UTF-16
and UTF-32 (marked by a BOM) are decoded first. The worker counts again
after loading, so a count this misses still holds the limit.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import PurePath

from luoshi.jobs.records import JobKind

_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CSV_FIELD_LIMIT = 2**31 - 1  # as the bulk CSV loader: a whole report sits in one field


def count_rows(data: bytes, file_name: str, kind: JobKind) -> int | None:
    """Data rows (the header not counted) of a table upload: a bulk CSV's
    records, or a statistics table's non-blank lines; None when the file
    is not a table or cannot be counted (the worker's loader then says why)."""
    suffix = PurePath(file_name).suffix.lower()
    if kind is JobKind.DOCUMENT:
        return _csv_records(_as_text(data)) if suffix == ".csv" else None
    if suffix in (".csv", ".tsv", ".txt"):
        # split at line feeds only: str.splitlines would also split at \x85,
        # which is how Latin-1 reads a byte inside many UTF-8 characters
        lines = sum(1 for line in _as_text(data).split("\n") if line.strip())
        return max(0, lines - 1)
    if suffix in (".xlsx", ".xlsm"):
        return _sheet_rows(data)
    return None


def _as_text(data: bytes) -> str:
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    return data.decode("latin-1")


def _csv_records(text: str) -> int | None:
    csv.field_size_limit(_CSV_FIELD_LIMIT)
    try:
        records = sum(1 for _ in csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return None  # malformed: the loader names the line
    return max(0, records - 1)


def _sheet_rows(data: bytes) -> int | None:
    import openpyxl  # only Excel uploads need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        rows = book.worksheets[0].max_row if book.worksheets else None
        book.close()
    except Exception:  # openpyxl raises many kinds for a broken file; the loader reports it
        return None
    return None if rows is None else max(0, rows - 1)
