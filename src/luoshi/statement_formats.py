"""Statements in the formats tools and people read: JSONL and CSV in the
contract's fields, and the words a table shows (the figure as written, the
owners, the kind in Chinese). Writers take any text stream; nothing here
prints on its own."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO

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


def event_text(s: Statement) -> str:
    """'agreement：兴安农垦集团、华瑞面业公司' — an event and who took part, shown
    where an indicator's name would be rather than beside the figures."""
    return "：".join(filter(None, (s.event_type, "、".join(s.parties))))


def owners_text(s: Statement) -> str:
    """'市发展改革委；市统计局、市商务局': the owner, then the co-owners."""
    return "；".join(filter(None, (s.owner, "、".join(s.co_owners))))
