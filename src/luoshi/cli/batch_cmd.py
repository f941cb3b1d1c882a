"""``luoshi batch``: extraction of a corpus into Parquet, locally or on Spark."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from luoshi.cli.common import app, err, fail
from luoshi.errors import LuoshiError

if TYPE_CHECKING:  # the batch engine (and the extractor) only once a batch runs
    from rich.progress import Progress

    from luoshi.batch.partition import BatchCounts

_ERRORS_SHOWN = 20


class Engine(StrEnum):
    local = "local"
    spark = "spark"


@app.command()
def batch(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Folders, files or globs: the loaders' files (.txt .md .html .pdf .docx .xlsx, CSV bulk files), "
            "or tables of documents named as files or globs (.jsonl, .parquet: id, text, "
            "optional region, published, title, url)."
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder of the Parquet output.")],
    engine: Annotated[Engine, typer.Option(help="local: one process; spark: a Spark job.")] = Engine.local,
    master: Annotated[
        str | None, typer.Option(help="Spark master URL (local[*], spark://host:7077, yarn); with --engine spark.")
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an output of other inputs or a run that stopped.")
    ] = False,
) -> None:
    """Extract a corpus into Parquet: statements/ (by region code and year),
    documents/ and errors/; a complete output is skipped when run again."""
    from luoshi.batch.job import run_batch

    with _progress() as progress:
        task = progress.add_task("batch", total=None, counts="")
        try:
            result = run_batch(
                paths, output, engine.value, master, overwrite, lambda c: progress.update(task, counts=_said(c))
            )
        except LuoshiError as exc:
            fail(exc)
    counts = result.counts
    if result.skipped:
        said = f"luoshi: {output} 已完成，跳过（输入、规则均未变；要重新运行请加 --overwrite）。"
        err.print(said, highlight=False, soft_wrap=True)
        return
    err.print(f"luoshi: 完成：{_said(counts)}；输出在 {output}", highlight=False)
    if counts.errors:
        _show_errors(output, counts.errors)
        raise typer.Exit(1)


def _progress() -> Progress:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("批量提取 {task.fields[counts]}"), TimeElapsedColumn())
    return Progress(*columns, console=err, transient=True, disable=not err.is_terminal)


def _said(counts: BatchCounts) -> str:
    return (
        f"文档 {counts.documents:,} 篇（{counts.characters:,} 字），"
        f"记录 {counts.statements:,} 条，错误 {counts.errors:,} 个"
    )


def _show_errors(output: Path, total: int) -> None:
    from luoshi.batch.output import connect

    con = connect(output)
    try:
        rows = con.execute(f'SELECT input, "row", doc, reason FROM errors LIMIT {_ERRORS_SHOWN}').fetchall()
    finally:
        con.close()
    for source, row, doc, reason in rows:
        where = doc or (source if row is None else f"{source} 第 {row + 1:,} 行")
        err.print(Text("luoshi: 无法处理 ", style="red") + Text(f"{where}: {reason}"), soft_wrap=True)
    if total > len(rows):
        err.print(f"luoshi: 共 {total:,} 个错误，全部列在 {output / 'errors'}。", highlight=False)
