"""Table rows as lines of text, shared by the Word and Excel loaders.

A row is one line, its cells separated by ``\\t``. A task table (任务分解表)
is one with a header cell that names who is responsible (牵头单位, 责任单位,
配合单位 …, the labels of owners.yaml): below that header each cell of such
a column is written with the header as its label (牵头单位：市发展改革委),
and a cell of several lines is joined into one, so that each row reads as
one task followed by its units and extraction's owner rules apply to it as
they do to prose. A cell merged down from the row above (one 牵头单位 for
several tasks) gives each row its units.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from luoshi.rules import load_yaml

_SPACE = re.compile(r"\s+")
_NOTE = re.compile(r"[（(][^（）()]*[）)]")  # 牵头单位（部门）
_ENDS = frozenset("。；;！？!?，,、：:")
_LABEL_SLACK = 4  # characters a header may add to its label (责任单位及责任人)


@dataclass(frozen=True, slots=True)
class Cell:
    column: int  # grid column, merged cells counted once at their first
    lines: tuple[str, ...]
    from_above: bool = False  # merged down from the cell above


@cache
def _labels() -> tuple[str, ...]:
    labels = load_yaml("owners.yaml")["labels"]
    return tuple(sorted((w for words in labels.values() for w in words), key=len, reverse=True))


def owner_label(header: str) -> str | None:
    """The responsibility label a column header names (牵头单位（部门） → 牵头单位)."""
    text = _NOTE.sub("", _SPACE.sub("", header))
    for label in _labels():
        if text.startswith(label) and len(text) <= len(label) + _LABEL_SLACK:
            return label
    return None


def one_line(lines: Iterable[str]) -> str:
    """Lines of one cell as one line: a line that does not end a clause is
    followed by ；, so that two tasks of a cell stay two clauses."""
    out = ""
    for line in (line.strip() for line in lines):
        if line:
            out += ("；" if out and out[-1] not in _ENDS else "") + line
    return out


def row_lines(rows: Iterable[Sequence[Cell]], joined: bool = False) -> Iterator[str]:
    """One line per row (a plain table's cell keeps its lines apart unless
    ``joined``); from a header naming owner columns on, rows are task rows."""
    labels: dict[int, str] = {}
    above: dict[int, str] = {}  # each owner column's value in the row above
    for cells in rows:
        if labels:
            yield "\t".join(_task_cell(cell, labels, above) for cell in cells)
            continue
        found = {cell.column: label for cell in cells if (label := owner_label("".join(cell.lines)))}
        labels.update(found)
        yield "\t".join(one_line(c.lines) if joined else "\n".join(c.lines) for c in cells)


def _task_cell(cell: Cell, labels: dict[int, str], above: dict[int, str]) -> str:
    label = labels.get(cell.column)
    if label is None:
        return one_line(cell.lines)
    value = "、".join(line.strip() for line in cell.lines if line.strip())
    if not value and cell.from_above:
        value = above.get(cell.column, "")
    above[cell.column] = value
    return f"{label}：{value}" if value else ""
