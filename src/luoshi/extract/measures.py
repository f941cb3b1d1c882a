"""What kind of number a figure is: a level, a count, a growth rate, a rate
or share, or a difference in percentage points; and whether it declines."""

from __future__ import annotations

import re
from dataclasses import dataclass
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
    to_level: tuple[str, ...]
    rate: re.Pattern[str]


@cache
def _cues() -> _Cues:
    d = load_yaml("cues.yaml")
    return _Cues(
        growth=re.compile("|".join(sorted(d["growth"], key=len, reverse=True))),
        decline=frozenset(d["decline"]),
        to_level=tuple(d["to_level"]),
        rate=re.compile("|".join(d["rate_nouns"])),
    )


def measure_of(ctx: DocContext, q: Quantity, subject: Subject, cs: int) -> Measure:
    """The measure of a figure whose clause starts at ``cs``."""
    if q.unit_class == "points":
        return Measure.PP_DIFF
    if q.unit_class != "percent":
        return Measure.LEVEL if q.unit_class == "level" else Measure.COUNT
    return _percent_measure(ctx, q, subject, cs)


def _percent_measure(ctx: DocContext, q: Quantity, subject: Subject, cs: int) -> Measure:
    cues, text = _cues(), ctx.text
    gap_from = max(cs, subject.name_end)
    growth = _last(cues.growth, text, gap_from, q.start)
    rate = _last(cues.rate, text, gap_from, q.start)
    # The word nearest the figure decides: 经济增长的贡献率36.1% is a rate.
    if rate is not None and (growth is None or rate.start() > growth.start()):
        return Measure.RATE_PCT
    if growth is not None and not text.startswith(cues.to_level, growth.end()):
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


def declines(ctx: DocContext, q: Quantity, cs: int) -> bool:
    """The change word nearest before the figure is a fall (下降, 回落)."""
    last = _last(_cues().growth, ctx.text, cs, q.start)
    return last is not None and last.group() in _cues().decline


def _last(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> re.Match[str] | None:
    last = None
    for m in pattern.finditer(text, lo, hi):
        last = m
    return last
