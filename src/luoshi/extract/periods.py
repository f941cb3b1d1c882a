"""Which period a figure refers to, and the year a document speaks from.

Explicit years (2024年) and relative ones (今年, 去年) are read from the
sentence, then the paragraph; the zone of a report supplies the rest.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from calendar import monthrange
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache

import ahocorasick_rs

from luoshi.extract.structure import Structure, Zone
from luoshi.rules import load_yaml
from luoshi.rules.patterns import scanning, words_automaton
from luoshi.types import Kind

_YEAR = scanning(r"(?<![0-9])((?:19|20)[0-9]{2})(?:年|(?=[-—至到]))")
_FIVE_YEARS = re.compile(r"五年|十四五|十五五|年均(?=增|下降|降低|提高)")
_MONTH = r"(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])"
_NOT_A_DAY = r"(?![0-9０-９一二三四五六七八九十]{1,3}[日号])"
# Parts of a year, each a named alternative (see _part_code). The nearest one
# before a figure in its sentence is its part; 全年 names the whole year.
_PART = re.compile(
    rf"(?P<day>(?:截至|截止|截止到|到|至)(?:(?P<dy>(?:19|20)\d{{2}})年)?(?P<dm>{_MONTH})月(?P<dd>[1-9]|[12]\d|3[01])日)"
    rf"|(?P<upto>(?:截至|截止|截止到|到|至)(?:(?:19|20)\d{{2}}年)?(?P<um>{_MONTH})月(?:底|末))"
    rf"|(?P<cum>(?:1|一)(?:月份?)?\s*[-—–至到～~]{{1,2}}\s*(?P<cm>{_MONTH})月(?:份)?){_NOT_A_DAY}"
    rf"|(?P<first>(?<![提之])前(?P<fm>{_MONTH})个月)"
    rf"|(?P<quarters>前(?P<qn>[二两三23])(?:个)?季度)"
    rf"|(?P<quarter>第?(?P<q>[一二三四1-4])季度(?P<qend>末|底)?)"
    r"|(?P<half>(?P<h>上|下)半年)"
    rf"|(?P<month>(?P<mm>{_MONTH})月(?:份当月|份|当月|单月)){_NOT_A_DAY}"
    r"|(?P<this>当月)"
    r"|(?P<year>全年)"
)
_PART_ANCHOR = scanning("[月季]|[半全]年")
_PART_REACH = 16  # the longest part before its anchor: 截止到2025年十二月 …
_PART_TAIL = 6  # and after it: …份当月, …31日
_MONTH_NUMBER = {c: i for i, c in enumerate("一二三四五六七八九十", 1)} | {"十一": 11, "十二": 12, "两": 2}


_ASIDE = ("其中", "其中，", "其中,")
_MONTH_END = "end"  # a month's last day, known once the year is


def _month(word: str) -> int:
    return int(word) if word.isdigit() else _MONTH_NUMBER[word]


@dataclass(frozen=True, slots=True)
class PartMention:
    start: int
    end: int
    code: str  # appended to the year: '-11', '-M11', '-Q1', '-H1', '-12-08'; '' for the whole year
    year: int | None = None  # a year the mention itself names (截至2024年12月8日)


def _part_mentions(text: str, baseline_before: str) -> list[PartMention]:
    """Every part-of-year phrase of a text; 当月 is the month last named."""
    out: list[PartMention] = []
    last_month: int | None = None
    for m in _part_matches(text):
        if m.start() > 0 and text[m.start() - 1] in baseline_before:
            continue  # 比一季度提高: the baseline, not the figure's period
        kind = m.lastgroup
        if kind == "this":
            if last_month is None:
                continue
            code = f"-M{last_month:02d}"
        else:
            code, month = _part_code(m)
            last_month = month or last_month
        year = int(m.group("dy")) if m.group("dy") else None
        out.append(PartMention(m.start(), m.end(), code, year))
    return out


def part_mentions(text: str) -> list[PartMention]:
    """The parts of a year a short text names (一季度, 1—10月, 上半年, 截至11月底),
    read as in a document: what a question asks about (``luoshi.questions``)."""
    return _part_mentions(text, "")


def relative_years() -> dict[str, int]:
    """今年 0, 去年 -1 …: years said relative to the speaker's (cues.yaml)."""
    return dict(_cues().relative)


def _part_matches(text: str) -> list[re.Match[str]]:
    """The matches of ``_PART`` in ``text``. Every part names 月, 季 or 年, so
    the pattern runs only on short windows around those characters: most of
    a text has none, and the full pattern is slow to try at every position."""
    out: list[re.Match[str]] = []
    done = 0
    for anchor in _PART_ANCHOR.finditer(text):
        lo = max(done, anchor.start() - _PART_REACH)
        if lo >= anchor.end():
            continue
        for m in _PART.finditer(text, lo, anchor.end() + _PART_TAIL):
            if m.start() >= done:
                out.append(m)
                done = m.end()
    return out


def _since_mentions(text: str, since: re.Pattern[str]) -> list[re.Match[str]]:
    """“十四五”以来, 2021年以来: found back from each 以来, which is rare."""
    out: list[re.Match[str]] = []
    at = text.find("以来")
    while at >= 0:
        m = since.search(text, max(0, at - 12), at + 2)
        if m is not None and m.end() == at + 2 and (not out or m.start() >= out[-1].end()):
            out.append(m)
        at = text.find("以来", at + 2)
    return out


def _part_code(m: re.Match[str]) -> tuple[str, int | None]:
    """The period suffix of a part-of-year match, and the month it ends in."""
    g = m.group
    if g("day"):
        month = _month(g("dm"))
        return f"-{month:02d}-{int(g('dd')):02d}", month
    if g("upto"):  # 截至11月底: the stock on the month's last day
        month = _month(g("um"))
        return f"-{month:02d}-{_MONTH_END}", month
    for name, group in (("cum", "cm"), ("first", "fm")):
        if g(name):
            month = _month(g(group))
            return f"-{month:02d}", month
    if g("quarters"):
        month = 3 * (2 if g("qn") in "二两2" else 3)
        return f"-{month:02d}", month
    if g("quarter"):
        q = "一二三四".index(g("q")) + 1 if not g("q").isdigit() else int(g("q"))
        return (f"-{3 * q:02d}-{_MONTH_END}" if g("qend") else f"-Q{q}"), 3 * q
    if g("half"):
        return ("-H1", 6) if g("h") == "上" else ("-H2", 12)
    if g("month"):
        month = _month(g("mm"))
        return f"-M{month:02d}", month
    return "", None


@dataclass(frozen=True)
class _Cues:
    relative: dict[str, int]
    relative_words: ahocorasick_rs.AhoCorasick  # 今年, 去年 …
    baseline_before: tuple[str, ...]
    multi_year: re.Pattern[str]
    baseline_from: re.Pattern[str]
    baseline_to: re.Pattern[str]
    year_start_after: tuple[str, ...]
    part_baseline_before: str
    breakdown: re.Pattern[str]
    since: re.Pattern[str]
    plan_spans: dict[str, tuple[int, int]]
    report_title: re.Pattern[str]


@cache
def _cues() -> _Cues:
    d = load_yaml("cues.yaml")
    rel = {k: int(v) for k, v in d["relative_years"].items()}
    return _Cues(
        relative=rel,
        relative_words=words_automaton(rel),
        baseline_before=tuple(d["year_baseline_before"]),
        multi_year=re.compile("|".join(d["multi_year"])),
        baseline_from=re.compile(d["baseline_from"]),
        baseline_to=re.compile(d["baseline_to"]),
        year_start_after=tuple(d["year_start_after"]),
        part_baseline_before="".join(d["part_baseline_before"]),
        breakdown=re.compile(d["breakdown_opening"]),
        since=scanning(rf"(?:(?P<y>(?:19|20)\d{{2}})年|“?(?P<plan>{'|'.join(d['plan_periods'])})”?(?:时期|期间)?)以来"),
        plan_spans={name: (int(span[:4]), int(span[-4:])) for name, span in d["plan_periods"].items()},
        report_title=re.compile(d["report_title"]),
    )


@dataclass(frozen=True, slots=True)
class YearMention:
    start: int
    end: int
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


def report_year(title: str | None) -> int | None:
    """The year a document reports on when its title says so
    (《乌兰察布市2024年国民经济和社会发展统计公报》): its 全年 and 今年."""
    m = _cues().report_title.search(title or "")
    return int(m.group("y")) if m else None


class PeriodResolver:
    """Years and relative-year words of one document, by position."""

    def __init__(self, text: str, structure: Structure, doc_year: int | None, title: str | None = None) -> None:
        self.text = text
        self.structure = structure
        self.doc_year = doc_year
        # 关于1—10月推进情况的通报: the months the whole document reports on.
        parts = _part_mentions(title or "", "")
        self.title_part = parts[0] if parts else None
        c = _cues()
        mentions = []
        for m in _YEAR.finditer(text):
            before = text[max(0, m.start() - 1) : m.start()]
            if before in c.baseline_before or text.startswith(c.year_start_after, m.end()):
                continue  # 比2024年, 2024年以来, 自2024年起: a baseline or a start, not the period
            year = int(m.group(1))
            deadline = before in ("到", "至") and (doc_year is None or year >= doc_year)
            mentions.append(YearMention(m.start(), m.end(), year, deadline))
        if doc_year is not None:
            for _, start, end in c.relative_words.find_matches_as_indexes(text):
                before = text[max(0, start - 1) : start]
                if before in c.baseline_before:
                    continue
                mentions.append(YearMention(start, end, doc_year + c.relative[text[start:end]], False))
        mentions.sort(key=lambda m: m.start)
        self.mentions = mentions
        self.starts = [m.start for m in mentions]
        self.parts = _part_mentions(text, c.part_baseline_before)
        self.part_starts = [p.start for p in self.parts]
        self.since = _since_mentions(text, c.since)
        self.since_starts = [m.start() for m in self.since]
        # The year each section heading names, worked out once: every figure
        # with no year in its own paragraph asks its heading's.
        self.heading_years = [self._heading_year(h) for h in structure.headings]

    def explicit_year(self, pos: int) -> YearMention | None:
        """The closest year named before ``pos`` in its paragraph, else in
        the heading of its section (## 一、2025年：主要指标…)."""
        st = self.structure
        i = bisect_left(self.starts, pos) - 1
        if i >= 0 and self.mentions[i].start >= st.paragraph(pos)[0]:
            return self.mentions[i]
        k = bisect_right(st.headings, pos) - 1
        return self.heading_years[k] if k >= 0 else None

    def _heading_year(self, heading: int) -> YearMention | None:
        """The last year named in the heading line at ``heading``, unless a deadline."""
        end = self.structure.paragraph(heading)[1]
        j = bisect_left(self.starts, end) - 1
        if j >= 0 and self.mentions[j].start >= heading and not self.mentions[j].future_bound:
            return self.mentions[j]
        return None

    def is_multi_year(self, pos: int, in_review: bool, clause: int | None = None) -> bool:
        """年均/累计 over the five years a report looks back on; ``clause``:
        the start of ``pos``'s clause, when the caller knows it."""
        st = self.structure
        cs = st.clause_start(pos) if clause is None else clause
        if not _cues().multi_year.search(self.text, cs, pos):
            return False
        return in_review or bool(_FIVE_YEARS.search(self.text, st.sentence_start(pos), pos))

    def spans_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Where parts of the year and years are named in ``text[lo:hi]``."""
        out = []
        for starts, found in ((self.part_starts, self.parts), (self.starts, self.mentions)):
            i = bisect_left(starts, lo)
            while i < len(found) and found[i].start < hi:
                out.append((found[i].start, min(found[i].end, hi)))
                i += 1
        return out

    def part_of_year(self, pos: int, year: YearMention | None, sent: int, cs: int) -> PartMention | None:
        """The part of the year a figure at ``pos`` covers: the nearest part
        named before it in its sentence (…数据显示，1—11月…; 11月当月; 截至12月8日),
        else the one that follows the year governing it (2025年1—11月，…。其中…).
        ``sent`` and ``cs``: where its sentence and its clause start."""
        i = bisect_left(self.part_starts, pos) - 1
        if i >= 0 and self.parts[i].start >= sent:
            p = self.parts[i]
            # 其中9月份增长9.1%: a part after 其中 is its own clause's only.
            if not self.text.endswith(_ASIDE, 0, p.start) or p.start >= cs:
                return p
        if year is None:
            return None
        j = bisect_left(self.part_starts, year.end)
        if j < len(self.parts) and self.parts[j].start <= year.end + 1 and self.parts[j].start < pos:
            # A later sentence goes on with those months only as a breakdown
            # (其中…, 分季度看…), not as news of its own (推介会上签约项目21个).
            if year.start >= sent or _cues().breakdown.match(self.text, sent):
                return self.parts[j]
        return None

    def five_year_span(self, end_year: int) -> str:
        return f"{end_year - 4}-{end_year}"

    def figure_period(
        self, start: int, end: int, zone: Zone, kind: Kind, flow: bool, year: YearMention | None, sent: int, cs: int
    ) -> str:
        """The period of the figure at ``text[start:end]``; ``flow``: an
        amount or count that adds up over time (not a rate or a growth);
        ``year``: its ``explicit_year``; ``sent`` and ``cs``: where its
        sentence and its clause start (the caller has them already)."""
        period = self._own_period(start, zone, kind, flow, year, sent, cs)
        return self._baseline_period(start, end, zone, period) or period

    def _own_period(
        self, pos: int, zone: Zone, kind: Kind, flow: bool, year: YearMention | None, sent: int, cs: int
    ) -> str:
        base = year.year if year else None
        doc_year = self.doc_year
        since = self._since(pos, zone, sent) if flow and kind is Kind.ACTUAL else None
        if since is not None:
            return since  # “十四五”以来共建园区84个: from then to now
        if doc_year is not None and self.is_multi_year(pos, zone is Zone.REVIEW_MULTI_YEAR, cs):
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
        part = self.part_of_year(pos, year, sent, cs)
        if part is None and kind is Kind.ACTUAL and base == doc_year and not (year is not None and year.start >= sent):
            part = self.title_part  # not 今年全区粮食播种面积…: a year the sentence names is whole
        if part is None:
            return str(base)
        year_of_part = part.year or base
        code = part.code
        if code.endswith(_MONTH_END):
            month = int(code[1:3])
            code = f"-{month:02d}-{monthrange(year_of_part, month)[1]:02d}"
        return f"{year_of_part}{code}"

    def _since(self, pos: int, zone: Zone, sent: int) -> str | None:
        """The span from the start the figure's sentence names (“十四五”以来,
        2021年以来) to the year the document looks at; None without one."""
        i = bisect_left(self.since_starts, sent)
        if i == len(self.since) or self.since[i].end() > pos or self.doc_year is None:
            return None
        m = self.since[i]
        now = zone_default_year(zone, self.doc_year)
        if m.group("y"):
            first, last = int(m.group("y")), now
        else:
            first, last = _cues().plan_spans[m.group("plan")]
            last = min(last, now)
        return f"{first}-{last}" if first < last else None

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
