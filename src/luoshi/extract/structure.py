"""Where things are in a document: paragraphs, sentences, clauses and the
report zones (review of the past year, goals for the coming one).

All positions are offsets into the untouched text; look-ups are bisections
over sorted lists built once per document.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

from luoshi.rules import load_yaml

_SENTENCE_END = frozenset("。！？!?\n")
_CLAUSE_END = re.compile(r"[。！？!?\n，,；;、：:]")  # the sentence ends and more
_PARAGRAPH = re.compile(r"[^\n]+")
_FINAL = set('。！？!?”"’：:；;…）)】')
# A line break and the whitespace after it; a literal first, so the scan is fast.
_LINE_BREAK = re.compile(r"\n\s*")
_INLINE_SPACE = " \t\u3000"
_PROSE_MARK = re.compile(r"[，。、；,;]")
_LABEL = re.compile(r"[^\s，。；、：:]{1,8}[：:]")
_CELLS = re.compile(r"[｜|\t]")  # cell separators of a table written as text
# What opens a new item even after a line that stops mid-sentence (完成时限：…底前 / 2.推进…).
_NEW_ITEM = re.compile(
    r"\s*(?:[0-9０-９]{1,2}[.．、](?![0-9０-９])|[（(][一二三四五六七八九十0-9０-９]+[)）]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+)"
)


class Zone(StrEnum):
    """Part of a report. NONE for documents without report structure."""

    NONE = "none"
    REVIEW_YEAR = "review_year"
    REVIEW_MULTI_YEAR = "review_multi_year"
    PLAN_MULTI_YEAR = "plan_multi_year"
    PLAN_YEAR = "plan_year"


@dataclass(frozen=True)
class _SectionRules:
    heading_max: int
    not_section: re.Pattern[str]
    headings: tuple[tuple[Zone, re.Pattern[str]], ...]
    plan_paragraph: re.Pattern[str]
    multi_year_open: re.Pattern[str]
    year_open: re.Pattern[str]
    plan_multi_year_open: re.Pattern[str]


@cache
def _section_rules() -> _SectionRules:
    data = load_yaml("sections.yaml")
    names = {"review": Zone.REVIEW_YEAR, "plan_multi_year": Zone.PLAN_MULTI_YEAR, "plan_year": Zone.PLAN_YEAR}
    headings = tuple(
        (names[key], re.compile(p)) for key in ("review", "plan_multi_year", "plan_year") for p in data["zones"][key]
    )
    return _SectionRules(
        heading_max=int(data["heading_max_chars"]),
        not_section=re.compile(data["not_section"], re.MULTILINE),
        headings=headings,
        plan_paragraph=re.compile(data["plan_paragraph"]),
        multi_year_open=re.compile(data["review_multi_year_open"]),
        year_open=re.compile(data["review_year_open"]),
        plan_multi_year_open=re.compile(data["plan_multi_year_open"]),
    )


class Structure:
    """Boundaries of one document's paragraphs, sentences and clauses."""

    def __init__(self, text: str) -> None:
        self.text = text
        paragraphs = _join_broken_lines(text, [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)])
        self.para_starts = [s for s, _ in paragraphs]
        self.para_ends = [e for _, e in paragraphs]
        soft = _soft_newlines(text)
        clause_ends = _bounds(_CLAUSE_END, text, soft)
        self.clause_starts = [0, *clause_ends]
        # Every sentence end ends a clause too: picked from those, not scanned for again.
        self.sentence_starts = [0, *(e for e in clause_ends if text[e - 1] in _SENTENCE_END)]
        limit = _section_rules().heading_max
        lines = [text[s:e].strip() for s, e in paragraphs]
        heads = [_is_heading(line, limit) for line in lines]
        self.zones = _zones(lines, heads, Zone.NONE)
        if Zone.NONE in self.zones and (Zone.PLAN_YEAR in self.zones or Zone.PLAN_MULTI_YEAR in self.zones):
            # A report whose review has no heading we know (一年接着一年干…):
            # everything before its plan looks back.
            self.zones = _zones(lines, heads, Zone.REVIEW_YEAR, self.zones)
        # A title (2026年政府工作报告) names the document and a date line dates it: neither is a section.
        not_section = _section_rules().not_section
        self.headings = [
            s for (s, e), head in zip(paragraphs, heads, strict=True) if head and not not_section.search(text, s, e)
        ]

    def paragraph(self, pos: int) -> tuple[int, int]:
        if not self.para_starts:
            return 0, len(self.text)
        i = bisect_right(self.para_starts, pos) - 1
        i = i if i > 0 else 0  # not max(): asked twice per figure, a call costs more than the bisection
        return self.para_starts[i], self.para_ends[i]

    def paragraph_index(self, pos: int) -> int:
        i = bisect_right(self.para_starts, pos) - 1
        return i if i > 0 else 0

    def sentence_start(self, pos: int) -> int:
        return self.sentence_starts[bisect_right(self.sentence_starts, pos) - 1]

    def sentence_end(self, pos: int) -> int:
        i = bisect_right(self.sentence_starts, pos)
        return self.sentence_starts[i] if i < len(self.sentence_starts) else len(self.text)

    def clause_start(self, pos: int) -> int:
        return self.clause_starts[bisect_right(self.clause_starts, pos) - 1]

    def previous_clause_start(self, pos: int) -> int:
        i = bisect_right(self.clause_starts, pos) - 2
        return self.clause_starts[i] if i >= 0 else 0

    def sentences_with(self, trigger: re.Pattern[str]) -> Iterator[tuple[int, int]]:
        """Bounds of each sentence that holds a match of ``trigger``, once:
        costly patterns then run on those sentences only."""
        done = -1
        for t in trigger.finditer(self.text):
            start = self.sentence_start(t.start())
            if start > done:
                done = start
                yield start, self.sentence_end(t.start())

    def heading_before(self, pos: int) -> int | None:
        """Start of the last heading line before ``pos``."""
        i = bisect_right(self.headings, pos) - 1
        return self.headings[i] if i >= 0 else None

    def zone(self, pos: int) -> Zone:
        return self.zones[self.paragraph_index(pos)] if self.zones else Zone.NONE


def _is_heading(line: str, limit: int) -> bool:
    return len(line) <= limit and "。" not in line and "，" not in line


@lru_cache(maxsize=4)
def soft_breaks(text: str) -> tuple[tuple[int, int], ...]:
    """Line breaks inside a sentence, put there by page layout or a copy
    (带动下，全区外贸进出口总值 / 2073.1亿元), as spans of whitespace: each
    follows a line of prose (its clauses marked) that stops short of its
    final mark. They end no sentence nor clause, unless either line opens
    a numbered item; a heading's line break stays an end."""
    limit = _section_rules().heading_max
    out = []
    for m in _LINE_BREAK.finditer(text):
        start = m.start()
        while start > 0 and text[start - 1] in _INLINE_SPACE:
            start -= 1
        if start == 0 or text[start - 1] in _FINAL or text[start - 1] == "\n":
            continue
        line = text[text.rfind("\n", 0, start) + 1 : start].strip()
        if _is_heading(line, limit) or not _PROSE_MARK.search(line):
            continue  # 关于印发《…方案》的通知: a title, however long
        if _NEW_ITEM.match(line) or _NEW_ITEM.match(text, m.end()):
            continue  # （一）巩固壮大实体经济根基，纵深推进产业强省建设: a heading, whatever its commas
        if m.end() == len(text) or _LABEL.match(line) or _LABEL.match(text, m.end()):
            continue  # 责任单位：区统计局，各街道: a field of its own, as is the next one
        if _CELLS.search(line):
            continue  # 1｜外贸进出口总值｜…｜市商务局: a table's row ends with its line
        out.append((start, m.end()))
    return tuple(out)


def _soft_newlines(text: str) -> set[int]:
    return {i for s, e in soft_breaks(text) for i in range(s, e) if text[i] == "\n"}


def _bounds(ends: re.Pattern[str], text: str, soft: set[int]) -> list[int]:
    if not soft:
        return [m.end() for m in ends.finditer(text)]
    return [m.end() for m in ends.finditer(text) if m.start() not in soft]


def _join_broken_lines(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a line that stops mid-sentence (加快发展新质 / 生产力。) to the
    next one: page layout broke it, the paragraph goes on."""
    out: list[tuple[int, int]] = []
    for s, e in lines:
        if out and _unfinished(text, *out[-1]):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _unfinished(text: str, s: int, e: int) -> bool:
    line = text[s:e].rstrip()
    return len(line) > _section_rules().heading_max and line[-1] not in _FINAL


def _zones(lines: list[str], heads: list[bool], zone: Zone, other: list[Zone] | None = None) -> list[Zone]:
    """Zone of each paragraph (its stripped ``lines``, ``heads`` telling the
    headings), from headings and opening phrases, starting in ``zone``. A
    document with no review heading and no goals paragraph is not a report:
    NONE throughout. ``other``: the zones read from another start, which
    this reading joins for good at the first paragraph where both agree."""
    r = _section_rules()
    zones: list[Zone] = []
    for i, line in enumerate(lines):
        if heads[i] and (z := _heading_zone(line, r)) is not None:
            zone = z
        elif zone in (Zone.REVIEW_YEAR, Zone.REVIEW_MULTI_YEAR, Zone.PLAN_MULTI_YEAR):
            zone = _opening_zone(line, zone, r)
        if zone is not Zone.PLAN_YEAR and r.plan_paragraph.search(line, 0, 60):
            zone = Zone.PLAN_YEAR
        zones.append(zone)
        if other is not None and other[i] is zone:
            return zones + other[i + 1 :]  # the zone is all the state there is: from here on both agree
    return zones


def _opening_zone(line: str, zone: Zone, r: _SectionRules) -> Zone:
    """A paragraph's opening words can move between looking back and ahead."""
    if r.multi_year_open.search(line):
        return Zone.REVIEW_MULTI_YEAR
    if zone is not Zone.PLAN_MULTI_YEAR and r.year_open.search(line):
        return Zone.REVIEW_YEAR
    if zone is Zone.REVIEW_MULTI_YEAR and r.plan_multi_year_open.search(line):
        return Zone.PLAN_MULTI_YEAR
    return zone


def _heading_zone(line: str, r: _SectionRules) -> Zone | None:
    for zone, pattern in r.headings:
        if pattern.search(line):
            if zone is Zone.REVIEW_YEAR and r.multi_year_open.search(line.lstrip("一二三四五六七八九十、")):
                return Zone.REVIEW_MULTI_YEAR
            return zone
    return None
