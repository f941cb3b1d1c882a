"""``luoshi import-tasks``: an office's task list (任务分解表) into the
store as targets with owners and deadlines (``luoshi.tasks``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli.common import app, err, fail
from luoshi.cli.store_cmds import Db, store_at
from luoshi.errors import LuoshiError
from luoshi.tasks import read_tasks


@app.command("import-tasks")
def import_tasks(
    file: Annotated[
        Path,
        typer.Argument(help="Excel, Word or CSV task list: 序号, 重点任务, 目标, 牵头单位, 责任单位, 完成时限."),
    ],
    region: Annotated[
        str | None, typer.Option(help="The list's region (内蒙古自治区); by default named in its title or file name.")
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="The list's year (2025); by default the first year in its title or file name.")
    ] = None,
    db: Db = None,
) -> None:
    """A task list's rows as targets, each row its evidence: 牵头单位 the
    owner, 责任单位 the co-owners, 完成时限 the deadline; a task without a
    figure a commitment. A trusted import of type 任务分解表; any bad row and
    nothing is stored."""
    try:
        table = read_tasks(file, region=region, year=year)
    except LuoshiError as exc:
        fail(exc, 1)
    with store_at(db) as store:
        result = store.add_document(table.document, table.statements)
    if not result.added:
        err.print(f"luoshi: {file} 已导入过，未作改动", highlight=False, soft_wrap=True)
        return
    figures = len(table.statements) - table.commitments
    err.print(
        f"luoshi: 导入 {table.rows} 项任务（{file}，{table.document.region}，{table.document.title}）："
        f"{figures} 个数量目标，{table.commitments} 项无数量的工作任务；"
        f"{table.rows - table.without_deadline} 项有完成时限",
        highlight=False,
        soft_wrap=True,
    )
