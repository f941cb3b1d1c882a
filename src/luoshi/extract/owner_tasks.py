"""Task assignments and the text each one owns.

The forms: labelled units (牵头单位：市发展改革委；责任单位：市统计局), on the
task's line, on lines of their own below it, or as cells of a task table's
row; a parenthesis closing a task (（市发改委牵头，市统计局配合）, （市发改委）);
由市交通运输局负责(，赤峰国际陆港公司配合); a paragraph headed by its lead unit
(（一）自治区商务厅牵头任务。…).

An assignment owns its task, not the whole paragraph: an inline one owns
the text back to the previous assignment of its paragraph (a paragraph may
list tasks of different owners); label lines of their own own the task
paragraph above them; a table cell owns its row; 由…负责 owns its sentence
as well, since the task may follow it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from luoshi.extract.owner_words import Lexicon, OwnerScope, chunk_units, label_units, ordered, parenthesis_units
from luoshi.extract.structure import Structure
from luoshi.extract.text_tables import rows

_MARKER = re.compile(r"[\s\d.．、,，;；:：()（）一二三四五六七八九十①-⑳]*")
_CLOSERS = frozenset("。；;，,、\n\t）)")
_LONGEST_LABEL = 12  # characters before a colon that may hold a label and its spaces
# Each opens with a literal: a character class to open would make the scan
# of the whole text ten times slower.
_PARENS = tuple(re.compile(rf"{o}(?P<body>[^（）()\n]{{2,80}})[）)]") for o in ("（", r"\("))
_LED = (re.compile("牵头"), re.compile("负责"))


@dataclass(frozen=True, slots=True)
class _Assignment:
    start: int
    end: int
    units: tuple[str, ...]
    to_sentence_end: bool = False  # 由…负责: the sentence goes on to the task


@dataclass(frozen=True, slots=True)
class _Label:
    start: int
    end: int
    label: str
    value: str


def task_scopes(text: str, structure: Structure, lex: Lexicon, colons: Sequence[int]) -> Iterator[OwnerScope]:
    """What each task assignment of ``text`` owns; ``colons`` are the
    positions of its colons."""
    yield from _led_sections(text, structure, lex)
    yield from _table_rows(text, lex)
    previous_end = 0
    for a in _assignments(text, lex, colons):
        scope = _scope(text, structure, lex, a, previous_end)
        if scope is not None:
            yield scope
        previous_end = a.end


def _scope(text: str, structure: Structure, lex: Lexicon, a: _Assignment, previous_end: int) -> OwnerScope | None:
    """What one assignment owns: its table row; the rest of a paragraph it
    opens; the task above lines of its own; or, inline, its task back to the
    previous assignment's end."""
    row_start, row_end = text.rfind("\n", 0, a.start) + 1, _line_end(text, a.end)
    if _is_cell(text[row_start : a.start], text[a.end : row_end]):
        return OwnerScope(row_start, row_end, a.units)
    para_start = structure.paragraph(a.start)[0]
    para_end = structure.paragraph(max(a.end - 1, a.start))[1]
    if _MARKER.fullmatch(text, para_start, a.start):
        if text[a.end : para_end].strip(" \t\u3000。；;，,）)"):
            return OwnerScope(a.end, para_end, a.units)  # it heads the task that follows
        task = _task_above(text, structure, para_start, lex)
        return None if task is None else OwnerScope(task, a.start, a.units)
    end = structure.sentence_end(a.end) if a.to_sentence_end else a.end
    return OwnerScope(max(para_start, previous_end), max(end, a.end), a.units)


def _assignments(text: str, lex: Lexicon, colons: Sequence[int]) -> list[_Assignment]:
    found = [a for a in _label_blocks(text, lex, colons) if a.units]
    found.extend(_parentheses(text, lex))
    found.extend(_by_unit(text, lex, [(a.start, a.end) for a in found]))
    found.sort(key=lambda a: a.start)
    return found


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _is_cell(before: str, after: str) -> bool:
    """A label block that fills a tab-delimited cell of a table row (a line:
    the rows of a table are lines, whatever paragraphs layout made of them)."""
    opens = not before or before[-1] == "\t"
    closes = not after or after[0] == "\t"
    return opens and closes and "\t" in before + after


def _task_above(text: str, structure: Structure, para_start: int, lex: Lexicon) -> int | None:
    """Start of the task paragraph above a block of label lines, passing
    over other label lines (牵头负责领导：…) and blank lines."""
    i = structure.paragraph_index(para_start) - 1
    while i >= 0:
        s, e = structure.para_starts[i], structure.para_ends[i]
        line = text[s:e]
        if line.strip() and not lex.companion.match(line) and not lex.label.match(line.lstrip()):
            return s
        i -= 1
    return None


# -- labelled units ----------------------------------------------------------
def _label_blocks(text: str, lex: Lexicon, colons: Sequence[int]) -> Iterator[_Assignment]:
    """Runs of labels (one task's 牵头单位 and 责任单位), each one assignment;
    a parenthesis around the run belongs to it."""
    block: list[_Label] = []
    for label in _labels(text, lex, colons):
        if block and not _same_block(text[block[-1].end : label.start], lex):
            yield _label_assignment(text, block, lex)
            block = []
        block.append(label)
    if block:
        yield _label_assignment(text, block, lex)


def _labels(text: str, lex: Lexicon, colons: Sequence[int]) -> Iterator[_Label]:
    """Each 牵头单位：… with its value, found from the colons: they are few,
    and a scan for any of the labels would cost more than the rest."""
    for i in colons:
        head = lex.label_before.search(text, max(0, i - _LONGEST_LABEL), i)
        if head is None:
            continue
        value = lex.label_value.match(text, i + 1)
        if value is not None:  # always: it matches the empty string too
            yield _Label(head.start(), value.end(), head["label"], value["value"])


def _same_block(gap: str, lex: Lexicon) -> bool:
    if not gap.strip(" \t\u3000；;，,。、\n"):
        return True
    lines = [line.strip(" \t\u3000；;，,。") for line in gap.split("\n")]
    return "\n" in gap and all(not line or lex.companion.match(line) for line in lines)


def _label_assignment(text: str, block: list[_Label], lex: Lexicon) -> _Assignment:
    start, end = block[0].start, block[-1].end
    opening = start - 1
    while opening >= 0 and text[opening] in " \u3000":
        opening -= 1
    if opening >= 0 and text[opening] in "（(":
        closing = end
        while closing < len(text) and text[closing] in " \u3000；;。":
            closing += 1
        if closing < len(text) and text[closing] in "）)":
            start, end = opening, closing + 1
    return _Assignment(start, end, label_units([(b.label, b.value) for b in block], lex))


# -- parentheses and 由…负责 ---------------------------------------------------
def _parentheses(text: str, lex: Lexicon) -> Iterator[_Assignment]:
    for m in sorted((m for p in _PARENS for m in p.finditer(text)), key=lambda m: m.start()):
        body = m["body"]
        if lex.label.search(body):
            continue  # a label block, read with its labels
        found = parenthesis_units(body, lex)
        if found is None:
            continue
        units, with_role = found
        if with_role or _closes_task(text, m.start(), m.end(), units, lex):
            yield _Assignment(m.start(), m.end(), units)


def _closes_task(text: str, start: int, end: int, units: tuple[str, ...], lex: Lexicon) -> bool:
    """A bare (市发改委) follows a task and ends it; right after the body's
    full name (自治区发展和改革委员会（自治区发改委）) it abbreviates it."""
    before = text[max(0, start - 24) : start]
    if lex.body.search(before) and any(_abbreviates(u, before) for u in units):
        return False
    if before.rstrip(" \u3000")[-1:] in ("。", "；", ";"):
        return True  # a parenthesis of its own after the task's last sentence
    return end == len(text) or text[end] in _CLOSERS or lex.companion.match(text, end) is not None


def _abbreviates(short: str, name: str) -> bool:
    """Every character of ``short`` occurs in ``name``, in order (发改委 in 发展和改革委员会)."""
    rest = iter(name)
    return all(c in rest for c in short)


def _by_unit(text: str, lex: Lexicon, taken: list[tuple[int, int]]) -> Iterator[_Assignment]:
    """由市交通运输局负责 (，市财政局配合)."""
    for m in lex.by.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        units = chunk_units(m["units"], lex, lex.named)
        if not units:
            continue
        found = [(lex.word_role[m["role"]], u) for u in units]
        end = m.end()
        after = lex.assisting_after.match(text, end)
        if after:
            more = chunk_units(after["units"], lex, lex.named)
            if more:
                found.extend((lex.word_role[after["role"]], u) for u in more)
                end = after.end()
        yield _Assignment(m.start(), end, ordered(found), to_sentence_end=True)


# -- paragraphs headed by their lead unit ---------------------------------------
def _led_sections(text: str, structure: Structure, lex: Lexicon) -> Iterator[OwnerScope]:
    """（一）自治区商务厅牵头任务。…: the rest of the paragraph, or, for a
    heading line alone, the paragraphs up to the next heading."""
    for word in _LED:
        for w in word.finditer(text):
            tail = lex.led_task.match(text, w.start())
            if tail is None:
                continue
            para_start, para_end = structure.paragraph(w.start())
            head = _MARKER.match(text, para_start, w.start())
            units = chunk_units(text[head.end() if head else para_start : w.start()], lex, lex.named)
            if not units:
                continue
            end = para_end
            if not text[tail.end() : para_end].strip(" \t\u3000。：:"):
                i = bisect_right(structure.headings, para_end)
                end = structure.headings[i] if i < len(structure.headings) else len(text)
            yield OwnerScope(tail.end(), end, tuple(units))


# -- tables written as text -----------------------------------------------------
def _table_rows(text: str, lex: Lexicon) -> Iterator[OwnerScope]:
    """A task table written as lines of cells (序号｜任务｜目标｜牵头单位｜责任单位):
    each row is owned by the units of its labelled columns."""
    for row in rows(text, lambda cells: any(c in lex.label_role for c in cells)):
        values = [
            (head, text[lo:hi]) for (lo, hi), head in zip(row.cells, row.header, strict=True) if head in lex.label_role
        ]
        units = label_units([(label, value) for label, value in values if value], lex)
        if units:
            yield OwnerScope(row.start, row.end, units)
