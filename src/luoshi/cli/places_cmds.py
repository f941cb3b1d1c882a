"""``luoshi places`` and ``luoshi events``: the registry of leagues, cities,
ports and partners, and the events read from the store's statements."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer

from luoshi.cli.common import app, fail
from luoshi.cli.store_cmds import Db, store_at
from luoshi.cli.terminal_tables import WIDE_HELP, Column, fit_table, print_tables, window_width
from luoshi.errors import InputError
from luoshi.places import Place, PlaceKind, Registry
from luoshi.places.events import Event
from luoshi.places.reading import EventQuery, organisations, read_events
from luoshi.places.registry import PORT_TYPES

KIND_LABELS = {"league": "盟市", "city": "计划单列市", "port": "口岸", "partner": "合作方", "org": "机构"}
EVENT_LABELS = {"visit": "考察访问", "agreement": "签署协议", "contract": "项目签约", "forum": "论坛展会",
                "promotion": "推介招商"}  # fmt: skip


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="table, json or jsonl.")]
Wide = Annotated[bool, typer.Option("--wide", help=WIDE_HELP)]

_PLACE_COLUMNS = (
    Column("编号", keep=0), Column("类别", keep=1), Column("名称", keep=0), Column("代码", keep=2),
    Column("所属", keep=3), Column("说明", keep=4, cut_to=12), Column("别名", keep=5, cut_to=10),
)  # fmt: skip
_EVENT_COLUMNS = (
    Column("日期", keep=0), Column("类型", keep=1), Column("各方", keep=0, cut_to=16), Column("地点", keep=2),
    Column("金额/项目", keep=3), Column("来源", keep=4), Column("原文", keep=5, cut_to=16),
)  # fmt: skip


@app.command()
def places(
    kind: Annotated[
        PlaceKind | None,
        typer.Option("--kind", help="league, city, port, partner, or org (organisations named in the store's events)."),
    ] = None,
    fmt: FormatOption = Format.table,
    wide: Wide = False,
    db: Db = None,
) -> None:
    """The registry: leagues and cities (12+2), ports, partners; organisations with --kind org."""
    if kind is PlaceKind.ORG:
        with store_at(db) as store:
            found = organisations(read_events(store))
    else:
        registry = Registry.default()
        found = list(registry) if kind is None else registry.of_kind(kind)
    if fmt is not Format.table:
        _emit([p.to_dict() for p in found], fmt)
        return
    title = f"{KIND_LABELS[kind.value] if kind else '地点与合作方'}（{len(found)} 个）"
    print_tables([fit_table(title, _PLACE_COLUMNS, [_place_cells(p) for p in found], window_width(), wide)])


def _place_cells(p: Place) -> list[str]:
    facts = [PORT_TYPES.get(v, v) for k, v in p.facts if k in ("type", "facing_country", "counterpart_port")]
    within = Registry.default().get(p.within) if p.within else None
    name = within.name if within is not None else p.within or ""
    return [p.id, KIND_LABELS[p.kind.value], p.name, p.code or "", name, "，".join([*facts, *p.status]),
            "、".join(p.aliases)]  # fmt: skip


@app.command()
def events(
    region: Annotated[
        str | None, typer.Option("--region", help="A place: 兴安盟, league:152200, 152200, port:ceke.")
    ] = None,
    partner: Annotated[
        str | None, typer.Option("--partner", help="A partner or organisation: 山东, partner:370000.")
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", help="The date's beginning: 2025, 2025-02, 2025-02-07.")
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="visit, agreement, contract, forum or promotion.")] = None,
    fmt: FormatOption = Format.table,
    wide: Wide = False,
    db: Db = None,
) -> None:
    """Events (visits, signings, forums, promotions), each once with every document that tells it."""
    if kind is not None and kind not in EVENT_LABELS:
        fail(InputError("--kind", f"没有这种事件：{kind}；可选 {', '.join(EVENT_LABELS)}"))
    with store_at(db) as store:
        try:
            found = read_events(store, EventQuery(region, partner, period, kind))
        except InputError as exc:
            fail(exc)
    if fmt is not Format.table:
        _emit([e.to_dict() for e in found], fmt)
        return
    if not found:
        typer.echo("没有符合条件的事件。", err=True)
        return
    print_tables([fit_table(f"事件（{len(found)} 件）", _EVENT_COLUMNS, _event_rows(found), window_width(), wide)])


def _event_rows(found: Iterable[Event]) -> list[list[str]]:
    return [
        [e.date, EVENT_LABELS.get(e.kind, e.kind), "、".join(p.name for p in e.parties),
         e.place.name if e.place else "", "；".join(f"{f.value:g}{f.unit}" for f in e.figures),
         "、".join(s.doc for s in e.sources), e.sources[0].quote]
        for e in found
    ]  # fmt: skip


def _emit(rows: Sequence[dict[str, Any]], fmt: Format) -> None:
    if fmt is Format.jsonl:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    json.dump(list(rows), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
