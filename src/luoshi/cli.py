"""The ``luoshi`` command: a thin layer over the library. Each command
parses its options, calls library functions and prints their result."""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from luoshi.errors import InputError, LuoshiError
from luoshi.extract import extract_document
from luoshi.load import iter_paths, load_path
from luoshi.output import tables, write_csv, write_jsonl
from luoshi.select import Selection
from luoshi.types import Document, Statement

app = typer.Typer(
    help="luoshi 落实 — 从政府文件中提取目标、数据与承诺，每个数字都附原文出处。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


@app.callback()
def _root() -> None:
    """luoshi: track what Chinese government documents promise and deliver."""


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or globs: .txt, .md, or CSV with full_text.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="jsonl (the contract), csv, or table.")] = Format.table,
    indicator: Annotated[str | None, typer.Option(help="Only this indicator id (gdp_growth) or name.")] = None,
    kind: Annotated[str | None, typer.Option(help="Only target, actual or event statements.")] = None,
    region: Annotated[str | None, typer.Option(help="Only this region (内蒙古, 内蒙古自治区).")] = None,
    period: Annotated[str | None, typer.Option(help="Only this period (2026, 2021-2025, 2025-Q1).")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for documents that carry none.")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Extract every figure, target and event, each with its source span."""
    try:
        keep = Selection.build(indicator, kind, region, period).predicate()
        when = _parse_date(published)
        files = list(iter_paths(paths))
    except LuoshiError as exc:
        _fail(exc)
    failures: list[InputError] = []

    def statements() -> Iterator[Statement]:
        for doc_or_error in _documents(files):
            if isinstance(doc_or_error, InputError):
                err.print(Text("luoshi: 无法读取 ", style="red") + Text(str(doc_or_error)), soft_wrap=True)
                failures.append(doc_or_error)
                continue
            doc = doc_or_error
            if when is not None and doc.published is None:
                doc = dataclasses.replace(doc, published=when)
            yield from (s for s in extract_document(doc) if keep(s))

    _emit(statements(), fmt, output)
    if failures:
        if len(files) > 1:
            err.print(f"luoshi: {len(failures)} 个文件读取失败，其余文件已处理。", highlight=False)
        raise typer.Exit(1)


def _documents(files: list[Path]) -> Iterator[Document | InputError]:
    """Documents of every file, or the error that stopped one, with a
    progress bar on a terminal when there is more than one file."""
    show = len(files) > 1 and err.is_terminal
    columns = (TextColumn("提取"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True, disable=not show) as progress:
        task = progress.add_task("extract", total=len(files))
        for path in files:
            try:
                yield from load_path(path)
            except InputError as exc:
                yield exc
            progress.advance(task)


def _emit(statements: Iterator[Statement], fmt: Format, output: Path | None) -> None:
    """Machine formats stream one statement at a time; a table needs them all."""
    if fmt is Format.table:
        rows = list(statements)
        with _destination(output) as out:
            Console(file=out, width=200 if output else None).print(tables(rows))
        err.print(f"luoshi: 共 {len(rows)} 条", highlight=False)
        return
    with _destination(output) as out:
        (write_jsonl if fmt is Format.jsonl else write_csv)(statements, out)


@contextmanager
def _destination(output: Path | None) -> Iterator[IO[str]]:
    """stdout, or a file replaced only once it is completely written."""
    if output is None:
        yield sys.stdout
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, output)
    except BaseException:
        os.unlink(tmp)
        raise


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError("--published", f"not a date: {value!r}; use YYYY-MM-DD") from None


def _fail(exc: LuoshiError) -> typer.Exit:
    err.print(f"luoshi: {exc}", highlight=False, soft_wrap=True, markup=False)
    raise typer.Exit(2)


def main() -> None:
    try:
        app()
    except BrokenPipeError:
        # Output piped into head: the reader left, nothing is wrong.
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
    except LuoshiError as exc:
        err.print(f"luoshi: {exc}", highlight=False, soft_wrap=True, markup=False)
        sys.exit(2)
