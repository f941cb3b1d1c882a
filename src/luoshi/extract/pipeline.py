"""From a document to statements: quantities, then indicator, measure,
region, period, kind and owner for each; events alongside."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from luoshi.extract.events import find_events
from luoshi.extract.indicators import AliasHit, Family, alias_hits, elliptical_family
from luoshi.extract.kinds import KindResolver
from luoshi.extract.naming import is_predicate_only, name_after, name_before
from luoshi.extract.owners import OwnerResolver
from luoshi.extract.periods import PeriodResolver, infer_document_year, zone_default_year
from luoshi.extract.regions import RegionResolver
from luoshi.extract.structure import Structure, Zone
from luoshi.numbers import Quantity, find_quantities
from luoshi.rules import load_yaml
from luoshi.types import Document, Kind, Measure, Qualifier, Statement

_MAX_QUOTE = 60
_GOAL_QUALIFIERS = {Qualifier.ABOUT, Qualifier.AT_LEAST, Qualifier.AT_MOST, Qualifier.RANGE}
_LIST_JOINERS = {"、", "和", "与", "及", "，", ","}
_LIST_BOUNDARY = re.compile(r"[，,。；;：:\n！？]")
_NAME_SPLIT = re.compile(r"、|和|与|及")


@dataclass(frozen=True)
class _MeasureCues:
    growth: re.Pattern[str]
    decline: frozenset[str]
    to_level: tuple[str, ...]
    rate: re.Pattern[str]


@cache
def _measure_cues() -> _MeasureCues:
    d = load_yaml("cues.yaml")
    alt = "|".join(sorted(d["growth"], key=len, reverse=True))
    return _MeasureCues(
        growth=re.compile(alt),
        decline=frozenset(d["decline"]),
        to_level=tuple(d["to_level"]),
        rate=re.compile("|".join(d["rate_nouns"])),
    )


@dataclass(slots=True)
class _Subject:
    """What a figure is about, carried to the next figure of a sentence
    when that one has no subject of its own (、增长5.4%)."""

    family: Family | None
    name: str
    start: int
    sentence: int
    measure_hint: Measure | None
    tail: int = 0  # characters of the name that follow the figure (20个|对外开放口岸)
    name_end: int = -1  # end of the alias that named it; growth words are looked for after it


class _Context:
    """Everything extraction knows about one document, built once."""

    def __init__(self, doc: Document) -> None:
        text = doc.text
        self.doc = doc
        self.text = text
        self.structure = Structure(text)
        self.doc_year = doc.published.year if doc.published else infer_document_year(text)
        self.regions = RegionResolver(text, self.structure, doc.region)
        self.periods = PeriodResolver(text, self.structure, self.doc_year)
        self.kinds = KindResolver(text, self.structure)
        self.owners = OwnerResolver(text, self.structure)
        hits = alias_hits(text)
        self.alias_starts = [h.start for h in hits]
        self.aliases = hits
        self.skip = sorted(doc.skip)
        self.skip_starts = [s for s, _ in self.skip]

    def skipped(self, pos: int) -> bool:
        i = bisect_right(self.skip_starts, pos) - 1
        return i >= 0 and self.skip[i][1] > pos

    def last_alias(self, lo: int, hi: int) -> AliasHit | None:
        i = bisect_right(self.alias_starts, hi) - 1
        while i >= 0 and self.aliases[i].start >= lo:
            if self.aliases[i].end <= hi:
                return self.aliases[i]
            i -= 1
        return None

    def first_alias(self, lo: int, hi: int) -> AliasHit | None:
        i = bisect_right(self.alias_starts, lo - 1)
        if i < len(self.aliases) and self.aliases[i].end <= hi:
            return self.aliases[i]
        return None


def extract_document(doc: Document) -> list[Statement]:
    """Every figure and event of one document, in text order."""
    ctx = _Context(doc)
    out: list[Statement] = []
    subject: _Subject | None = None
    listed: list[_Subject] = []  # subjects of a 分别 list still waiting for their figure
    group: list[int] = []  # indexes in ``out`` of the current 分别 list's figures
    last_end = 0
    for q in find_quantities(doc.text):
        if ctx.skipped(q.start):
            continue
        if not (group and doc.text[last_end : q.start].strip() in _LIST_JOINERS):
            _share_qualifier(out, group)
            listed = _respectively(ctx, q)
            opens = ctx.text.find("分别", ctx.structure.clause_start(q.start), q.start) >= 0
            group = [len(out)] if opens else []
        elif group:
            group.append(len(out))
        forced = listed.pop(0) if listed else None
        stmt, new_subject = _figure(ctx, q, subject, forced, last_end)
        if stmt is None:
            if group and group[-1] == len(out):
                group.pop()
            continue
        for waiting in listed:
            waiting.measure_hint = stmt.measure
        out.append(stmt)
        last_end = q.end
        # A comparison (高于全国0.8个百分点) is not what the next figure is about.
        if stmt.measure is not Measure.PP_DIFF or subject is None:
            subject = new_subject
    _share_qualifier(out, group)
    out.extend(_events(ctx))
    out.sort(key=lambda s: (s.start, s.end))
    return out


def _share_qualifier(out: list[Statement], group: list[int]) -> None:
    """分别增长4.5%、5.5%左右: a qualifier written once, after the last
    figure of a list, bounds the bare figures before it too."""
    if len(group) < 2:
        return
    last = out[group[-1]].qualifier
    if last not in (Qualifier.ABOUT, Qualifier.AT_LEAST, Qualifier.AT_MOST):
        return
    for i in group[:-1]:
        if out[i].qualifier is Qualifier.EXACT:
            out[i] = dataclasses.replace(out[i], qualifier=last)


def extract(
    text: str,
    doc: str = "text",
    published: date | str | None = None,
    region: str | None = None,
) -> list[Statement]:
    """Extract statements from a text. ``published`` anchors 今年/去年."""
    if isinstance(published, str):
        published = date.fromisoformat(published)
    return extract_document(Document(name=doc, text=text, published=published, region=region))


def extract_many(docs: Iterable[Document]) -> Iterator[Statement]:
    """Batch entry point: statements of many documents, one after another."""
    for d in docs:
        yield from extract_document(d)


def _respectively(ctx: _Context, q: Quantity) -> list[_Subject]:
    """Subjects of 'A、B分别增长5%、6%', in order; empty when the figure
    does not open such a list."""
    text, st = ctx.text, ctx.structure
    cs = st.clause_start(q.start)
    at = text.find("分别", cs, q.start)
    if at < 0:
        return []
    sent = st.sentence_start(q.start)
    start = sent
    for m in _LIST_BOUNDARY.finditer(text, sent, at):
        start = m.end()
    pieces, pos = [], start
    for m in _NAME_SPLIT.finditer(text, start, at):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, at))
    if len(pieces) < 2:
        return []
    last = text[pieces[-1][0] : pieces[-1][1]].strip()
    out = []
    for s, e in pieces:
        name = text[s:e].strip()
        if len(name) < len(last) and len(name) <= 3:
            # 城镇、农村居民人均可支配收入: the short name shares the long one's head.
            name += last[len(name) :]
        hits = alias_hits(name)
        fam = hits[0].family if hits else None
        out.append(_Subject(fam, fam.name if fam else name, start, sent, None))
    return out


def _subject_of(ctx: _Context, q: Quantity, prev: _Subject | None, since: int) -> tuple[_Subject, int]:
    """The figure's subject and the start of its evidence span."""
    st, text = ctx.structure, ctx.text
    cs = st.clause_start(q.start)
    sent = st.sentence_start(q.start)
    hit = ctx.first_alias(cs, q.start)
    if hit is not None:
        return _Subject(hit.family, hit.family.name, hit.start, sent, None, name_end=hit.end), cs
    if prev is not None and prev.sentence == sent and is_predicate_only(text, cs, q.start):
        named = ctx.last_alias(max(since, sent), cs)
        if named is not None:  # 进出口总值较五年前翻了一番，达到2206亿元
            return _Subject(named.family, named.family.name, named.start, sent, None, name_end=named.end), cs
        # The evidence is the figure's own clause (增长5.4%); only a clause
        # holding nothing but the figure (、5.5%左右) borrows the one before.
        return prev, st.previous_clause_start(cs) if q.start == cs else cs
    fam = elliptical_family(text, sent, cs, q.start)
    if fam is not None:
        return _Subject(fam, fam.name, cs, sent, None), cs
    if q.unit_class == "count" and not q.chinese or q.stem in ("大", "大类", "个", "项"):
        after = name_after(text, q.end)
        if after:
            return _Subject(None, after, cs, sent, None, len(after)), cs
    return _Subject(None, name_before(text, cs, q.start), cs, sent, None), cs


def _measure(ctx: _Context, q: Quantity, subject: _Subject, cs: int) -> Measure:
    if q.unit_class == "points":
        return Measure.PP_DIFF
    if q.unit_class != "percent":
        return Measure.LEVEL if q.unit_class == "level" else Measure.COUNT
    cues = _measure_cues()
    gap_from = max(cs, subject.name_end)
    last = None
    for m in cues.growth.finditer(ctx.text, gap_from, q.start):
        last = m
    rate = None
    for m in cues.rate.finditer(ctx.text, gap_from, q.start):
        rate = m
    # The word nearest the figure decides: 经济增长的贡献率36.1% is a rate.
    if rate is not None and (last is None or rate.start() > last.start()):
        return Measure.RATE_PCT
    if last is not None and not ctx.text.startswith(cues.to_level, last.end()):
        return Measure.GROWTH_PCT
    if rate is not None:
        return Measure.RATE_PCT
    if subject.name_end > subject.start and cues.growth.search(ctx.text, subject.start, subject.name_end):
        return Measure.GROWTH_PCT  # the name says it: 经济增长5%左右, CPI涨幅2%
    fam = subject.family
    if fam is not None and fam.percent_default is not None:
        return fam.percent_default
    if cues.rate.search(ctx.text, cs, q.start):
        return Measure.RATE_PCT
    if fam is not None and "rate_pct" in fam.ids:
        return Measure.RATE_PCT
    if subject.measure_hint is not None and len(ctx.text[cs : q.start].strip()) <= 1:
        return subject.measure_hint  # 分别增长4.5%、5.5%: the list goes on
    return Measure.RATE_PCT


def _declines(ctx: _Context, q: Quantity, cs: int) -> bool:
    cues = _measure_cues()
    last = None
    for m in cues.growth.finditer(ctx.text, cs, q.start):
        last = m
    return last is not None and last.group() in cues.decline


def _indicator(subject: _Subject, measure: Measure, stem: str) -> tuple[str, str]:
    if subject.family is not None:
        found = subject.family.id_for(measure, stem)
        if found:
            return found, subject.family.name
        return f"other:{subject.family.name}", subject.family.name
    name = subject.name or "未命名指标"
    return f"other:{name}", name


def _period(ctx: _Context, q: Quantity, zone: Zone, kind: Kind) -> str:
    period = _own_period(ctx, q, zone, kind)
    return _baseline_period(ctx, q, zone, period) or period


_FROM = re.compile(r"(?:从|由)(?:(?P<y>(?:19|20)\d{2})年(?:的|底|末)?)?$")
_TO = re.compile(r"(?:提高|增加|增长|提升|上升|下降|降低|扩大|减少|跃升|增|降)?(?:到|至)")


def _baseline_period(ctx: _Context, q: Quantity, zone: Zone, period: str) -> str | None:
    """The start of '从X提高到Y': its own year, or the year the comparison
    starts from (five years back in a look at the plan period)."""
    m = _FROM.search(ctx.text, max(0, q.start - 10), q.start)
    if m is None or not _TO.match(ctx.text, q.end):
        return None
    if m.group("y"):
        return m.group("y")
    if not period[:4].isdigit():
        return None
    end = int(period[-4:]) if "-" in period and len(period) == 9 else int(period[:4])
    five = zone is Zone.REVIEW_MULTI_YEAR or ctx.periods.is_multi_year(q.end + 8, False)
    return str(end - 5 if five or _five_year_context(ctx, q) else end - 1)


def _five_year_context(ctx: _Context, q: Quantity) -> bool:
    sent = ctx.structure.sentence_start(q.start)
    return bool(re.search("五年|十四五", ctx.text[sent : q.start]))


def _own_period(ctx: _Context, q: Quantity, zone: Zone, kind: Kind) -> str:
    year = ctx.periods.explicit_year(q.start)
    base = year.year if year else None
    doc_year = ctx.doc_year
    if doc_year is not None and ctx.periods.is_multi_year(q.start, zone is Zone.REVIEW_MULTI_YEAR):
        if kind is Kind.TARGET:  # 年均增长5%以上 over the coming plan, or to a stated year
            end = base if base is not None and base > doc_year else doc_year + 4
            return f"{doc_year}-{end}"
        return ctx.periods.five_year_span(base if base is not None else doc_year - 1)
    if base is None and ctx.doc_year is not None:
        if zone is Zone.PLAN_MULTI_YEAR:
            return ctx.periods.five_year_span(ctx.doc_year + 4)
        base = zone_default_year(zone, ctx.doc_year) if zone is not Zone.NONE else ctx.doc_year
    if base is None:
        return ""
    part = ctx.periods.part_of_year(q.start)
    return f"{base}{part}" if part else str(base)


def _figure(
    ctx: _Context, q: Quantity, prev: _Subject | None, forced: _Subject | None, since: int
) -> tuple[Statement | None, _Subject]:
    cs = ctx.structure.clause_start(q.start)
    if forced is not None:
        subject, span_start = forced, cs
    else:
        subject, span_start = _subject_of(ctx, q, prev, since)
    if q.unit_class == "bare":
        unit = subject.family.bare_unit if subject.family else None
        if unit is None:
            return None, subject  # 12万 of what? Not a figure luoshi can stand behind.
        q = dataclasses.replace(q, unit=q.unit + unit, stem=unit, unit_class="level")
    measure = _measure(ctx, q, subject, cs)
    subject.measure_hint = measure if q.unit_class == "percent" else subject.measure_hint
    indicator, indicator_name = _indicator(subject, measure, q.stem)
    if indicator.startswith("other:") and subject.family is not None and subject is not prev:
        # A known name, but not this figure of it (工业对经济增长的贡献率): say what the text says.
        own = name_before(ctx.text, cs, q.start)
        if len(own) > len(subject.family.name) // 2:
            indicator, indicator_name = f"other:{own}", own
    zone = ctx.structure.zone(q.start)
    year = ctx.periods.explicit_year(q.start)
    kind, kind_rule = ctx.kinds.resolve(q.start, zone, year, ctx.doc_year, q.qualifier in _GOAL_QUALIFIERS)
    owner = ctx.owners.resolve(q.start) if kind is Kind.TARGET else None
    owner_region = ctx.regions.region_of_name(owner) if owner else None
    region = ctx.regions.resolve(q.start, owner_region, narrow=zone is not Zone.NONE)
    sign = -1.0 if measure is Measure.GROWTH_PCT and _declines(ctx, q, cs) else 1.0
    start = _span_start(ctx.text, span_start, q)
    end = q.end + (subject.tail if subject is not prev else 0)
    stmt = Statement(
        doc=ctx.doc.name,
        start=start,
        end=end,
        quote=ctx.text[start:end],
        kind=kind,
        period=_period(ctx, q, zone, kind),
        region=region.name if region else "",
        region_code=region.code if region else None,
        indicator=indicator,
        indicator_name=indicator_name,
        measure=measure,
        value=sign * q.value,
        value_high=sign * q.value_high if q.value_high is not None else None,
        unit=q.unit,
        base_value=sign * q.base_value,
        base_unit=q.stem,
        qualifier=q.qualifier,
        value_text=ctx.text[q.start : q.end],
        owner=owner,
        rules=(
            f"indicator.{subject.family.family}" if subject.family else "indicator.named_from_text",
            kind_rule,
            f"zone.{zone.value}",
        ),
    )
    return stmt, subject


def _span_start(text: str, start: int, q: Quantity) -> int:
    start = max(start, q.start - _MAX_QUOTE)
    while start < q.start and text[start] in ' \t\u3000“”‘’"':
        start += 1
    return start


def _events(ctx: _Context) -> Iterator[Statement]:
    for ev in find_events(ctx.text, ctx.structure, ctx.doc_year):
        if ctx.skipped(ev.start):
            continue
        region = ctx.regions.resolve(ev.end)
        parties = tuple(_party(ctx, p) for p in ev.parties)
        yield Statement(
            doc=ctx.doc.name,
            start=ev.start,
            end=ev.end,
            quote=ctx.text[ev.start : ev.end],
            kind=Kind.EVENT,
            period=ev.date or (str(ctx.doc_year) if ctx.doc_year else ""),
            region=region.name if region else "",
            region_code=region.code if region else None,
            qualifier=None,
            parties=parties,
            event_type=ev.type,
            rules=(f"events.{ev.rule}",),
        )


def _party(ctx: _Context, name: str) -> str:
    region = ctx.regions.gazetteer.by_name(name)
    return region.name if region is not None else name


__all__ = ["extract", "extract_document", "extract_many", "Qualifier"]
