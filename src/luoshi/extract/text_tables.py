"""Tables written as text: a header line of cells, rows of cells below it
(排名｜地区｜开复工项目（个）｜开复工率｜完成投资（亿元）).

A figure in a row is named by its column's header, counts in the header's
unit when the cell gives none (21 under 开复工项目（个）), and belongs to the
place the row names (锡林浩特市).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from luoshi.gazetteer import Gazetteer, Region
from luoshi.numbers import Quantity
from luoshi.numbers.numerals import parse_arabic
from luoshi.numbers.scanner import rules, split_unit
from luoshi.types import Qualifier

_SEPARATORS = ("｜", "|", "\t")
_HEADER_UNIT = re.compile(r"^(?P<name>.+?)\s*[（(](?P<unit>[^（）()]{1,6})[）)]$")
_MIN_CELLS = 3
_HEADER_CELL_MAX = 24
_BARE_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True, slots=True)
class Cell:
    """A figure's cell: its column's name, and the row's place if it names one."""

    start: int
    end: int
    name: str
    place: Region | None


@dataclass(frozen=True, slots=True)
class Row:
    """A row of a text table: its span, its cells' spans, its header's cells."""

    start: int
    end: int
    cells: tuple[tuple[int, int], ...]
    header: tuple[str, ...]


def rows(text: str, is_header: Callable[[list[str]], bool] | None = None) -> Iterator[Row]:
    """Every row of the text tables of ``text``: lines of as many cells as
    the line above them that ``is_header`` takes for a header (by default,
    one holding no figure)."""
    is_header = is_header or _no_figure
    if not any(sep in text for sep in _SEPARATORS):
        return
    header: tuple[str, tuple[str, ...]] | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        sep = next((s for s in _SEPARATORS if s in line), None)
        if sep is None:
            header = None
            continue
        parts = line.rstrip("\r\n").split(sep)
        if header is None or header[0] != sep or len(parts) != len(header[1]):
            cells = [p.strip(" \u3000") for p in parts]
            # Three short cells at least: a tab indenting prose makes no table.
            table_like = len(cells) >= _MIN_CELLS and max(map(len, cells)) <= _HEADER_CELL_MAX
            header = (sep, tuple(cells)) if table_like and is_header(cells) else None
            continue
        yield Row(start, pos, tuple(_spans(start, parts, sep)), header[1])


def _spans(start: int, parts: list[str], sep: str) -> Iterator[tuple[int, int]]:
    at = start
    for part in parts:
        yield at + len(part) - len(part.lstrip(" \u3000")), at + len(part.rstrip(" \u3000"))
        at += len(part) + len(sep)


def table_cells(text: str) -> tuple[list[Cell], list[Quantity]]:
    """The cells of every text table of ``text`` that hold a figure, and the
    figures of bare numbers whose unit only the header gives."""
    cells: list[Cell] = []
    bare: list[Quantity] = []
    for row in rows(text):
        place = _place([text[lo:hi] for lo, hi in row.cells])
        for (lo, hi), head in zip(row.cells, row.header, strict=True):
            m = _HEADER_UNIT.match(head)
            name = m.group("name") if m else head
            if not name or not _BARE_NUMBER.search(text, lo, hi):
                continue
            cells.append(Cell(lo, hi, name, place))
            number = _BARE_NUMBER.fullmatch(text, lo, hi)
            if number is not None and m is not None:
                bare.append(_quantity(lo, hi, parse_arabic(number.group()), m.group("unit")))
    return cells, bare


def _no_figure(cells: list[str]) -> bool:
    return not any(_BARE_NUMBER.search(c) for c in cells[1:])


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
