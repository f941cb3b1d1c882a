"""Checks that figures agree with each other. Each finding names both sides:
the document and quote of each.

- previous level: a level and its growth (2073.1亿元, 同比增长5.8%) imply the
  previous year's level (about 1959.5亿元); a stored figure for that year
  further off than status.yaml allows is flagged.
- national: 高于全国0.8个百分点 after a growth rate implies the national
  rate; a stored 全国 figure of the same indicator and period further off
  is flagged.
- same key: one region, indicator, period and measure reported with values
  that cannot both be true (beyond rounding and qualifiers); for the
  catalogue's indicators, not for ``other:<name>`` ids guessed from a clause.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from luoshi.extract.indicators import families
from luoshi.track.figures import agree, magnitude, scale
from luoshi.track.link import Evidence
from luoshi.track.link_index import TrackIndex
from luoshi.track.periods import year_before
from luoshi.track.ranking import preference
from luoshi.types import Measure, Qualifier, Statement

PREVIOUS_LEVEL = "previous_level"
NATIONAL = "national"
SAME_KEY = "same_key"
NATION = "全国"
OTHER = "other:"
_LEVELS = (Measure.LEVEL, Measure.COUNT)
_RATES = (Measure.GROWTH_PCT, Measure.RATE_PCT)


@dataclass(frozen=True)
class Finding:
    check: str  # previous_level, national, same_key
    message: str  # in Chinese
    first: Evidence  # the figure(s) that imply something
    second: Evidence  # the stored figure that disagrees
    expected: float | None = None  # what ``first`` implies, in ``second``'s unit
    found: float | None = None  # ``second`` as written


@cache
def _family() -> dict[str, str]:
    """Indicator id -> family, so that a level and its growth pair up."""
    out = {}
    for fam in families():
        for ident in (*fam.ids.values(), fam.default):
            if ident:
                out[ident] = fam.family
    return out


def family_of(indicator: str | None) -> str:
    return _family().get(indicator or "", indicator or "")


def _by_document(index: TrackIndex, region: str | None) -> Iterator[list[Statement]]:
    """Each document's outcomes in text order."""
    docs: dict[str, list[Statement]] = defaultdict(list)
    for (reg, _, _, _), group in index.outcomes.items():
        if region is None or reg == region:
            for s in group:
                docs[s.doc].append(s)
    for group in docs.values():
        group.sort(key=lambda s: s.start)
        yield group


def _close(a: Statement, b: Statement, gap: int) -> bool:
    return 0 <= b.start - a.end <= gap and a.region == b.region and a.period == b.period


def check_previous_levels(index: TrackIndex, region: str | None = None) -> list[Finding]:
    """A level followed by its growth, against the stored previous year's level."""
    rules, out = index.rules, []
    for group in _by_document(index, region):
        for level, growth in zip(group, group[1:], strict=False):
            if not (_close(level, growth, rules.gap_chars) and level.measure in _LEVELS):
                continue
            if growth.measure is not Measure.GROWTH_PCT or family_of(level.indicator) != family_of(growth.indicator):
                continue
            if level.qualifier not in (Qualifier.EXACT, None) or growth.value is None or growth.value <= -100:
                continue
            before = year_before(level.period)
            assert level.measure is not None
            stored = index.reported(level.region, level.indicator or "", level.measure.value, before) if before else []
            if not stored:
                continue
            implied = magnitude(level) / (1 + growth.value / 100)
            other = stored[0]
            found = magnitude(other.statement)
            if found and abs(implied - found) / abs(found) > rules.previous_level:
                out.append(_previous_finding(index.evidence(level), growth, other, implied))
    return out


def _previous_finding(level: Evidence, growth: Statement, other: Evidence, implied: float) -> Finding:
    s, o = level.statement, other.statement
    expected = implied / scale(o)
    found = o.value
    written = f"{s.value:g}"
    places = len(written.split(".")[1]) if "." in written else 0  # as precise as the level itself
    msg = (
        f"{s.region} {s.indicator_name or s.indicator} {s.period}年{written}{s.unit or ''}、增长{growth.value:g}%"
        f"（{level.source.name}「{s.quote}」），推算{o.period}年约{expected:.{places}f}{o.unit or ''}；"
        f"{other.source.name}「{o.quote}」记为{found:g}{o.unit or ''}"
    )
    return Finding(PREVIOUS_LEVEL, msg, level, other, expected, found)


def _national_sign(quote: str, index: TrackIndex) -> int:
    if any(w in quote for w in index.rules.above_national):
        return 1
    if any(w in quote for w in index.rules.below_national):
        return -1
    return 0


def check_national(index: TrackIndex, region: str | None = None) -> list[Finding]:
    """高于/低于全国 N个百分点 after a rate, against the stored national rate."""
    rules, out = index.rules, []
    for group in _by_document(index, region):
        for rate, diff in zip(group, group[1:], strict=False):
            if diff.measure is not Measure.PP_DIFF or rate.measure not in _RATES or rate.region == NATION:
                continue
            sign = _national_sign(diff.quote, index)
            if not sign or not _close(rate, diff, rules.gap_chars) or rate.value is None or diff.value is None:
                continue
            assert rate.measure is not None
            stored = index.reported(NATION, rate.indicator or "", rate.measure.value, rate.period)
            if not stored:
                continue
            implied = rate.value - sign * abs(diff.value)
            other = stored[0]
            if other.statement.value is not None and abs(implied - other.statement.value) > rules.national_points:
                out.append(_national_finding(index.evidence(rate), diff, other, implied))
    return out


def _national_finding(rate: Evidence, diff: Statement, other: Evidence, implied: float) -> Finding:
    s, o = rate.statement, other.statement
    msg = (
        f"{s.region} {s.indicator_name or s.indicator} {s.period} {s.value:g}%，{diff.quote}"
        f"（{rate.source.name}「{s.quote}」），推算全国为{implied:.3g}%；"
        f"{other.source.name}「{o.quote}」记全国为{o.value:g}%"
    )
    return Finding(NATIONAL, msg, rate, other, implied, o.value)


def check_same_key(index: TrackIndex, region: str | None = None) -> list[Finding]:
    """Outcomes of one region, indicator, period and measure that cannot both be true."""
    sets: list[list[Statement]] = []
    for (reg, indicator, _, _), group in index.outcomes.items():
        # an other:<name> id is a name guessed from the clause: figures sharing
        # one are mostly different things (158个国家, 10个国家), not two versions
        if (region is not None and reg != region) or len(group) < 2 or indicator.startswith(OTHER):
            continue
        periods: dict[str, list[Statement]] = defaultdict(list)
        for s in group:
            if not s.cumulative:
                periods[s.period].append(s)
        sets += [same for same in periods.values() if len(same) > 1]
    return [f for same in sets for f in _disagreements(index, same)]


def _disagreements(index: TrackIndex, same: list[Statement]) -> list[Finding]:
    ranked = sorted((index.evidence(s) for s in same), key=preference)
    best, out = ranked[0], []
    for e in ranked[1:]:
        if agree(best.statement, e.statement, index.rules):
            continue
        s, o = best.statement, e.statement
        note = "（其一为预计数）" if best.preliminary != e.preliminary else ""
        msg = (
            f"{s.region} {s.indicator_name or s.indicator} {s.period}：{best.source.name}「{s.quote}」"
            f"与{e.source.name}「{o.quote}」数值不一致{note}"
        )
        out.append(Finding(SAME_KEY, msg, best, e, s.value, o.value))
    return out


def consistency(index: TrackIndex, region: str | None = None) -> list[Finding]:
    """Every finding of the three checks (one region's, when given)."""
    return check_previous_levels(index, region) + check_national(index, region) + check_same_key(index, region)
