"""Tables written as text: a header line of cells, rows of cells below it
(排名｜地区｜开复工项目（个）｜开复工率｜完成投资（亿元）).

A figure in a row is named by its column's header, counts in the header's
unit when the cell gives none (21 under 开复工项目（个）), and belongs to the
place the row names (锡林浩特市).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from luoshi.gazetteer import Gazetteer, Region
from luoshi.numbers import Quantity
from luoshi.numbers.numerals import parse_arabic
from luoshi.numbers.scanner import rules, split_unit
from luoshi.types import Qualifier

_SEPARATORS = ("｜", "|", "\t")
_HEADER_UNIT = re.compile(r"^(?P<name>.+?)\s*[（(](?P<unit>[^（）()]{1,6})[）)]$")
_BARE_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True, slots=True)
class Cell:
    """A figure's cell: its column's name, and the row's place if it names one."""

    start: int
    end: int
    name: str
    place: Region | None


def table_cells(text: str) -> tuple[list[Cell], list[Quantity]]:
    """The cells of every text table of ``text`` that hold a figure, and the
    figures of bare numbers whose unit only the header gives."""
    if not any(sep in text for sep in _SEPARATORS):
        return [], []
    cells: list[Cell] = []
    bare: list[Quantity] = []
    header: tuple[str, list[str]] | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        sep = next((s for s in _SEPARATORS if s in line), None)
        if sep is None:
            header = None
            continue
        parts = line.rstrip("\r\n").split(sep)
        if header is None or header[0] != sep or len(parts) != len(header[1]):
            header = (sep, [p.strip(" \u3000") for p in parts]) if not _has_figure(parts) else None
            continue
        _read_row(text, start, parts, sep, header[1], cells, bare)
    return cells, bare


def _has_figure(parts: list[str]) -> bool:
    return any(_BARE_NUMBER.search(p) for p in parts[1:])


def _read_row(
    text: str, start: int, parts: list[str], sep: str, names: list[str], cells: list[Cell], bare: list[Quantity]
) -> None:
    place = _place(parts)
    at = start
    for part, head in zip(parts, names, strict=True):
        lo = at + len(part) - len(part.lstrip(" \u3000"))
        hi = at + len(part.rstrip(" \u3000"))
        at += len(part) + len(sep)
        m = _HEADER_UNIT.match(head)
        name = m.group("name") if m else head
        if not _BARE_NUMBER.search(text, lo, hi) or not name:
            continue
        cells.append(Cell(lo, hi, name, place))
        number = _BARE_NUMBER.fullmatch(text, lo, hi)
        if number is not None and m is not None:
            bare.append(_quantity(lo, hi, parse_arabic(number.group()), m.group("unit")))


def _place(parts: list[str]) -> Region | None:
    gazetteer = Gazetteer.default()
    for part in parts:
        found = gazetteer.find(part.strip())
        if found and found[0][0] == 0 and found[0][1] == len(part.strip()):
            return found[0][2]
    return None


def _quantity(start: int, end: int, value: float, unit: str) -> Quantity:
    scale, stem = split_unit(unit)
    return Quantity(
        start=start,
        end=end,
        num_start=start,
        value=value,
        value_high=None,
        unit=unit,
        scale=scale,
        stem=stem,
        unit_class=rules().class_of(stem) or "count",
        qualifier=Qualifier.EXACT,
        chinese=False,
    )
