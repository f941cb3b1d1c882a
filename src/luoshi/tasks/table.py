"""A task list (任务分解表) read as targets, each row's evidence its row.

The stored text is the table, one row a line, its cells separated by tabs
(a cell's lines joined, a cell merged down repeated in each row it covers);
a sheet's title, if any, first. Each row's task and target cells are read
by the extractor: every figure of the list's year or later becomes a target
(a task list states goals, whatever its verbs), with the row's 牵头单位 as
owner, its 责任单位 as ``co_owners`` and its 完成时限 as ``deadline``. A row
without a figure (建立…机制) is a commitment: a target without a value,
span over its task, followed until an owner or an admin reports it done.

Any bad row — no task, no lead unit, a 完成时限 naming no day or a day
before the list's year — and nothing is read: every problem is named by
its row.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from luoshi.errors import FormatError, InputError
from luoshi.gazetteer import Gazetteer, Region
from luoshi.ingest import document_id, trusted
from luoshi.load.tables import one_line
from luoshi.source_types import SourceType
from luoshi.store import StoredDocument
from luoshi.tasks.columns import HEADER_WITHIN, WORDS, Columns, header_of, is_section, lead_marked, units
from luoshi.tasks.deadlines import Deadline, DeadlineError, parse_deadline
from luoshi.tasks.grid import Grid, GridRow, read_grids
from luoshi.track.commitments import COMMITMENT
from luoshi.track.periods import split
from luoshi.types import Document, Kind, Statement

LOADER = "tasks"
RULE = "tasks.import"  # every statement of a task list

# A commitment's indicator: its task's words, named as the text's own words
# are, so that no table or chart offers it as a catalogue indicator.
COMMITMENT_PREFIX = "other:"
_NAME_CHARS = 30  # of a commitment's task, in its name
_MAX_REPORTED = 50
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True)
class TaskTable:
    document: StoredDocument
    statements: list[Statement]
    rows: int  # task rows read
    commitments: int  # of them, rows without a figure
    without_deadline: int  # rows whose 完成时限 names no day (长期坚持, empty)


@dataclass(frozen=True)
class _Row:
    """A task row as read from the grid, before extraction."""

    cells: dict[int, str]
    lead: str
    partners: tuple[str, ...]
    deadline: Deadline


@dataclass(frozen=True)
class _Table:
    grid: Grid
    title: str
    columns: Columns
    rows: list[tuple[GridRow, _Row | None]]  # None: a section heading or a repeated header


def read_tasks(
    path: str | Path, *, region: str | None = None, year: int | None = None, title: str | None = None
) -> TaskTable:
    """Read a task list (.xlsx, .docx or .csv). ``region`` and ``year`` are
    the list's (内蒙古自治区, 2025): by default read from its title or file
    name. FormatError naming every bad row; nothing is returned then."""
    path = Path(path)
    source = str(path)
    grids = read_grids(path)
    found = [(grid, *_header(grid)) for grid in grids]
    tables = [(grid, top, columns) for grid, top, columns in found if columns is not None]
    if not tables:
        wanted = f"{WORDS['task']}（或任务内容、工作任务、目标）与{WORDS['lead']}（或责任单位）"
        raise FormatError(source, f"未找到任务表的表头：表头应有{wanted}等列")
    heading = title or next((t for _, t, _ in tables if t), "")
    place = _region(source, region, heading, path.stem)
    the_year = _year(source, year, heading, path.stem)
    read: list[_Table] = []
    errors: list[str] = []
    for grid, top, columns in tables:
        rows = []
        for row in grid.rows:
            if row.number <= columns.row:
                continue
            label = f"{grid.where}第{row.number}行"
            parsed, problems = _row(row, columns, the_year)
            if problems:
                errors.append(f"{label}：{'，'.join(problems)}")
            rows.append((row, parsed))
        read.append(_Table(grid, top, columns, rows))
    if errors:
        more = len(errors) - _MAX_REPORTED
        shown = "；".join(errors[:_MAX_REPORTED]) + (f"；另有 {more} 行有问题" if more > 0 else "")
        raise FormatError(source, f"{len(errors)} 行有问题，未导入任何任务：{shown}")
    if not any(parsed for table in read for _, parsed in table.rows):
        raise FormatError(source, "表中没有任务行")
    return _build(path, heading, place, the_year, read)


def _header(grid: Grid) -> tuple[str, Columns | None]:
    """The grid's title (the rows above its header) and its header's columns."""
    above: list[str] = []
    for row in grid.rows[:HEADER_WITHIN]:
        columns = header_of(row)
        if columns is not None:
            return "".join(above) or grid.caption, columns
        above.extend(one_line(t.splitlines()) for t in row.cells.values())
    return "", None


def _region(source: str, given: str | None, *texts: str) -> Region:
    gaz = Gazetteer.default()
    if given:
        found = gaz.by_name(given.strip())
        if found is None:
            raise InputError("--region", f"不认识的地区 {given!r}")
        return found
    for text in texts:
        mentions = gaz.find(text)
        if mentions:
            return mentions[0][2]
    raise FormatError(source, "无法判断任务表所属地区：标题和文件名中都没有地区名，请指定地区（--region）")


def _year(source: str, given: int | None, *texts: str) -> int:
    if given is not None:
        if not 1949 <= given <= 2100:
            raise InputError("--year", f"年度 {given} 不可用")
        return given
    for text in texts:
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    raise FormatError(source, "无法判断任务表的年度：标题和文件名中都没有年份，请指定年度（--year）")


def _row(row: GridRow, columns: Columns, year: int) -> tuple[_Row | None, list[str]]:
    """A grid row as a task row, or None for a heading; and its problems."""
    if is_section(row) or _repeats_header(row, columns):
        return None, []

    def cell(part: str) -> str:
        col = columns.get(part)
        return row.cells.get(col, "") if col is not None else ""

    problems = []
    if not cell("task").strip() and not cell("goal").strip():
        problems.append(f"缺少{WORDS['task']}")
    lead, partners = _units(cell("lead"), cell("partners"))
    if not lead:
        problems.append(f"缺少{WORDS['lead']}")
    deadline = Deadline(None, "")
    try:
        deadline = parse_deadline(cell("deadline"), year)
    except DeadlineError as exc:
        problems.append(str(exc))
    if deadline.due is not None and deadline.due.year < year:
        problems.append(f"完成时限「{deadline.words}」早于任务表的年度 {year}年")
    if problems:
        return None, problems
    return _Row(dict(row.cells), lead or "", partners, deadline), []


def _repeats_header(row: GridRow, columns: Columns) -> bool:
    """A header repeated where a table goes on to a new page."""
    return header_of(row) is not None and all(columns.headers.get(c) == t for c, t in row.cells.items())


def _units(lead_cell: str, partners_cell: str) -> tuple[str | None, tuple[str, ...]]:
    """(lead, the others): the 牵头单位 cell's first unit, else a 责任单位
    marked （牵头）, else the first 责任单位; every other unit named, once."""
    leads = [lead_marked(u) or u for u in units(lead_cell)]
    partners = units(partners_cell)
    marked = [m for u in partners if (m := lead_marked(u))]
    names = [lead_marked(u) or u for u in partners]
    if leads:
        lead = leads[0]
    elif marked:
        lead = marked[0]
    elif names:
        lead = names[0]
    else:
        return None, ()
    others: list[str] = []
    for unit in (*leads[1:], *names):
        if unit != lead and unit not in others:
            others.append(unit)
    return lead, tuple(others)


# -- the document and its statements ---------------------------------------------
def _build(path: Path, title: str, place: Region, year: int, tables: Sequence[_Table]) -> TaskTable:
    lines: list[str] = [title] if title else []
    placed: list[tuple[_Row, int, dict[int, int], Columns]] = []  # row, line start, cell starts
    offset = len(title) + 1 if title else 0
    for table in tables:
        head = [table.grid.where] if table.grid.where else []
        head.append(_line(table.columns.headers, table.columns.width)[0])
        for text in head:
            lines.append(text)
            offset += len(text) + 1
        for row, parsed in table.rows:
            # a section heading stays in the text, between the tasks it heads
            text, starts = _line(row.cells if parsed is None else parsed.cells, table.columns.width)
            if parsed is not None:
                placed.append((parsed, offset, starts, table.columns))
            lines.append(text)
            offset += len(text) + 1
    text = "\n".join(lines)
    statements: list[Statement] = []
    commitments = 0
    for parsed, line_start, starts, columns in placed:
        found = _row_statements(path.name, text, parsed, line_start, starts, columns, place, year)
        commitments += any(COMMITMENT in s.rules for s in found)
        statements += found
    doc = StoredDocument(
        id=document_id(text), name=path.name, text=text, source=str(path), title=title or path.stem,
        region=place.name, loader=LOADER,
    )  # fmt: skip
    without = sum(1 for parsed, *_ in placed if parsed.deadline.due is None)
    return TaskTable(trusted(doc, SourceType.TASK_LIST), statements, len(placed), commitments, without)


def _line(cells: dict[int, str], width: int) -> tuple[str, dict[int, int]]:
    """A row as one line of tab-separated cells, and where each cell starts in it."""
    parts: list[str] = []
    starts: dict[int, int] = {}
    at = 0
    for col in range(max(width, max(cells, default=-1) + 1)):
        value = one_line(cells.get(col, "").splitlines()).replace("\t", " ")
        starts[col] = at
        parts.append(value)
        at += len(value) + 1
    return "\t".join(parts), starts


def _row_statements(
    name: str, text: str, row: _Row, line_start: int, starts: dict[int, int], columns: Columns,
    place: Region, year: int,
) -> list[Statement]:  # fmt: skip
    """The targets of one row: its figures, else one commitment."""
    spans = []
    for part in ("task", "goal"):
        col = columns.get(part)
        if col is not None and row.cells.get(col, "").strip():
            begin = line_start + starts[col]
            spans.append((begin, begin + len(one_line(row.cells[col].splitlines()))))
    lo, hi = min(s for s, _ in spans), max(e for _, e in spans)
    deadline = row.deadline.due.isoformat() if row.deadline.due else None
    owned = {"owner": row.lead, "co_owners": row.partners, "deadline": deadline}
    figures = _figures(name, text, lo, hi, place, year)
    if figures:
        # a goal, though its cell reads like an outcome (预计…): never preliminary
        targets = {"kind": Kind.TARGET, "preliminary": False, **owned}
        return [dataclasses.replace(s, rules=(*s.rules, RULE), **targets) for s in figures]  # type: ignore[arg-type]
    quote = text[lo:hi]
    words = "，".join("".join(cell.split()) for cell in quote.split("\t") if cell.strip())
    shown = words if len(words) <= _NAME_CHARS else words[: _NAME_CHARS - 1] + "…"
    return [
        Statement(
            doc=name, start=lo, end=hi, quote=quote, kind=Kind.TARGET, period=str(year), region=place.name,
            region_code=place.code, indicator=COMMITMENT_PREFIX + words, indicator_name=shown,
            rules=(RULE, COMMITMENT), **owned,  # type: ignore[arg-type]
        )
    ]  # fmt: skip


def _figures(name: str, text: str, lo: int, hi: int, place: Region, year: int) -> list[Statement]:
    """The figures a row states as goals: of the list's year or later, not a
    numeral naming a programme (六个倍增计划), spans moved into the table."""
    from luoshi.extract import extract_document  # on first use: the web server imports the package for its suffixes

    cell = Document(name=name, text=text[lo:hi], region=place.name, published=date(year, 1, 1))
    out = []
    for s in extract_document(cell):
        if s.kind is Kind.EVENT or s.value is None or s.in_name:
            continue
        last = split(s.period)[0][-4:]  # of a span (2021-2025), its last year
        if not last.isdigit() or int(last) < year:
            continue  # last year's figure, said as the ground the task builds on
        moved = dataclasses.replace(
            s, start=s.start + lo, end=s.end + lo, repeats=tuple((a + lo, b + lo) for a, b in s.repeats)
        )
        out.append(_one_cell(moved))
    return out


def _one_cell(s: Statement) -> Statement:
    """A quote running over the task cell into the target cell, narrowed to
    the cell of the figure where that cell names the indicator too
    (全年实现口岸货运量1.3亿吨, not the task's words before it)."""
    if "\t" not in s.quote or not s.value_text or not s.indicator_name:
        return s
    at = s.quote.find(s.value_text)
    if at < 0:
        return s
    lo = s.quote.rfind("\t", 0, at) + 1
    hi = s.quote.find("\t", at)
    hi = len(s.quote) if hi < 0 else hi
    cell = s.quote[lo:hi]
    if s.indicator_name not in cell:
        return s
    return dataclasses.replace(s, start=s.start + lo, end=s.start + hi, quote=cell)
