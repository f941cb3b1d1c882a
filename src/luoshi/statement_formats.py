"""Statements in the formats people and tools read: JSONL and CSV in the
contract's fields, and a Rich table for people. Writers take any text
stream; nothing here prints on its own."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO

from rich.console import Group
from rich.table import Table

from luoshi.spreadsheet_cells import inert_cell
from luoshi.types import Statement

CSV_FIELDS = (
    "doc", "start", "end", "quote", "region", "region_code", "indicator", "indicator_name", "kind",
    "period", "measure", "value", "value_high", "unit", "base_value", "base_unit", "qualifier",
    "value_text", "owner", "co_owners", "event_type", "parties",
)  # fmt: skip
_JOINED = ("co_owners", "parties")  # lists a CSV cell holds joined by 、

KIND_LABELS = {"actual": "实际", "target": "目标", "event": "事件"}


def write_jsonl(statements: Iterable[Statement], out: IO[str]) -> int:
    """One JSON object a line; returns how many were written."""
    n = 0
    for s in statements:
        out.write(json.dumps(s.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(statements: Iterable[Statement], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for s in statements:
        row = s.to_dict()
        for key in _JOINED:
            row[key] = "、".join(row.get(key) or ())
        writer.writerow({key: inert_cell(value) for key, value in row.items()})
        n += 1
    return n


def _number(v: float | None) -> str:
    if v is None:
        return ""
    return f"{v:g}" if abs(v) < 1e15 else f"{v:.6g}"


def figure_text(s: Statement) -> str:
    """'1.3亿吨', '4.5–5%', '近6万列' — the value as a person reads it."""
    if s.value is None:
        return "、".join(s.parties)
    value = _number(s.value)
    if s.value_high is not None:
        value = f"{value}–{_number(s.value_high)}"
    return f"{value}{s.unit or ''}"


def _event_text(s: Statement) -> str:
    """'agreement：兴安农垦集团、华瑞面业公司' — an event and who took part, folded in
    the wide column rather than the figure's."""
    return "：".join(filter(None, (s.event_type, "、".join(s.parties))))


def owners_text(s: Statement) -> str:
    """'市发展改革委；市统计局、市商务局': the owner, then the co-owners."""
    return "；".join(filter(None, (s.owner, "、".join(s.co_owners))))


def tables(statements: Iterable[Statement]) -> Group:
    """One terminal table per document: kind, period, region, indicator,
    the figure as written, owners, and the evidence sentence."""
    by_doc: dict[str, list[Statement]] = {}
    for s in statements:
        by_doc.setdefault(s.doc, []).append(s)
    return Group(*(_doc_table(doc, rows) for doc, rows in by_doc.items()))


def _doc_table(doc: str, rows: list[Statement]) -> Table:
    t = Table(title=f"{doc}（{len(rows)} 条）", title_justify="left", expand=True, pad_edge=False)
    t.add_column("类型", no_wrap=True)
    t.add_column("时期", no_wrap=True)
    t.add_column("地区", no_wrap=True)
    t.add_column("指标", overflow="fold", ratio=2)
    t.add_column("数值", justify="right", overflow="fold", min_width=10, max_width=12)
    with_owner = any(s.owner for s in rows)
    if with_owner:
        t.add_column("责任单位", overflow="fold", ratio=1)
    t.add_column("原文", overflow="fold", ratio=3)
    for s in rows:
        kind = s.kind.value
        cells = [
            KIND_LABELS.get(kind, kind),
            s.period,
            s.region,
            s.indicator_name or _event_text(s),
            s.value_text or ("" if s.value is None else figure_text(s)),
        ]
        if with_owner:
            cells.append(owners_text(s))
        t.add_row(*cells, s.quote)
    return t
