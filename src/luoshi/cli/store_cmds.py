"""Commands over a store: ingest, reprocess, statements, documents, show,
search, export, import-stats. Each opens the store named by ``--db``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from luoshi.cli.common import app, err, fail
from luoshi.cli.extract_cmd import emit, progress_bar
from luoshi.cli.terminal_tables import WIDE_HELP, Column, fit_table, print_tables, window_width
from luoshi.clock import beijing_iso
from luoshi.errors import InputError, LuoshiError
from luoshi.ingest import IngestSummary, Writer, after_writes, files_of, read_file, reprocess, trusted
from luoshi.source_types import SourceType, parse_source_type
from luoshi.statement_filters import Selection
from luoshi.stats import read_stats
from luoshi.store import StatementQuery, Store, StoreError, open_store
from luoshi.store_export import FORMATS, export
from luoshi.types import Kind

Db = Annotated[
    str | None,
    typer.Option("--db", help="DuckDB file or postgresql:// URL (default: $LUOSHI_DB, else ./luoshi.duckdb)."),
]


class ListFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    json = "json"


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"
    xlsx = "xlsx"


assert tuple(ExportFormat) == FORMATS


@contextmanager
def store_at(db: str | None) -> Iterator[Store]:
    try:
        store = open_store(db)
    except (StoreError, LuoshiError) as exc:
        fail(exc)
    try:
        yield store
    except StoreError as exc:
        fail(exc)
    finally:
        store.close()


SourceTypeOption = Annotated[
    str | None,
    typer.Option(
        "--source-type",
        help="What the documents are, for how much their figures count: statistics, government_work_report, "
        "government_document, news or owner_report (or 统计数据, 政府工作报告, 政府文件, 新闻及其他, 责任单位报送).",
    ),
]


def source_type_of(given: str | None) -> SourceType | None:
    try:
        return None if given is None else parse_source_type(given, "--source-type")
    except InputError as exc:
        fail(exc)


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders or globs to read into the store.")] = None,
    from_batch: Annotated[
        Path | None, typer.Option("--from-batch", help="Load the output folder of luoshi batch instead.")
    ] = None,
    source_type: SourceTypeOption = None,
    db: Db = None,
) -> None:
    """Read documents into the store: each with its statements, once. A
    trusted import: without --source-type, each document's type is the one
    its loader and title suggest (a title with 政府工作报告, statistics)."""
    kind = source_type_of(source_type)
    if bool(paths) == (from_batch is not None):
        fail(InputError("ingest", "请给出要导入的文件，或用 --from-batch 给出 luoshi batch 的输出目录（二者选一）"))
    with store_at(db) as store:
        summary = _from_batch(from_batch, store, kind) if from_batch else _from_files(paths or [], store, kind)
    err.print(
        f"luoshi: 新增 {summary.new} 篇，未变 {summary.unchanged} 篇，失败 {len(summary.failed)} 篇；"
        f"新增 {summary.statements_added} 条记录。",
        highlight=False,
    )
    for source, reason in summary.failed:
        err.print(Text("luoshi: 失败 ", style="red") + Text(f"{source}: {reason}"), soft_wrap=True)
    if summary.failed:
        raise typer.Exit(1)


def _from_files(paths: list[str], store: Store, kind: SourceType | None) -> IngestSummary:
    summary = IngestSummary()
    files = list(files_of(paths, summary))
    with progress_bar("入库", True) as progress, Writer(store, summary) as writer:
        task = progress.add_task("ingest", total=len(files))
        for path in files:
            progress.update(task, description=path.name)
            read_file(path, writer, kind)
            progress.advance(task)
    if summary.new:
        with err.status("luoshi: 按阅读顺序重写记录（DuckDB，仅在新增较多时）…"):
            after_writes(store)
    return summary


def _from_batch(output: Path, store: Store, kind: SourceType | None) -> IngestSummary:
    from luoshi.batch.into_store import ingest_batch  # DuckDB's Parquet reading: only for a batch output
    from luoshi.batch.output import complete_output

    try:
        total = complete_output(output).get("counts", {}).get("documents")
        with progress_bar("入库", True) as progress:
            task = progress.add_task("ingest", total=total)
            return ingest_batch(output, store, kind, lambda done: progress.update(task, completed=done))
    except InputError as exc:
        fail(exc)


@app.command("reprocess")
def reprocess_cmd(db: Db = None) -> None:
    """Extract every stored document again from its stored text."""
    with store_at(db) as store, progress_bar("重新提取", True) as progress:
        task = progress.add_task("reprocess", total=store.counts()["documents"])
        docs, statements = reprocess(store, lambda _: progress.advance(task))
    err.print(f"luoshi: 重新提取 {docs} 篇，现有 {statements} 条记录。", highlight=False)


@app.command()
def statements(
    region: Annotated[str | None, typer.Option(help="Only this region (内蒙古, 内蒙古自治区).")] = None,
    indicator: Annotated[str | None, typer.Option(help="Only this indicator id or name.")] = None,
    kind: Annotated[str | None, typer.Option(help="Only target, actual or event.")] = None,
    period: Annotated[str | None, typer.Option(help="Only this period (2025, 2025-Q1).")] = None,
    doc: Annotated[str | None, typer.Option(help="Only this document (id, id prefix or name).")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    wide: Annotated[bool, typer.Option("--wide", help=WIDE_HELP)] = False,
    db: Db = None,
) -> None:
    """Statements in the store, filtered."""
    try:
        sel = Selection.build(indicator, kind, region, period)
    except LuoshiError as exc:
        fail(exc)
    query = StatementQuery(sel.region, sel.indicator, sel.kind, sel.period, doc, limit)
    with store_at(db) as store:
        rows = store.statements(query)
    if fmt is ListFormat.json:
        json.dump([s.to_dict() for s in rows], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        emit(iter(rows), fmt.value, None, wide)


_DOCUMENT_COLUMNS = (
    Column("编号", 1),
    Column("名称", 0, cut_to=16),
    Column("标题", 4, cut_to=16),
    Column("发布日期", 2),
    Column("类型", 5),
    Column("记录", 3, justify="right"),
)


@app.command()
def documents(
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table or json.")] = ListFormat.table,
    wide: Annotated[bool, typer.Option("--wide", help=WIDE_HELP)] = False,
    db: Db = None,
) -> None:
    """Documents in the store."""
    with store_at(db) as store:
        docs = store.documents()
    if fmt is not ListFormat.table:
        rows = [
            {
                "id": d.id,
                "name": d.name,
                "title": d.title,
                "region": d.region,
                "published": d.published.isoformat() if d.published else None,
                "loader": d.loader,
                "source": d.source,
                "statements": d.statement_count,
                "ingested_at": beijing_iso(d.ingested_at),
                "source_type": (d.source_type or SourceType.UNKNOWN).value,
                "uploaded_by": d.uploaded_by,
                "owner": d.owner,
                "confirmed_by": d.confirmed_by,
            }
            for d in docs
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    cells = [
        [d.id[:8], d.name, d.title or "", d.published.isoformat() if d.published else "", d.loader,
         str(d.statement_count)]
        for d in docs
    ]  # fmt: skip
    print_tables([fit_table(f"文档（{len(docs)} 篇）", _DOCUMENT_COLUMNS, cells, window_width(), wide)])


_KIND_STYLE = {
    Kind.TARGET: "bold black on cyan",
    Kind.ACTUAL: "bold black on green",
    Kind.EVENT: "bold black on magenta",
}


@app.command()
def show(
    ref: Annotated[str, typer.Argument(help="Document id, id prefix or name.")],
    db: Db = None,
) -> None:
    """A document's text with its extracted figures highlighted
    (targets cyan, outcomes green, events magenta; page furniture dim)."""
    with store_at(db) as store:
        doc = store.document(ref)
        if doc is None:
            fail(LuoshiError(f"{ref}: 存储中没有这篇文档；用 luoshi documents 查看已有文档的编号和名称"))
        rows = store.statements(StatementQuery(doc=doc.id))
    text = Text(doc.text)
    for s, e in doc.skip:
        text.stylize("dim", s, e)
    for st in rows:
        text.stylize("underline", st.start, st.end)
        at = st.quote.rfind(st.value_text) if st.value_text else -1
        lo = st.start + at if at >= 0 else st.start
        hi = lo + len(st.value_text) if at >= 0 and st.value_text else st.end
        text.stylize(_KIND_STYLE[st.kind], lo, hi)
    head = f"{doc.name}  {doc.title or ''}  {doc.region or ''}  {doc.published or ''}  ({len(rows)} 条记录)"
    console = Console()
    console.print(Text(head, style="bold"))
    console.print(text)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Text to find, Chinese included (中欧班列).")],
    limit: Annotated[int, typer.Option(help="At most this many matches.")] = 50,
    db: Db = None,
) -> None:
    """Full-text search of the stored documents."""
    with store_at(db) as store:
        hits = store.search(query, limit)
    console = Console()
    for h in hits:
        line = Text(f"{h.name}:{h.start}  ", style="bold")
        snippet = Text(h.snippet.replace("\n", " "))
        snippet.highlight_words([query], style="reverse")
        console.print(line + snippet)
    err.print(f"luoshi: {len(hits)} 处", highlight=False)


@app.command("export")
def export_cmd(
    out: Annotated[Path, typer.Argument(help="File to write.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    db: Db = None,
) -> None:
    """Every statement to Parquet, CSV, JSONL or Excel."""
    with store_at(db) as store:
        try:
            n = export(store.iter_statements(), fmt.value, out)
        except InputError as exc:
            fail(exc)
    err.print(f"luoshi: 导出 {n} 条记录到 {out}", highlight=False)


@app.command("import-stats")
def import_stats(
    file: Annotated[Path, typer.Argument(help="CSV or Excel: region, indicator, period, value, unit[, source].")],
    source_type: SourceTypeOption = None,
    db: Db = None,
) -> None:
    """Statistics rows as outcome statements, the file and row as evidence
    (of --source-type, by default statistics)."""
    kind = source_type_of(source_type)
    try:
        table = read_stats(file)
    except LuoshiError as exc:
        fail(exc, 1)
    with store_at(db) as store:
        result = store.add_document(trusted(table.document, kind or SourceType.STATISTICS), table.statements)
    if result.added:
        err.print(f"luoshi: 导入 {result.statements} 条统计数据（{file}）", highlight=False)
    else:
        err.print(f"luoshi: {file} 已导入过，未作改动", highlight=False)
