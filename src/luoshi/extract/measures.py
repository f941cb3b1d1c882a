"""What kind of number a figure is: a level, a count, a growth rate, a rate
or share, or a difference in percentage points; and whether it declines."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from luoshi.extract.context import DocContext
from luoshi.extract.subjects import Subject
from luoshi.numbers import Quantity
from luoshi.rules import load_yaml
from luoshi.types import Measure


@dataclass(frozen=True)
class _Cues:
    growth: re.Pattern[str]
    decline: frozenset[str]
    compare: re.Pattern[str]
    below: frozenset[str]
    to_level: tuple[str, ...]
    growth_nouns: frozenset[str]
    rate: re.Pattern[str]
    index: re.Pattern[str]
    index_near: float


@cache
def _cues() -> _Cues:
    d = load_yaml("cues.yaml")
    return _Cues(
        growth=re.compile("|".join(sorted(d["growth"], key=len, reverse=True))),
        decline=frozenset(d["decline"]),
        compare=re.compile("|".join(sorted([*d["growth"], *d["compare"]], key=len, reverse=True))),
        below=frozenset([*d["decline"], *d["below"]]),
        to_level=tuple(d["to_level"]),
        growth_nouns=frozenset(d["growth_nouns"]),
        rate=re.compile("|".join(d["rate_nouns"])),
        index=re.compile(d["index_names"]),
        index_near=float(d["index_near"]),
    )


_INDEX_BASE = 100.0


def measure_of(ctx: DocContext, q: Quantity, subject: Subject, cs: int) -> Measure:
    """The measure of a figure whose clause starts at ``cs``."""
    if q.unit_class == "points":
        return Measure.PP_DIFF
    if q.unit_class == "permille":
        return Measure.RATE_PCT  # 出生率8.5‰, 自然增长率2.3‰: per mille is always a rate
    if q.unit_class != "percent":
        return Measure.LEVEL if q.unit_class == "level" else Measure.COUNT
    if _index_on_100(ctx, q, cs):
        return Measure.GROWTH_PCT
    return _percent_measure(ctx, q, subject, cs)


def index_change(ctx: DocContext, q: Quantity, cs: int) -> Quantity:
    """A price index on last year's 100 as the change it states
    (居民消费价格指数为102.1% is a rise of 2.1 %); any other figure as it is."""
    if q.unit_class != "percent" or not _index_on_100(ctx, q, cs):
        return q
    high = round(q.value_high - _INDEX_BASE, 10) if q.value_high is not None else None
    return replace(q, value=round(q.value - _INDEX_BASE, 10), value_high=high)


def _index_on_100(ctx: DocContext, q: Quantity, cs: int) -> bool:
    cues = _cues()
    if abs(q.value - _INDEX_BASE) > cues.index_near:
        return False
    index = _last(cues.index, ctx.text, cs, q.start)
    return index is not None and cues.growth.search(ctx.text, index.end(), q.start) is None


# The tail of a list of percentages right before a figure (增长3.9%、6.8%和|4.2%).
_JOINS = frozenset("、和及与 \t\u3000")  # what a list's figure is followed by (the pattern's end)
_LISTED_BEFORE = re.compile(r"[0-9０-９.．]+[%％](?:左右|以上|以内)?\s*(?:、|和|及|与|以及)\s*$")


def _percent_measure(ctx: DocContext, q: Quantity, subject: Subject, cs: int) -> Measure:
    cues, text = _cues(), ctx.text
    gap_from = max(cs, subject.name_end)
    # The last of a list (分别增长3.9%、6.8%和4.2%) reads its change word before the first.
    lo = q.start
    while text[lo - 1 : lo] in _JOINS and (listed := _LISTED_BEFORE.search(text, max(0, lo - 16), lo)) is not None:
        lo = listed.start()
    if lo < q.start:
        gap_from = min(gap_from, ctx.structure.clause_start(lo))
    growth = _last(cues.growth, text, gap_from, q.start)
    rate = _last(cues.rate, text, gap_from, q.start)
    # The word nearest the figure decides: 经济增长的贡献率36.1% is a rate.
    if rate is not None and (growth is None or rate.start() > growth.start()):
        return Measure.RATE_PCT
    if growth is not None and (growth.group() in cues.growth_nouns or not text.startswith(cues.to_level, growth.end())):
        return Measure.GROWTH_PCT
    if rate is not None:
        return Measure.RATE_PCT
    if subject.name_end > subject.start and cues.growth.search(text, subject.start, subject.name_end):
        return Measure.GROWTH_PCT  # the name says it: 经济增长5%左右, CPI涨幅2%
    fam = subject.family
    if fam is not None and fam.percent_default is not None:
        return fam.percent_default
    if cues.rate.search(text, cs, q.start) or (fam is not None and "rate_pct" in fam.ids):
        return Measure.RATE_PCT
    if subject.measure_hint is not None and len(text[cs : q.start].strip()) <= 1:
        return subject.measure_hint  # 分别增长4.5%、5.5%: the list goes on
    return Measure.RATE_PCT


def declines(ctx: DocContext, q: Quantity, measure: Measure, cs: int) -> bool:
    """A growth rate after a fall (下降5%), or a difference in points after
    a fall or a shortfall (低于序时进度4.7个百分点): the value is negative."""
    cues = _cues()
    if measure is Measure.GROWTH_PCT:
        last = _last(cues.growth, ctx.text, cs, q.start)
        return last is not None and last.group() in cues.decline
    if measure is Measure.PP_DIFF:
        last = _last(cues.compare, ctx.text, cs, q.start)
        return last is not None and last.group() in cues.below
    return False


def _last(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> re.Match[str] | None:
    last = None
    for m in pattern.finditer(text, lo, hi):
        last = m
    return last
