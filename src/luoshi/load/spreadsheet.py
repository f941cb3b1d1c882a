"""Excel .xlsx workbooks read as documents (a task table, a list of targets):
one file, one Document.

The text is every sheet's rows in order, one line per row, cells separated
by ``\\t`` (luoshi.load.tables: a task table's 牵头单位/责任单位 cells are
labelled, a merged 牵头单位 cell gives each row it spans its units). A cell
of several lines is joined into one. With more than one sheet, each starts
with its name on a line of its own, after a blank line. Values are written
as Excel shows them in the main: whole numbers without ``.0``, a cell
formatted as a percentage with ``%`` (0.06 → 6%), dates as ISO dates;
formulas give the value Excel last computed.

Metadata: the title is the workbook's title property, else the first short
line; published is its ``created`` property. The archive is checked for zip
bombs before openpyxl opens it (luoshi.load.zipped).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from luoshi.errors import FormatError
from luoshi.load.files import describe, read_bytes
from luoshi.load.tables import Cell, row_lines
from luoshi.load.text import make_document
from luoshi.load.zipped import XLSX, check_archive
from luoshi.types import Document

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


def load_xlsx(path: Path) -> list[Document]:
    """The sheets of a .xlsx as one Document (loader "xlsx")."""
    source = str(path)
    data = read_bytes(path)
    check_archive(data, source, XLSX)
    import openpyxl  # here, not at the top: only workbooks need it

    try:
        # Not read-only: merged cells are known only to a fully loaded sheet.
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        sheets = [(ws.title, list(row_lines(_rows(ws), joined=True))) for ws in book.worksheets]
        title = (book.properties.title or "").strip() or None
        created = book.properties.created
    except MemoryError:
        raise
    except Exception as exc:  # openpyxl, lxml and zipfile raise many types on damaged parts
        raise FormatError(source, f"Excel .xlsx 文件已损坏：{describe(exc)}；{XLSX.saved_again()}") from None
    filled = [(name, lines) for name, lines in sheets if any(line.strip() for line in lines)]
    if not filled:
        raise FormatError(source, "Excel 工作簿中没有文字（各工作表都是空的？）；请检查是否选错了文件")
    if len(filled) == 1:
        text = "\n".join(filled[0][1])
    else:
        text = "\n\n".join("\n".join([name, *lines]) for name, lines in filled)
    return [make_document(path, text, "xlsx", title=title, created=created.date() if created else None)]


def _rows(sheet: Worksheet) -> Iterator[list[Cell]]:
    """Each non-empty row's cells up to its last value; a cell merged across
    counts once, one merged down says so."""
    covered: dict[tuple[int, int], bool] = {}  # (row, column) of a merged cell → merged down, not across
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                if (row, col) != (merged.min_row, merged.min_col):
                    covered[row, col] = row > merged.min_row and col == merged.min_col
    for cells in sheet.iter_rows():
        out = []
        for c in cells:
            row, col = c.row, c.column
            if row is None or col is None:
                continue
            down = covered.get((row, col))
            if down is False:
                continue  # merged across: the first cell holds it
            out.append(Cell(col - 1, _lines(c.value, c.number_format), bool(down)))
        while out and not out[-1].lines and not out[-1].from_above:
            out.pop()
        if out:
            yield out


def _lines(value: Any, number_format: str) -> tuple[str, ...]:
    text = shown_value(value, number_format)
    return tuple(line for line in text.splitlines() if line.strip())


def shown_value(value: Any, number_format: str) -> str:
    """The value as the sheet shows it, near enough to read figures from."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        if "%" in (number_format or ""):
            return f"{_number(value * 100)}%"
        return _number(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _number(value: float) -> str:
    text = f"{value:.12g}"
    return text if "e" not in text else f"{value:f}".rstrip("0").rstrip(".")
