"""A task list's tables as grids of cell texts, whatever the file: Excel
sheets, Word tables, CSV. A cell merged down shows its text in every row it
covers (one 牵头单位 for three tasks gives each its unit); a cell merged
across is one cell, its width kept (a section heading spans the table).
Rows keep the number a person sees: the sheet's row, the table's row, the
CSV record."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from luoshi.errors import FormatError, InputError
from luoshi.load.files import MAX_BYTES, describe, read_bytes, read_text
from luoshi.load.spreadsheet import shown_value
from luoshi.load.zipped import DOCX, XLSX, check_archive

SUFFIXES = (".xlsx", ".xlsm", ".docx", ".csv", ".tsv", ".txt")


@dataclass(frozen=True)
class GridRow:
    number: int  # as a person counts rows in the sheet or table (from 1)
    cells: dict[int, str]  # grid column → text (lines kept apart by \n), empty cells left out
    spans: dict[int, int] = field(default_factory=dict)  # grid column → columns merged across (>1)


@dataclass(frozen=True)
class Grid:
    where: str  # 工作表「任务」, 表2, or empty for the only table
    rows: tuple[GridRow, ...]
    caption: str = ""  # a Word table's title: the paragraph before it


def read_grids(path: Path) -> list[Grid]:
    """Every sheet or table of a task list file, in order."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(str(path), f"不支持的任务表文件类型 {path.suffix or '（无后缀）'}：应为 .xlsx、.docx 或 .csv")
    if not path.is_file():
        raise InputError(str(path), "文件不存在")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(str(path), f"文件超过 {MAX_BYTES // 2**20} MB 的上限")
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx(path)
    if suffix == ".docx":
        return _docx(path)
    return [_csv(path)]


def _xlsx(path: Path) -> list[Grid]:
    data = read_bytes(path)
    check_archive(data, str(path), XLSX)
    import openpyxl  # only workbooks need it

    try:
        # Not read-only: merged cells are known only to a fully loaded sheet.
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except MemoryError:
        raise
    except Exception as exc:  # openpyxl, lxml and zipfile raise many types on damaged parts
        raise FormatError(str(path), f"不是可读的 Excel 工作簿（{describe(exc)}）") from None
    grids = []
    several = len(book.worksheets) > 1
    for sheet in book.worksheets:
        down: dict[tuple[int, int], tuple[int, int]] = {}  # covered (row, col) → the merge's first cell
        across: dict[tuple[int, int], int] = {}  # first cell → width
        hidden: set[tuple[int, int]] = set()
        for merged in sheet.merged_cells.ranges:
            first = (merged.min_row, merged.min_col)
            if merged.max_col > merged.min_col:
                for row in range(merged.min_row, merged.max_row + 1):
                    across[row, merged.min_col] = merged.max_col - merged.min_col + 1
                    hidden |= {(row, c) for c in range(merged.min_col + 1, merged.max_col + 1)}
            for row in range(merged.min_row + 1, merged.max_row + 1):
                down[row, merged.min_col] = first
        rows = []
        for cells in sheet.iter_rows():
            texts: dict[int, str] = {}
            spans: dict[int, int] = {}
            for c in cells:
                r, col = c.row, c.column
                if r is None or col is None or (r, col) in hidden:
                    continue
                source = sheet.cell(*down[r, col]) if (r, col) in down else c
                text = shown_value(source.value, source.number_format).strip()
                if text:
                    texts[col - 1] = text
                if (r, col) in across:
                    spans[col - 1] = across[r, col]
            if texts:
                rows.append(GridRow(cells[0].row or 0, texts, spans))
        grids.append(Grid(f"工作表「{sheet.title}」" if several else "", tuple(rows)))
    return grids


def _docx(path: Path) -> list[Grid]:
    data = read_bytes(path)
    check_archive(data, str(path), DOCX)
    import docx  # only Word files need it

    try:
        word = docx.Document(io.BytesIO(data))
        captioned: list[tuple[object, str]] = []
        caption = ""
        for block in word.iter_inner_content():
            if isinstance(block, docx.table.Table):
                captioned.append((block, caption))
                caption = ""
            elif block.text.strip():
                caption = block.text.strip()
        several = len(captioned) > 1
        grids = [
            _word_table(t, f"表{i}" if several else "", caption) for i, (t, caption) in enumerate(captioned, start=1)
        ]
    except MemoryError:
        raise
    except Exception as exc:  # python-docx, lxml and zipfile raise many types on damaged parts
        raise FormatError(str(path), f"不是可读的 Word 文档（{describe(exc)}）") from None
    if not grids:
        raise FormatError(str(path), "Word 文档中没有表格：任务分解表应是文档中的一张表")
    return grids


def _word_table(table: object, where: str, caption: str) -> Grid:
    rows = []
    for number, row in enumerate(table.rows, start=1):  # type: ignore[attr-defined]
        texts: dict[int, str] = {}
        spans: dict[int, int] = {}
        previous = None
        first = 0
        # python-docx repeats a cell merged across in every column it covers,
        # and gives a cell merged down the text of the cell it continues.
        for col, cell in enumerate(row.cells):
            if previous is not None and cell._tc is previous._tc:
                spans[first] = spans.get(first, 1) + 1
                continue
            previous, first = cell, col
            text = cell.text.strip()
            if text:
                texts[col] = text
        if texts:
            rows.append(GridRow(number, texts, spans))
    return Grid(where, tuple(rows), caption)


def _csv(path: Path) -> Grid:
    text = read_text(path)
    delimiter = "\t" if text.count("\t") > text.count(",") else ","
    rows = []
    for number, record in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        texts = {i: v.strip().lstrip("\ufeff") for i, v in enumerate(record) if v.strip().lstrip("\ufeff")}
        if texts:
            rows.append(GridRow(number, texts))
    return Grid("", tuple(rows))


def all_rows(grids: list[Grid]) -> Iterator[tuple[Grid, GridRow]]:
    for grid in grids:
        for row in grid.rows:
            yield grid, row
