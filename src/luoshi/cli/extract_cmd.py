"""``luoshi extract``: statements of files straight to the terminal or a file."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer
from rich.cells import cell_len
from rich.text import Text

from luoshi.cli.common import app, err, fail
from luoshi.cli.terminal_tables import WIDE_HELP, Column, FittedTable, fit_table, print_tables, window_width
from luoshi.errors import InputError, LuoshiError, shown
from luoshi.load import iter_paths, load_path
from luoshi.safe_write import written_text
from luoshi.statement_filters import Selection
from luoshi.statement_formats import KIND_LABELS, event_text, figure_text, owners_text, write_csv, write_jsonl
from luoshi.types import Document, Statement

if TYPE_CHECKING:  # rich's progress bars once a command shows one
    from rich.progress import Progress


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


@app.command()
def extract(
    paths: Annotated[
        list[str], typer.Argument(help="Files, folders or globs: .txt, .md, .html, .pdf, .docx, .xlsx, .csv.")
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="jsonl (the contract), csv, or table.")] = Format.table,
    indicator: Annotated[str | None, typer.Option(help="Only this indicator id (gdp_growth) or name.")] = None,
    kind: Annotated[str | None, typer.Option(help="Only target, actual or event statements.")] = None,
    region: Annotated[str | None, typer.Option(help="Only this region (内蒙古, 内蒙古自治区).")] = None,
    period: Annotated[str | None, typer.Option(help="Only this period (2026, 2021-2025, 2025-Q1).")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for documents that carry none.")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    wide: Annotated[bool, typer.Option("--wide", help=WIDE_HELP)] = False,
) -> None:
    """Extract every figure, target and event, each with its source span."""
    from luoshi.extract import extract_document  # most of a second: every other command starts without it

    try:
        keep = Selection.build(indicator, kind, region, period).predicate()
        when = parse_date(published)
        files = list(iter_paths(paths))
    except LuoshiError as exc:
        fail(exc)
    failures: list[InputError] = []

    def statements() -> Iterator[Statement]:
        for doc_or_error in documents(files):
            if isinstance(doc_or_error, InputError):
                err.print(Text("luoshi: 无法读取 ", style="red") + Text(str(doc_or_error)), soft_wrap=True)
                failures.append(doc_or_error)
                continue
            doc = doc_or_error
            if when is not None and doc.published is None:
                doc = dataclasses.replace(doc, published=when)
            yield from (s for s in extract_document(doc) if keep(s))

    emit(statements(), fmt, output, wide)
    if failures:
        if len(files) > 1:
            err.print(f"luoshi: {len(failures)} 个文件读取失败，其余文件已处理。", highlight=False)
        raise typer.Exit(1)


def progress_bar(label: str, show: bool) -> Progress:
    """A progress bar on stderr, shown only on a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    return Progress(*columns, console=err, transient=True, disable=not (show and err.is_terminal))


def documents(files: list[Path]) -> Iterator[Document | InputError]:
    """Documents of every file, or the error that stopped one."""
    with progress_bar("提取", len(files) > 1) as progress:
        task = progress.add_task("extract", total=len(files))
        for path in files:
            try:
                yield from load_path(path)
            except InputError as exc:
                yield exc
            progress.advance(task)


def emit(statements: Iterator[Statement], fmt: Format | str, output: Path | None, wide: bool = False) -> None:
    """Machine formats stream one statement at a time; a table needs them all.
    A table written to a file is wide: no window to fit."""
    if fmt == "table":
        rows = list(statements)
        with destination(output) as out:
            print_tables(statement_tables(rows, window_width(), wide or output is not None), out)
        err.print(f"luoshi: 共 {len(rows)} 条", highlight=False)
        return
    with destination(output) as out:
        (write_jsonl if fmt == "jsonl" else write_csv)(statements, out)


_LONGEST_NAME = 28  # cells of the catalogue's longest name (单位地区生产总值二氧化碳排放)
_STATEMENT_COLUMNS = (
    Column("类型", 2),
    Column("时期", 3),
    Column("地区", 5),
    Column("指标", 0),  # cut_to set per table: names whole, a longer phrase or an event's parties cut
    Column("数值", 1, justify="right"),
    Column("责任单位", 6, cut_to=12),
    Column("原文", 4, cut_to=16),
)


def statement_tables(statements: list[Statement], width: int, wide: bool) -> list[FittedTable]:
    """One table per document: kind, period, region, indicator, the figure
    as written, owners (when any is named) and the evidence sentence."""
    by_doc: dict[str, list[Statement]] = {}
    for s in statements:
        by_doc.setdefault(s.doc, []).append(s)
    return [_statement_table(doc, rows, width, wide) for doc, rows in by_doc.items()]


def _statement_table(doc: str, rows: list[Statement], width: int, wide: bool) -> FittedTable:
    names = [cell_len(s.indicator_name) for s in rows if s.indicator_name]
    longest = min(max(names, default=16), _LONGEST_NAME)
    columns = [
        dataclasses.replace(c, cut_to=longest) if c.name == "指标" else c
        for c in _STATEMENT_COLUMNS
        if c.name != "责任单位" or any(s.owner or s.co_owners for s in rows)
    ]
    cells = []
    for s in rows:
        kind = s.kind.value
        values = {
            "类型": KIND_LABELS.get(kind, kind),
            "时期": s.period,
            "地区": s.region,
            "指标": s.indicator_name or event_text(s),
            "数值": s.value_text or ("" if s.value is None else figure_text(s)),
            "责任单位": owners_text(s),
            "原文": s.quote,
        }
        cells.append([values[c.name] for c in columns])
    return fit_table(f"{doc}（{len(rows)} 条）", columns, cells, width, wide)


@contextmanager
def destination(output: Path | None) -> Iterator[IO[str]]:
    """stdout, or the named file written safely (``luoshi.safe_write``)."""
    if output is None:
        yield sys.stdout
        return
    try:
        with written_text(output) as fh:
            yield fh
    except InputError as exc:
        fail(exc)


def parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError("--published", f"“{shown(value)}”不是日期：请写成 YYYY-MM-DD，如 2025-06-30") from None
