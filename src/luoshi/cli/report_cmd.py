"""``luoshi report``: the 通报 of a region and period as DOCX or PDF, kept in
the store so that the next one says what changed (``luoshi.bulletin``)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli.common import app, err, fail
from luoshi.cli.store_cmds import Db, store_at
from luoshi.errors import InputError, LuoshiError
from luoshi.statement_filters import Selection


class BulletinFormat(StrEnum):
    docx = "docx"
    pdf = "pdf"


def parse_day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(option, f"{text!r} 不是日期；请写成 2025-12-08") from None


@app.command()
def report(
    region: Annotated[str, typer.Option(help="The region reported on and the places in it (内蒙古自治区).")],
    period: Annotated[str, typer.Option(help="The period of the targets (2025).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write (.docx or .pdf).")],
    fmt: Annotated[BulletinFormat, typer.Option("--format", "-f", help="docx or pdf.")] = BulletinFormat.docx,
    owner: Annotated[
        str | None, typer.Option(help="One owner's 通报: the targets of an owner whose name holds this.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="Report as of this day (2025-12-08): documents known by then."),
    ] = None,
    issuer: Annotated[
        str | None, typer.Option(help="The issuing office in the masthead (default: REGION人民政府督查室).")
    ] = None,
    due_within: Annotated[
        int | None,
        typer.Option("--due-within", metavar="DAYS", min=0, help="临期: due within this many days (default 30)."),
    ] = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="Write it without keeping it: the next 通报 does not compare with it.")
    ] = False,
    db: Db = None,
) -> None:
    """通报: a red-headed 公文 (GB/T 9704) on the progress of a region's targets, as DOCX or PDF."""
    from luoshi.bulletin import issue, make_bulletin, write_bulletin  # its charts and fonts: only to write one
    from luoshi.bulletin.words import date_words

    try:
        sel = Selection.build(None, None, region, period)
        day = parse_day(as_of, "--as-of")
    except LuoshiError as exc:
        fail(exc)
    assert sel.region is not None
    with store_at(db) as store:
        try:
            bulletin = make_bulletin(store, sel.region, period, owner, day, issuer, due_within=due_within)
            write_bulletin(bulletin, fmt.value, output)
            kept = None if draft else issue(store, bulletin, "cli")
        except LuoshiError as exc:
            fail(exc)
    counts = "，".join(f"{word} {n}" for word, n in bulletin.counts())
    where = "（草稿，未保存）" if kept is None else f"（第{bulletin.number}期，已保存）"
    err.print(
        f"luoshi: 通报 {output}{where}：截至{date_words(bulletin.as_of)}，{len(bulletin.tasks)} 项任务"
        + (f"：{counts}" if counts else ""),
        highlight=False,
        soft_wrap=True,
    )
