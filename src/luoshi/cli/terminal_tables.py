"""Tables for people at a terminal: one line a row, fitted to the window.

A table folded into an 80-column window used to give each cell a column
two characters wide. Here every row stays on one line: columns a table
cannot do without (an indicator's name, a figure, a status) are shown whole,
long text (a quote, a source) is cut with an ellipsis to the room left, and
the columns that fit least well are left out, in an order each table gives.
``wide`` shows every column and every cell whole, on lines as long as they
need (for a pager: ``less -S``), as does a table written to a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from rich import box
from rich.cells import cell_len
from rich.console import Console, JustifyMethod
from rich.table import Table
from rich.text import Text

_FLOOR = 10  # a cut cell narrower than this says too little to be worth its column
WIDE_HELP = "Every column, every cell whole (long lines; for a wide window or less -S)."


@dataclass(frozen=True)
class Column:
    """A column and how it gives way in a narrow window: ``keep`` orders the
    columns by how long they stay (0 first); ``cut_to`` is the narrowest its
    cells may be cut to, or None when they are always shown whole."""

    name: str
    keep: int = 0
    cut_to: int | None = None
    justify: JustifyMethod = "left"


@dataclass(frozen=True)
class FittedTable:
    title: str
    table: Table
    width: int  # the columns its lines may take


Cell = str | Text


def fit_table(
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    width: int,
    wide: bool = False,
    row_styles: Sequence[str | None] | None = None,
) -> FittedTable:
    """``rows`` (a cell for each of ``columns``) as a table at most ``width``
    columns wide, or, when ``wide``, as wide as its longest cells."""
    texts = [[_one_line(cell) for cell in row] for row in rows]
    natural = [max([cell_len(c.name), *(t.cell_len for t in (row[i] for row in texts))]) for i, c in enumerate(columns)]
    if wide:
        shown = {i: natural[i] for i in range(len(columns))}
    else:
        shown = _fit(columns, natural, width)
    used = sum(shown.values()) + _overhead(len(shown))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    for i, c in enumerate(columns):
        if i in shown:
            table.add_column(c.name, justify=c.justify, width=shown[i], no_wrap=True, overflow="ellipsis")
    for n, row in enumerate(texts):
        style = row_styles[n] if row_styles else None
        table.add_row(*(cell for i, cell in enumerate(row) if i in shown), style=style)
    return FittedTable(title, table, max(used, cell_len(title)) if wide else width)


def window_width() -> int:
    """The terminal's width ($COLUMNS when set; 80 when output is not a terminal)."""
    return Console().width


def print_tables(tables: Sequence[FittedTable], file: IO[str] | None = None) -> None:
    """Print fitted tables, each on lines as long as it was fitted to."""
    width = max((t.width for t in tables), default=80)
    console = Console(file=file, width=width)
    for t in tables:
        # The title on a line of its own, so it never widens or wraps the table.
        console.print(Text(t.title, no_wrap=True, overflow="ellipsis"), crop=True)
        console.print(t.table)


def _one_line(cell: Cell) -> Text:
    """A cell on one line: line breaks and tabs in a quote become spaces."""
    if isinstance(cell, Text):
        return cell
    return Text(" ".join(cell.split()) if any(ch in cell for ch in "\n\r\t") else cell)


def _overhead(n: int) -> int:
    """The gaps between ``n`` columns: a space of padding and a space of separator."""
    return max(2 * n - 2, 0)


def _fit(columns: Sequence[Column], natural: list[int], width: int) -> dict[int, int]:
    """Column index → width: columns taken in ``keep`` order while their
    narrowest width fits, then the room left shared among the cut ones."""
    least = [n if c.cut_to is None else min(n, c.cut_to) for c, n in zip(columns, natural, strict=True)]
    shown: dict[int, int] = {}
    used = 0
    for i in sorted(range(len(columns)), key=lambda i: (columns[i].keep, i)):
        gap = _overhead(2) if shown else 0
        room = width - used - gap
        if least[i] <= room:
            shown[i] = least[i]
            used += gap + least[i]
        elif columns[i].cut_to is not None and room >= min(least[i], _FLOOR):
            shown[i] = room  # a little less than it asks for beats leaving it out
            used = width
        elif not shown:  # even the first column is wider than the window: cut it
            shown[i] = max(width, 1)
            used = width
    spare = width - used
    growing = [i for i in shown if shown[i] < natural[i]]
    while spare > 0 and growing:
        share = max(spare // len(growing), 1)
        for i in list(growing):
            add = min(share, natural[i] - shown[i], spare)
            shown[i] += add
            spare -= add
            if shown[i] >= natural[i]:
                growing.remove(i)
            if spare == 0:
                break
    return shown
