"""CSV bulk exports: one Document per row of the ``full_text`` column.

Row 0 is named ``NAME`` (the file's base name) and row i ``NAME#i``: a fixed
contract, since statements refer to documents by name. Rows keep their index
even when rows before them are skipped for an empty ``full_text``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from luoshi.errors import FormatError
from luoshi.load.chrome import chrome_ranges
from luoshi.load.files import read_text
from luoshi.load.metadata import guess_title, header_date, parse_date
from luoshi.types import Document

TEXT_COLUMN = "full_text"


def load_csv(path: Path) -> list[Document]:
    """One Document per row with a non-empty ``full_text``."""
    source = str(path)
    header, rows = parse_csv(read_text(path), source)
    if TEXT_COLUMN not in header:
        raise FormatError(source, f"CSV has no {TEXT_COLUMN} column (columns: {', '.join(header)})")
    # strict=False: a short row simply lacks its trailing columns.
    documents = [_document(path, i, dict(zip(header, row, strict=False))) for i, row in enumerate(rows)]
    found = [doc for doc in documents if doc is not None]
    if not found:
        raise FormatError(source, f"CSV has no row with text in its {TEXT_COLUMN} column")
    return found


def parse_csv(text: str, source: str) -> tuple[list[str], list[list[str]]]:
    """Header (names stripped) and data rows; a malformed file is a FormatError with its line."""
    # Whole reports sit in one field (the file size limit bounds them); strict,
    # because an unbalanced quote would otherwise swallow every row after it.
    csv.field_size_limit(2**31 - 1)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise FormatError(source, f"CSV parse error at line {reader.line_num}: {exc}") from None
    header = [name.strip() for name in rows[0]] if rows else []
    return header, rows[1:]


def _document(path: Path, index: int, record: dict[str, str]) -> Document | None:
    text = record.get(TEXT_COLUMN) or ""
    if not text.strip():
        return None
    skip = chrome_ranges(text)
    return Document(
        name=path.name if index == 0 else f"{path.name}#{index}",
        text=text,
        title=_value(record, "title") or guess_title(text, skip),
        region=_value(record, "province"),
        published=parse_date(record.get("publish_date")) or header_date(text),
        source=str(path),
        loader="csv",
        skip=skip,
    )


def _value(record: dict[str, str], column: str) -> str | None:
    value = (record.get(column) or "").strip()
    return value or None
