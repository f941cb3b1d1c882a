"""CSV bulk exports: one Document per row of the ``full_text`` column.

Row 0 is named ``NAME`` (the file's base name) and row i ``NAME#i``: a fixed
contract, since statements refer to documents by name. Rows keep their index
even when rows before them are skipped for an empty ``full_text``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from luoshi.errors import FormatError, shown
from luoshi.load.chrome import chrome_ranges
from luoshi.load.files import read_text
from luoshi.load.metadata import guess_title, header_date, parse_date
from luoshi.types import Document

TEXT_COLUMN = "full_text"
_COLUMNS_SHOWN = 10  # of a header without full_text: enough to see what the file is


def load_csv(path: Path) -> list[Document]:
    """One Document per row with a non-empty ``full_text``."""
    source = str(path)
    header, rows = parse_csv(read_text(path), source)
    if TEXT_COLUMN not in header:
        raise FormatError(
            source,
            f"CSV 中没有 {TEXT_COLUMN} 列（现有的列：{_listed(header)}）；"
            f"请加一列 {TEXT_COLUMN}，每行放一篇全文（批量导入的 CSV 靠它找到正文）",
        )
    # strict=False: a short row simply lacks its trailing columns.
    documents = [_document(path, i, dict(zip(header, row, strict=False))) for i, row in enumerate(rows)]
    found = [doc for doc in documents if doc is not None]
    if not found:
        raise FormatError(source, f"CSV 的 {TEXT_COLUMN} 列中没有一行有文字；请检查导出时是否带上了全文")
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
        raise FormatError(source, f"CSV 第 {reader.line_num:,} 行格式有误：{_csv_problem(exc)}；请改正后重试") from None
    header = [name.strip() for name in rows[0]] if rows else []
    return header, rows[1:]


def _listed(header: list[str]) -> str:
    if not any(header):
        return "无"
    names = "、".join(shown(name, 30) for name in header[:_COLUMNS_SHOWN])
    more = len(header) - _COLUMNS_SHOWN
    return names + (f" 等 {len(header):,} 列" if more > 0 else "")


def _csv_problem(exc: csv.Error) -> str:
    """What the csv module's complaint means, in words (its text is English)."""
    said = str(exc)
    if "unexpected end of data" in said:
        return "引号没有配对，文件在引号内结束"
    if "expected after" in said:
        return "引号没有配对（引号后面应是逗号或换行）"
    if "NUL" in said or "null byte" in said:
        return "含有空字符（NUL），不是文本"
    return "无法按 CSV 拆分成列（引号或分隔符有误？）"


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
