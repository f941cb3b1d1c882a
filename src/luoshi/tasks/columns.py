"""Which column of a task list holds what: its header row, read in the
usual Chinese variants (``rules/data/task_columns.yaml``), and the units of
a 牵头单位 or 责任单位 cell."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from luoshi.rules import load_yaml
from luoshi.tasks.grid import GridRow

PARTS = ("number", "task", "goal", "lead", "partners", "deadline")
WORDS = {
    "number": "序号",
    "task": "重点任务",
    "goal": "目标",
    "lead": "牵头单位",
    "partners": "责任单位",
    "deadline": "完成时限",
}
_NOTE = re.compile(r"[（(][^（）()]*[）)]")
# A header row is within the first rows of a sheet (below a title or two).
HEADER_WITHIN = 10


@dataclass(frozen=True)
class _Words:
    headers: dict[str, str]  # header as written, spaces removed → part
    lead_marks: tuple[str, ...]
    separators: re.Pattern[str]
    section: re.Pattern[str]


@cache
def _words() -> _Words:
    d = load_yaml("task_columns.yaml")
    headers = {str(alias).replace(" ", ""): part for part in PARTS for alias in d[part]}
    marks = tuple(sorted(map(str, d["lead_marks"]), key=len, reverse=True))
    separators = re.compile("[" + re.escape(str(d["unit_separators"])) + "]+")
    return _Words(headers, marks, separators, re.compile(str(d["section_pattern"])))


def part_of(header: str) -> str | None:
    """What a column header names (责任单位（牵头） → lead), or None."""
    words = _words()
    text = "".join(header.split())
    found = words.headers.get(text)
    if found is None:
        found = words.headers.get(_NOTE.sub("", text))
    return found


@dataclass(frozen=True)
class Columns:
    """The grid column of each part a header row names (first one wins)."""

    row: int  # the header's row number
    by_part: dict[str, int]
    headers: dict[int, str]  # every header cell as written

    def get(self, part: str) -> int | None:
        return self.by_part.get(part)

    @property
    def width(self) -> int:
        return max(self.headers) + 1


def header_of(row: GridRow) -> Columns | None:
    """The row's columns if it is a task list's header: it names a task (or
    its target) and who is responsible."""
    by_part: dict[str, int] = {}
    for col in sorted(row.cells):
        part = part_of(row.cells[col])
        if part is not None and part not in by_part:
            by_part[part] = col
    has_task = "task" in by_part or "goal" in by_part
    has_unit = "lead" in by_part or "partners" in by_part
    return Columns(row.number, by_part, dict(row.cells)) if has_task and has_unit else None


def is_section(row: GridRow) -> bool:
    """A row that heads a part of the list (一、扩大对外开放), or a note
    across the table, not a task."""
    if len(row.cells) != 1:
        return False
    ((col, text),) = row.cells.items()
    return row.spans.get(col, 1) > 1 or bool(_words().section.match(text))


def units(cell: str) -> list[str]:
    """The units of a cell, in order (自治区商务厅、自治区发展改革委)."""
    return [u for u in _words().separators.split(cell) if u.strip()]


def lead_marked(unit: str) -> str | None:
    """The unit without its lead mark, if it has one (自治区商务厅（牵头））."""
    for mark in _words().lead_marks:
        if unit.endswith(mark) and len(unit) > len(mark):
            return unit[: -len(mark)].strip()
    return None
