"""What ``luoshi batch`` reads, as records an executor can take.

INPUT is files, folders and globs of

- the loaders' files (``.txt .md .html .pdf .docx .xlsx``, CSV bulk files
  with a ``full_text`` column): each becomes a ``FileInput``, loaded where
  it is processed (``FileInput.documents``), so a Spark driver only lists
  names;
- tables of documents, ``.jsonl`` or ``.parquet``, a document a row with
  ``id`` (its name), ``text`` and optional ``region``, ``published``,
  ``title``, ``url``: read lazily (``table_records``), a ``TableRow`` a row.
  A table is named as a file or by a glob ending in its suffix
  (``parts/*.parquet``); a folder gives only the loaders' files, since it
  may hold JSONL of other kinds (``samples/gold.jsonl``).

A row or file that cannot be read becomes a ``BadInput`` record carrying
its reason in Chinese; the job goes on with the rest. Every record is a
small frozen dataclass: picklable, so Spark can ship it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from luoshi.errors import InputError, shown
from luoshi.load import iter_paths, load_path
from luoshi.load.chrome import chrome_ranges
from luoshi.load.files import SUPPORTED_SUFFIXES
from luoshi.load.metadata import guess_title, header_date, parse_date
from luoshi.types import Document

TABLE_SUFFIXES = frozenset({".jsonl", ".parquet"})
TABLE_COLUMNS = ("id", "text", "region", "published", "title", "url")
_TABLE_BATCH = 1_000  # rows of a Parquet table read at a time


@dataclass(frozen=True)
class InputFile:
    """One resolved input file, with what tells a later run it changed."""

    path: str
    size: int
    mtime_ns: int

    @property
    def is_table(self) -> bool:
        return Path(self.path).suffix.lower() in TABLE_SUFFIXES


@dataclass(frozen=True)
class FileInput:
    """A file a loader reads: one document, or one a row of a CSV bulk file."""

    input: str

    def documents(self) -> list[tuple[int, Document]]:
        """(row, document) pairs: the row of a CSV bulk file, else 0.
        Raises InputError, as ``luoshi extract`` reports it."""
        path = Path(self.input)
        return [(_row_of(path, doc), doc) for doc in load_path(path)]


@dataclass(frozen=True)
class TableRow:
    """One row of a table of documents, its values as the table gave them."""

    input: str
    row: int
    values: tuple[tuple[str, Any], ...]  # (column, value) of TABLE_COLUMNS present

    def document(self) -> Document:
        """The row as a Document, its metadata read off the text where the
        table gives none (as for a CSV bulk file's rows). Raises InputError."""
        values = dict(self.values)
        name, text = values.get("id"), values.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError(self.where, "text 列为空：这一行没有正文，已跳过")
        if name is None or not str(name).strip():
            raise InputError(self.where, "id 列为空：每篇文档需要一个名称（id）")
        skip = chrome_ranges(text)
        return Document(
            name=str(name).strip(),
            text=text,
            title=_text(values.get("title")) or guess_title(text, skip),
            region=_text(values.get("region")),
            published=_date(values.get("published"), self.where) or header_date(text),
            source=_text(values.get("url")) or self.input,
            loader="table",
            skip=skip,
        )

    @property
    def where(self) -> str:
        return f"{self.input} 第 {self.row + 1:,} 行"

    @classmethod
    def of(cls, input: str, row: int, mapping: Mapping[str, Any]) -> TableRow:
        """A row from any mapping (a JSON object, a Spark Row's ``asDict()``)."""
        return cls(input, row, tuple((c, mapping[c]) for c in TABLE_COLUMNS if mapping.get(c) is not None))


@dataclass(frozen=True)
class BadInput:
    """An input, or a row of one, that gave no record: why, in Chinese."""

    input: str
    reason: str
    row: int | None = None


Record = FileInput | TableRow | BadInput


def resolve(paths: Iterable[str]) -> list[InputFile]:
    """Every input file the paths name, each once, in the order given
    (folders recursively, sorted). A path that names nothing raises
    InputError naming it."""
    files = []
    for path in _expanded(paths):
        try:
            info = path.stat()
        except OSError:
            raise InputError(str(path), "无法读取这个文件的信息（权限不足，或已被删除？）") from None
        files.append(InputFile(str(path), info.st_size, info.st_mtime_ns))
    return files


def _expanded(paths: Iterable[str]) -> Iterator[Path]:
    seen: set[Path] = set()
    for given in paths:
        suffixes = TABLE_SUFFIXES if Path(given).suffix.lower() in TABLE_SUFFIXES else SUPPORTED_SUFFIXES
        for path in iter_paths([given], suffixes):
            if path.resolve() not in seen:
                seen.add(path.resolve())
                yield path


def records(files: Iterable[InputFile]) -> Iterator[Record]:
    """The records of the inputs, lazily: a table is read a row at a time."""
    for f in files:
        if f.is_table:
            yield from table_records(f.path)
        else:
            yield FileInput(f.path)


def table_records(path: str) -> Iterator[TableRow | BadInput]:
    """The rows of a ``.jsonl`` or ``.parquet`` table of documents."""
    if not os.access(path, os.R_OK):
        yield BadInput(path, "无法读取这个文件（权限不足？）；请检查文件权限")
        return
    if path.lower().endswith(".jsonl"):
        yield from _jsonl_records(path)
    else:
        yield from _parquet_records(path)


def _jsonl_records(path: str) -> Iterator[TableRow | BadInput]:
    with open(path, encoding="utf-8", errors="surrogateescape") as fh:
        for row, line in enumerate(fh):
            record = jsonl_record(path, row, line)
            if record is not None:
                yield record


def jsonl_record(path: str, row: int, line: str) -> TableRow | BadInput | None:
    """Line ``row`` of a JSONL table as a record; None for a blank line."""
    if not line.strip():
        return None
    try:
        value = json.loads(line)
    except ValueError:
        return BadInput(path, "不是有效的 JSON；请改正这一行", row)
    if not isinstance(value, dict):
        return BadInput(path, '不是 JSON 对象（应为 {"id": …, "text": …}）', row)
    return TableRow.of(path, row, value)


def _parquet_records(path: str) -> Iterator[TableRow | BadInput]:
    import duckdb

    con = duckdb.connect()
    try:
        columns = [c for (c, *_) in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [path]).fetchall()]
        if "id" not in columns or "text" not in columns:
            yield BadInput(path, f"Parquet 表中缺少 id 或 text 列（现有的列：{'、'.join(map(shown, columns))}）")
            return
        wanted = [c for c in TABLE_COLUMNS if c in columns]
        cursor = con.execute(f"SELECT {', '.join(_quoted(c) for c in wanted)} FROM read_parquet(?)", [path])
        row = 0
        while batch := cursor.fetchmany(_TABLE_BATCH):
            for values in batch:
                yield TableRow.of(path, row, dict(zip(wanted, values, strict=True)))
                row += 1
    except duckdb.Error as exc:
        yield BadInput(path, f"无法读取 Parquet 文件（{type(exc).__name__}）；请检查文件是否完整")
    finally:
        con.close()


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _row_of(path: Path, doc: Document) -> int:
    """A CSV bulk file's row from its document's name (``NAME#i``, row 0 is ``NAME``)."""
    if doc.loader != "csv" or doc.name == path.name:
        return 0
    return int(doc.name.rpartition("#")[2])


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    parsed = parse_date(str(value))
    if parsed is None and str(value).strip():
        raise InputError(where, f"published 列的“{shown(str(value))}”不是日期：请写成 YYYY-MM-DD")
    return parsed
