"""Which period a figure refers to, and the year a document speaks from.

Explicit years (2024年) and relative ones (今年, 去年) are read from the
sentence, then the paragraph; the zone of a report supplies the rest.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache

from luoshi.extract.structure import Structure, Zone
from luoshi.rules import load_yaml
from luoshi.types import Kind

_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?:年|(?=[-—至到]))")
_FIVE_YEARS = re.compile(r"五年|十四五|十五五|年均(?=增|下降|降低|提高)")
_OPENING_PART = re.compile(
    r"^(?:(?:19|20)\d{2}年)?(?:(?:1|一)?[-—至到～~](1[0-2]|[2-9])月(?:份)?|([一二三四])季度|(上|下)半年|前三季度|"
    r"([1-9]|1[0-2])月份?)[，,：:]?$"
)
_PART = re.compile(r"(?:1|一)?[-—至到～~](1[0-2]|[2-9])月|([一二三四])季度|(上|下)半年|前三季度|([1-9]|1[0-2])月份")


@dataclass(frozen=True)
class _Cues:
    relative: dict[str, int]
    relative_re: re.Pattern[str]
    baseline_before: tuple[str, ...]
    multi_year: re.Pattern[str]
    baseline_from: re.Pattern[str]
    baseline_to: re.Pattern[str]


@cache
def _cues() -> _Cues:
    d = load_yaml("cues.yaml")
    rel = {k: int(v) for k, v in d["relative_years"].items()}
    return _Cues(
        relative=rel,
        relative_re=re.compile("|".join(sorted(rel, key=len, reverse=True))),
        baseline_before=tuple(d["year_baseline_before"]),
        multi_year=re.compile("|".join(d["multi_year"])),
        baseline_from=re.compile(d["baseline_from"]),
        baseline_to=re.compile(d["baseline_to"]),
    )


@dataclass(frozen=True, slots=True)
class YearMention:
    start: int
    year: int
    future_bound: bool  # 到2030年: a deadline, not the period of what precedes it


def infer_document_year(text: str, today: date | None = None) -> int | None:
    """The year a dateless document speaks from: the latest year it names
    as happening, not as a deadline (到2030年) nor a start (2020年以来)."""
    limit = (today or date.today()).year
    years = []
    for m in _YEAR.finditer(text):
        y = int(m.group(1))
        before = text[max(0, m.start() - 1) : m.start()]
        after = text[m.end() : m.end() + 2]
        if y <= limit and before not in ("到", "至") and not after.startswith(("以来", "前")):
            years.append(y)
    if not years:
        return None
    counts = Counter(years)
    top = max(years)
    # A single stray mention of a later year should not move the whole document.
    return top if counts[top] > 1 or len(counts) == 1 else max(y for y in counts if y != top)


class PeriodResolver:
    """Years and relative-year words of one document, by position."""

    def __init__(self, text: str, structure: Structure, doc_year: int | None) -> None:
        self.text = text
        self.structure = structure
        self.doc_year = doc_year
        c = _cues()
        mentions = []
        for m in _YEAR.finditer(text):
            before = text[max(0, m.start() - 1) : m.start()]
            if before in c.baseline_before or text.startswith("以来", m.end()):
                continue
            year = int(m.group(1))
            deadline = before in ("到", "至") and (doc_year is None or year >= doc_year)
            mentions.append(YearMention(m.start(), year, deadline))
        if doc_year is not None:
            for m in c.relative_re.finditer(text):
                before = text[max(0, m.start() - 1) : m.start()]
                if before in c.baseline_before:
                    continue
                mentions.append(YearMention(m.start(), doc_year + c.relative[m.group()], False))
        mentions.sort(key=lambda m: m.start)
        self.mentions = mentions
        self.starts = [m.start for m in mentions]

    def explicit_year(self, pos: int) -> YearMention | None:
        """The closest year named before ``pos`` in its paragraph, else in
        the heading of its section (## 一、2025年：主要指标…)."""
        st = self.structure
        i = bisect_left(self.starts, pos) - 1
        if i >= 0 and self.mentions[i].start >= st.paragraph(pos)[0]:
            return self.mentions[i]
        heading = st.heading_before(pos)
        if heading is None:
            return None
        end = st.paragraph(heading)[1]
        j = bisect_left(self.starts, end) - 1
        if j >= 0 and self.mentions[j].start >= heading and not self.mentions[j].future_bound:
            return self.mentions[j]
        return None

    def is_multi_year(self, pos: int, in_review: bool) -> bool:
        """年均/累计 over the five years a report looks back on."""
        st = self.structure
        if not _cues().multi_year.search(self.text, st.clause_start(pos), pos):
            return False
        return in_review or bool(_FIVE_YEARS.search(self.text, st.sentence_start(pos), pos))

    def part_of_year(self, pos: int) -> str | None:
        """'-10' for 1-10月, '-Q1' for 一季度, '-H1' for 上半年, when said in the
        figure's clause or as the sentence's opening words (1-10月，全区…)."""
        st = self.structure
        m = _PART.search(self.text, st.clause_start(pos), pos)
        if m is None:
            sent = st.sentence_start(pos)
            i = bisect_left(st.clause_starts, sent + 1)
            end = st.clause_starts[i] if i < len(st.clause_starts) else len(self.text)
            m = _OPENING_PART.match(self.text[sent : min(end, pos)].strip())
        if m is None:
            return None
        if m.group(1):
            return f"-{int(m.group(1)):02d}"
        if m.group(2):
            return f"-Q{'一二三四'.index(m.group(2)) + 1}"
        if m.group(3):
            return "-H1" if m.group(3) == "上" else "-H2"
        if m.group(4):
            return f"-{int(m.group(4)):02d}"
        return "-09"  # 前三季度: cumulative through September

    def five_year_span(self, end_year: int) -> str:
        return f"{end_year - 4}-{end_year}"

    def figure_period(self, start: int, end: int, zone: Zone, kind: Kind) -> str:
        """The period of the figure at ``text[start:end]``."""
        period = self._own_period(start, zone, kind)
        return self._baseline_period(start, end, zone, period) or period

    def _own_period(self, pos: int, zone: Zone, kind: Kind) -> str:
        year = self.explicit_year(pos)
        base = year.year if year else None
        doc_year = self.doc_year
        if doc_year is not None and self.is_multi_year(pos, zone is Zone.REVIEW_MULTI_YEAR):
            if kind is Kind.TARGET:  # 年均增长5%以上 over the coming plan, or to a stated year
                end = base if base is not None and base > doc_year else doc_year + 4
                return f"{doc_year}-{end}"
            return self.five_year_span(base if base is not None else doc_year - 1)
        if base is None and doc_year is not None:
            if zone is Zone.PLAN_MULTI_YEAR:
                return self.five_year_span(doc_year + 4)
            base = zone_default_year(zone, doc_year) if zone is not Zone.NONE else doc_year
        if base is None:
            return ""
        part = self.part_of_year(pos)
        return f"{base}{part}" if part else str(base)

    def _baseline_period(self, start: int, end: int, zone: Zone, period: str) -> str | None:
        """The start of '从X提高到Y': its own year, or the year the comparison
        starts from (five years back in a look at the plan period)."""
        c = _cues()
        m = c.baseline_from.search(self.text, max(0, start - 10), start)
        if m is None or not c.baseline_to.match(self.text, end) or not period[:4].isdigit():
            return None
        if m.group("y"):
            return m.group("y")
        last = int(period[-4:]) if "-" in period and len(period) == 9 else int(period[:4])
        sent = self.structure.sentence_start(start)
        five = zone is Zone.REVIEW_MULTI_YEAR or self.is_multi_year(end + 8, False)
        return str(last - 5 if five or _FIVE_YEARS.search(self.text, sent, start) else last - 1)


def zone_default_year(zone: Zone, doc_year: int) -> int:
    """Reports look back at last year and plan this one."""
    return doc_year - 1 if zone in (Zone.REVIEW_YEAR, Zone.REVIEW_MULTI_YEAR) else doc_year
