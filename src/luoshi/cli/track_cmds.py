"""Commands that follow targets to their outcomes: ``status`` (the
scoreboard) and ``compare`` (one row per region). Each reads the store
named by ``--db`` and calls ``luoshi.track``."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from luoshi.accounts import Accounts
from luoshi.cli.common import app, err, fail
from luoshi.cli.extract_cmd import progress_bar
from luoshi.cli.store_cmds import Db, store_at
from luoshi.cli.terminal_tables import WIDE_HELP, Column, fit_table, print_tables, window_width
from luoshi.errors import InputError, LuoshiError
from luoshi.ingest import after_writes
from luoshi.statement_filters import Selection
from luoshi.store.sql import SqlStore
from luoshi.track.board import compare_store, store_scoreboard
from luoshi.track.deadlines import parse_as_of
from luoshi.track.status import Status
from luoshi.track.stored_links import relink
from luoshi.track.tables import (
    COMPARE_COLUMNS,
    PREVIOUS_COLUMN,
    SCOREBOARD_COLUMNS,
    Cell,
    assessment_json,
    compare_json,
    compare_rows,
    scoreboard_rows,
    write_json,
    write_rows,
)
from luoshi.types import Kind, Statement


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


FormatOpt = Annotated[TableFormat, typer.Option("--format", "-f", help="table, json, csv or xlsx.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (needed for xlsx) instead of stdout.")
]
WideOpt = Annotated[bool, typer.Option("--wide", help=WIDE_HELP)]

# How each column gives way in a narrow window (terminal_tables.Column).
_SCOREBOARD_FIT = {
    "任务/指标": Column("任务/指标", 0),
    "状态": Column("状态", 1, cut_to=8),
    "目标值": Column("目标值", 2, justify="right"),
    "实绩值": Column("实绩值", 3, justify="right"),
    "单位": Column("单位", 4),
    "序号": Column("序号", 5, justify="right"),
    "完成率": Column("完成率", 6, justify="right"),
    "牵头单位": Column("牵头单位", 7, cut_to=12),
    "进展": Column("进展", 8, cut_to=16),
    "目标": Column("目标", 9, cut_to=20),
    "序时进度": Column("序时进度", 10),
    "完成时限": Column("完成时限", 5),
    "来源": Column("来源", 11, cut_to=20),
}
_COMPARE_FIT = {
    "地区": Column("地区", 0),
    "数值": Column("数值", 1),
    "原文": Column("原文", 2, cut_to=20),
    PREVIOUS_COLUMN: Column(PREVIOUS_COLUMN, 3),
    "来源": Column("来源", 4, cut_to=12),
    "代码": Column("代码", 5),
}

_STATUS_STYLE = {
    Status.MET: "green",
    Status.EXCEEDED: "bold green",
    Status.MISSED: "bold red",
    Status.AHEAD: "cyan",
    Status.ON_PACE: "cyan",
    Status.BEHIND: "yellow",
    Status.NO_DATA: "dim",
    Status.OVERDUE: "bold red",
    Status.DUE_SOON: "bold yellow",
}


def _check_output(fmt: TableFormat, output: Path | None) -> None:
    if fmt is TableFormat.xlsx and output is None:
        fail(InputError("--format xlsx", "Excel 表格只能写入文件；请加上 --output 文件名.xlsx"))
    if fmt is TableFormat.table and output is not None:
        fail(InputError("--output", "终端表格不写入文件；要写入文件，请用 --format csv、json 或 xlsx"))


def _written(write: Callable[[], None]) -> None:
    """Run a writer; an output path it cannot use is one line, exit 2."""
    try:
        write()
    except InputError as exc:
        fail(exc)


@app.command()
def status(
    region: Annotated[str | None, typer.Option(help="Only this region and the places in it (内蒙古).")] = None,
    period: Annotated[str | None, typer.Option(help="Only targets for this period (2025).")] = None,
    owner: Annotated[str | None, typer.Option(help="Only targets of this owner (商务厅 finds 自治区商务厅).")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Judge deadlines on this day (2025-07-01); default today in Beijing.")
    ] = None,
    due_within: Annotated[
        int | None,
        typer.Option("--due-within", min=0, help="临期: a deadline at most this many days ahead (default 30)."),
    ] = None,
    fmt: FormatOpt = TableFormat.table,
    output: OutputOpt = None,
    wide: WideOpt = False,
    db: Db = None,
) -> None:
    """Scoreboard: each target with its latest outcome, 序时进度, 完成时限 and
    status (逾期未完成 past its deadline, 临期 near it)."""
    _check_output(fmt, output)
    try:
        sel = Selection.build(None, None, region, period)
        day = parse_as_of(as_of) if as_of is not None else None
    except LuoshiError as exc:
        fail(exc)
    with store_at(db) as store:
        board = store_scoreboard(store, sel.region, sel.period, as_of=day, due_within=due_within)
        assigned = Accounts(store).assigned_owners() if isinstance(store, SqlStore) else {}

    # The owner an admin assigned on the web (under the key of any statement
    # of the target), else the one its documents name.
    owner_by_target = {a.target: a.owner(assigned) for a in board}

    def owner_of(target: Statement) -> str | None:
        return owner_by_target.get(target, target.owner)

    if owner:
        board = [a for a in board if owner in (owner_of(a.target) or "")]
    if fmt is TableFormat.json:
        data = [{**assessment_json(a), "owner": owner_of(a.target)} for a in board]
        _written(lambda: write_json(data, output or sys.stdout))
    elif fmt is TableFormat.table:
        rows = scoreboard_rows(board, owner_of)
        if sel.region:  # the title names it; a place within keeps its name
            for row in rows:
                row["任务/指标"] = str(row["任务/指标"]).removeprefix(f"{sel.region} ")
        title = f"目标完成情况（{sel.region or '全部地区'}{'，' + sel.period if sel.period else ''}）"
        _print_table(title, [_SCOREBOARD_FIT[c] for c in SCOREBOARD_COLUMNS], rows, wide, [a.status for a in board])
    else:
        rows = scoreboard_rows(board, owner_of)
        _written(lambda: write_rows(rows, SCOREBOARD_COLUMNS, fmt.value, output or sys.stdout))
    counts = Counter(a.status.word for a in board)
    summary = "，".join(f"{word} {n}" for word, n in counts.most_common())
    err.print(f"luoshi: {len(board)} 项目标" + (f"：{summary}" if summary else ""), highlight=False)


@app.command("relink")
def relink_cmd(db: Db = None) -> None:
    """Rebuild every stored link and status from the statements (after the
    extractor or the rules changed, or a bulk load); documents arriving
    keep them current without it."""
    with store_at(db) as store:
        if not isinstance(store, SqlStore):
            fail(LuoshiError(f"{store.url}: 这个存储不保存关联"))
        with progress_bar("关联", True) as progress:
            task = progress.add_task("relink", total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            after_writes(store)  # the partitions are then read a few row groups each
            done = relink(store, advance)
    err.print(
        f"luoshi: 已重建 {done.partitions} 个分区的关联：{done.statements} 条记录，{done.targets} 条目标。",
        highlight=False,
    )


@app.command("compare")
def compare_cmd(
    indicator: Annotated[str, typer.Option(help="Indicator id (gdp_growth) or name.")],
    kind: Annotated[str, typer.Option(help="target or actual.")],
    period: Annotated[str, typer.Option(help="Period (2026, 2025).")],
    fmt: FormatOpt = TableFormat.table,
    output: OutputOpt = None,
    wide: WideOpt = False,
    db: Db = None,
) -> None:
    """One row per region: the 31-province table of one indicator."""
    _check_output(fmt, output)
    try:
        sel = Selection.build(indicator, kind, None, period)
    except LuoshiError as exc:
        fail(exc)
    if sel.kind not in (Kind.TARGET, Kind.ACTUAL):
        fail(InputError("--kind", f"compare 只比较 target（目标）或 actual（实绩），不比较“{kind}”"))
    with store_at(db) as store:
        found = compare_store(store, indicator, sel.kind, period)
    columns = (*COMPARE_COLUMNS, PREVIOUS_COLUMN) if sel.kind is Kind.TARGET else COMPARE_COLUMNS
    if fmt is TableFormat.json:
        _written(lambda: write_json(compare_json(found), output or sys.stdout))
    elif fmt is TableFormat.table:
        word = "目标" if sel.kind is Kind.TARGET else "实绩"
        title = f"{indicator} {period} {word}：各地区对比"
        _print_table(title, [_COMPARE_FIT[c] for c in columns], compare_rows(found, sel.kind), wide, None)
    else:
        rows = compare_rows(found, sel.kind)
        _written(lambda: write_rows(rows, columns, fmt.value, output or sys.stdout))
    reported = sum(1 for r in found if r.figures)
    err.print(f"luoshi: {len(found)} 个地区，{reported} 个有数据", highlight=False)


def _text(column: str, value: Cell) -> str:
    """A cell as the terminal shows it: 完成率 as a percentage, figures as written."""
    if value is None:
        return ""
    if column == "完成率" and isinstance(value, float):
        return f"{value:.1%}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _print_table(
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Cell]],
    wide: bool,
    statuses: Sequence[Status] | None,
) -> None:
    cells = []
    for i, row in enumerate(rows):
        line = [Text(_text(c.name, row.get(c.name))) for c in columns]
        if statuses:
            line[[c.name for c in columns].index("状态")].stylize(_STATUS_STYLE[statuses[i]])
        cells.append(line)
    quiet = [("dim" if s is Status.NO_DATA else None) for s in statuses] if statuses else None
    print_tables([fit_table(title, columns, cells, window_width(), wide, quiet)])
