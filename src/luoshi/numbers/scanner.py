"""Find every quantity in a text: number, scale, unit, range and qualifier.

One compiled regular expression, built from ``units.yaml`` and
``qualifiers.yaml``, does the scanning; per match only a few slices and
dictionary look-ups follow, so the pass stays close to regex speed.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from heapq import merge
from typing import Any

import ahocorasick_rs

from luoshi.frozen_init import fast_init
from luoshi.numbers.numerals import parse_arabic, parse_chinese, split_trailing_scale
from luoshi.rules import load_yaml
from luoshi.rules.patterns import scanning, words_automaton
from luoshi.types import Qualifier

_ARABIC = r"[0-9０-９]+(?:,[0-9]{3}(?![0-9]))*(?:[.．][0-9０-９]+)?"
# Possessive, so a long run of numerals with no unit after it fails at once
# instead of backtracking; 千 before 瓦/克/米 starts the unit (十五万|千瓦).
_CHINESE = r"(?:[零〇一二两三四五六七八九十百万亿]|千(?![瓦克米]))++"
# Decimals written out (六点五万, 十二点五): digits only after 点.
_CHINESE_DECIMAL = r"(?:点[零〇一二三四五六七八九]++(?:万亿|亿|万)?)?"
_CHINESE_DIGITS = frozenset("零〇一二两三四五六七八九十")
_CHINESE_PLACES = frozenset("十百千万亿")
_VAGUE_BEFORE = ("几", "数", "若干")
_MINUS = frozenset("-－−")
# A minus sign after these is a dash or a range, not the sign of the number.
# (ASCII letters and digits too: 1-11月, G20-3%).
_NOT_SIGNED_AFTER = frozenset("０１２３４５６７８９%％‰)）")
_BEFORE_WINDOW = 20  # characters looked at for a not_quantities `before` rule


@fast_init
@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure as written. ``start:end`` covers qualifier words too
    (近6万列, 5%左右); ``num_start`` is where the digits begin."""

    start: int
    end: int
    num_start: int
    value: float
    value_high: float | None
    unit: str
    scale: float
    stem: str
    unit_class: str  # level | count | percent | permille | points | bare (a scale with no unit: 9万亿)
    qualifier: Qualifier
    chinese: bool
    named: bool = False  # the numeral names a programme or slogan (五大任务, 七项重点工作)

    @property
    def base_value(self) -> float:
        return self.value * self.scale


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class _Context:
    """A rule over the words around a figure: ``before`` must end where the
    number begins, ``after`` must start where its unit ends."""

    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    chinese_only: bool = False

    def holds(self, text: str, num_start: int, unit_end: int) -> bool:
        # `before` first: most open with a literal (每), which the regex engine scans for fast
        if self.before is not None and not _ends_with(self.before, text, num_start):
            return False
        return self.after is None or self.after.match(text, unit_end) is not None


def _ends_with(pattern: re.Pattern[str], text: str, at: int) -> bool:
    return pattern.search(text, max(0, at - _BEFORE_WINDOW), at) is not None


@dataclass(frozen=True)
class _RuleSet:
    """Context rules checked together: those with only an `after` (or only a
    `before`) as one alternation, so a figure costs two regex calls, not one
    per rule; the few with both one by one."""

    after: re.Pattern[str] | None
    before: re.Pattern[str] | None
    both: tuple[_Context, ...]

    @classmethod
    def of(cls, rows: list[dict[str, Any]]) -> _RuleSet:
        after = [r["after"] for r in rows if "before" not in r]
        before = [r["before"] for r in rows if "after" not in r]
        both = [r for r in rows if "before" in r and "after" in r]
        return cls(
            re.compile("|".join(f"(?:{a})" for a in after)) if after else None,
            re.compile("(?:" + "|".join(f"(?:{b})" for b in before) + ")$") if before else None,
            tuple(_Context(re.compile(f"(?:{r['before']})$"), re.compile(r["after"])) for r in both),
        )

    def holds(self, text: str, num_start: int, unit_end: int) -> bool:
        if self.after is not None and self.after.match(text, unit_end) is not None:
            return True
        if self.before is not None and self.before.search(text, max(0, num_start - _BEFORE_WINDOW), num_start):
            return True
        for c in self.both:
            if c.holds(text, num_start, unit_end):
                return True
        return False


def _applies(row: dict[str, Any], unit: str, cls: str) -> bool:
    """A rule names units, unit classes, or neither (then it holds for any unit)."""
    units, classes = row.get("units", ()), row.get("classes", ())
    return (not units and not classes) or unit in units or cls in classes


def _slogans(rows: list[dict[str, Any]]) -> dict[str, list[_Context]]:
    out: dict[str, list[_Context]] = {}
    for row in rows:
        rule = _Context(None, re.compile(row["after"]), bool(row.get("chinese", False)))
        for unit in row["units"]:
            out.setdefault(unit, []).append(rule)
    return out


@dataclass(frozen=True)
class _Rules:
    pattern: re.Pattern[str]
    fraction: re.Pattern[str]  # 百分之五: scanned apart, only in texts that write 分之
    unit_class: dict[str, str]
    compound_class: tuple[tuple[re.Pattern[str], str], ...]
    fraction_unit: dict[str, str]
    converted: dict[str, tuple[str, float]]
    one_counts: frozenset[str]
    two_counts: frozenset[str]
    scales: dict[str, float]
    prefix: re.Pattern[str]
    prefix_qualifier: dict[str, Qualifier]
    prefix_not_after: dict[str, frozenset[str]]
    suffix: re.Pattern[str]
    suffix_qualifier: dict[str, Qualifier]
    fixed_names: ahocorasick_rs.AhoCorasick  # leftmost-longest, as the regex alternation longest first was
    person_nouns: frozenset[str]
    bare_scales: frozenset[str]
    not_quantity: tuple[dict[str, Any], ...]
    units: dict[str, _Unit]  # each unit as written, described on first sight
    slogans: dict[str, list[_Context]]

    def class_of(self, unit: str) -> str | None:
        """The class of a unit as written after its scale word, or None."""
        found = self.unit_class.get(unit)
        if found is None:
            for pattern, cls in self.compound_class:
                if pattern.fullmatch(unit):
                    return cls
        return found


_CLASSES = ("level", "count", "percent", "permille", "points")


@cache
def rules() -> _Rules:
    units = load_yaml("units.yaml")
    quals = load_yaml("qualifiers.yaml")
    unit_class = {u: cls for cls in _CLASSES for u in units[cls]}
    compound = [(p, cls) for cls, patterns in units["compound"].items() for p in patterns]
    fractions = {k: str(v) for k, v in units["fraction_words"].items()}
    converted = {k: (str(v["unit"]), float(v["factor"])) for k, v in units["converted"].items()}
    person = units["person_nouns"]
    scales = {k: float(v) for k, v in units["scales"].items()}
    # Compound units first: 万元/人 is read whole before 万元 could end the figure.
    plain = _alternation([*unit_class, *converted])
    unit_alt = "|".join([f"(?:{p})" for p, _ in compound] + [_alternation(person), plain])
    scale_alt = _alternation(list(scales))
    infix = _alternation(quals["infix"]["more_than"])
    sep = _alternation(quals["range_separators"])
    pct = "".join(u for u in unit_class if unit_class[u] in ("percent", "permille"))
    pattern = scanning(
        rf"(?<![0-9A-Za-z.．０-９第])(?:(?P<ar>{_ARABIC})(?:(?P<pct1>[{pct}])?(?:{sep})(?P<ar2>{_ARABIC}))?"
        rf"(?P<inf1>{infix})?(?:(?P<atomic>{_alternation(units['atomic_units'])})|(?P<scale>{scale_alt})?"
        rf"(?P<inf2>{infix})?(?P<unit>{unit_alt})?)(?![A-Za-z])"
        rf"|(?<![零〇一二两三四五六七八九十百千万亿])(?P<cn>{_CHINESE}{_CHINESE_DECIMAL})(?P<inf3>{infix})?"
        rf"(?P<cunit>{unit_alt}))"
    )

    def table(section: str) -> dict[str, Qualifier]:
        return {w: Qualifier(q) for q, words in quals[section].items() for w in words}

    prefix_q, suffix_q = table("prefix"), table("suffix")
    return _Rules(
        pattern=pattern,
        fraction=re.compile(rf"(?:{_alternation(list(fractions))})(?P<fnum>{_ARABIC}|{_CHINESE}{_CHINESE_DECIMAL})"),
        unit_class=unit_class,
        compound_class=tuple((re.compile(p), cls) for p, cls in compound),
        fraction_unit=fractions,
        converted=converted,
        one_counts=frozenset(units["one_counts"]),
        two_counts=frozenset(units["two_counts"]),
        scales=scales,
        prefix=re.compile(rf"(?P<word>{_alternation(list(prefix_q))})(?:{_alternation(quals['prefix_bridge'])})?$"),
        prefix_not_after={w: frozenset(chars) for w, chars in quals["prefix_not_after"].items()},
        prefix_qualifier=prefix_q,
        suffix=re.compile(_alternation(list(suffix_q))),
        suffix_qualifier=suffix_q,
        fixed_names=words_automaton(units["fixed_names"]),
        person_nouns=frozenset(person),
        bare_scales=frozenset(units["bare_scales"]),
        not_quantity=tuple(units["not_quantities"]),
        units={},
        slogans=_slogans(units["slogans"]),
    )


def split_unit(unit: str) -> tuple[float, str]:
    """'亿吨' → (1e8, '吨'): a unit as written, as its scale and stem."""
    r = rules()
    if r.class_of(unit) is not None:
        return 1.0, unit
    for word in sorted(r.scales, key=len, reverse=True):
        if unit.startswith(word) and r.class_of(unit[len(word) :]) is not None:
            return r.scales[word], unit[len(word) :]
    return 1.0, unit


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity in ``text[start:end]``, in order, offsets into ``text``."""
    r = rules()
    end = len(text) if end is None else end
    names = _fixed_names(r, text, start, end)
    name_starts = [s for s, _ in names]
    out: list[Quantity] = []
    bounded = False  # the last figure heads or continues a list bounded by its prefix
    matches: Iterable[re.Match[str]] = r.pattern.finditer(text, start, end)
    if text.find("分之", start, end) >= 0:
        matches = merge(matches, r.fraction.finditer(text, start, end), key=lambda m: m.start())
    for m in matches:
        if m.re is r.fraction:
            q = _fraction(text, m, r)
        elif m.group("ar"):
            q = _arabic(text, m, r)
        else:
            q = _chinese(text, m, r, names, name_starts)
        if q is None:
            continue
        if bounded and _listed_after(text, out[-1], q):
            # 跨越7万亿、8万亿、9万亿: the word before the first bounds the list.
            q = replace(q, qualifier=out[-1].qualifier)
        else:
            bounded = q.start < q.num_start
        out.append(q)
    return out


def _fixed_names(r: _Rules, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the fixed names (一带一路, 十四五) in ``text[start:end]``, none overlapping."""
    window = text if start == 0 and end == len(text) else text[start:end]
    return [(start + s, start + e) for _, s, e in r.fixed_names.find_matches_as_indexes(window)]


def _listed_after(text: str, prev: Quantity, q: Quantity) -> bool:
    return (
        q.qualifier is Qualifier.EXACT
        and q.start == q.num_start
        and q.stem == prev.stem
        and text[prev.end : q.start] == "、"
    )


def _arabic(text: str, m: re.Match[str], r: _Rules) -> Quantity | None:
    # One call for all the groups: a figure is read from eight of them.
    ar, pct1, ar2, inf1, atomic, scale_word, inf2, unit = m.group(*_ARABIC_GROUPS)
    unit = atomic or unit
    scale_word = scale_word or ""
    if not unit:
        if scale_word in r.bare_scales and not ar2:
            unit = ""  # 9万亿: the currency left out; the reader of the sentence supplies it
        else:
            return None
    if pct1 and r.unit_class.get(pct1) != r.unit_class.get(unit):
        return None
    value = parse_arabic(ar)
    high = parse_arabic(ar2) if ar2 else None
    if not math.isfinite(value * r.scales.get(scale_word, 1.0)) or (high is not None and not math.isfinite(high)):
        return None  # a run of hundreds of digits is no figure
    signed = _signed(text, m.start())
    if signed:  # 人口自然增长率为-3.30‰
        value, high = -value, (-high if high is not None else None)
    more = bool(inf1 or inf2)
    if unit in r.person_nouns:
        if not scale_word:
            return None
        unit = "人"
    return _build(text, m, r, value, high, scale_word, unit, more, chinese=False, num_start=m.start() - signed)


_ARABIC_GROUPS = ("ar", "pct1", "ar2", "inf1", "atomic", "scale", "inf2", "unit")


def _signed(text: str, at: int) -> int:
    """1 when a minus sign stands right before the digits at ``at``, else 0."""
    if at == 0 or text[at - 1] not in _MINUS:
        return 0
    prev = text[at - 2] if at >= 2 else ""
    return 0 if prev.isascii() and prev.isalnum() or prev in _NOT_SIGNED_AFTER else 1


def _fraction(text: str, m: re.Match[str], r: _Rules) -> Quantity | None:
    """百分之五, 百分之十二点五, 千分之12.13: the number after the fraction word."""
    written = m.group("fnum")
    chinese = not written[0].isdigit()
    if written[0] in _CHINESE_PLACES:
        written = "一" + written  # 百分之百
    value = _chinese_value(written) if chinese else parse_arabic(written)
    if value is None:
        return None
    word = text[m.start() : m.start("fnum")]
    return _build(text, m, r, value, None, "", r.fraction_unit[word], False, chinese=chinese)


def _chinese(
    text: str, m: re.Match[str], r: _Rules, names: list[tuple[int, int]], name_starts: list[int]
) -> Quantity | None:
    i = bisect_right(name_starts, m.start()) - 1
    if i >= 0 and names[i][1] > m.start():
        return None  # inside a fixed name: 一带一路, 新三样
    if i + 1 < len(names) and names[i + 1][0] < m.end():
        return None
    cn = m.group("cn")
    if text.endswith(_VAGUE_BEFORE, 0, m.start()):
        return None  # 几十万, 数十个 are no exact amount
    if _CHINESE_DIGITS.isdisjoint(cn):
        # 万千 has no digit; a scale word alone is one of it only after a
        # bound: 突破万亿元, 超千亿元, 近万人, 首次突破千万千瓦.
        if cn not in r.scales or not r.prefix.search(text, max(0, m.start() - 5), m.start()):
            return None
        cn = "一" + cn
    if cn.endswith("十") and text.startswith("几", m.end("cn")):
        return None
    numeral, scale_word = split_trailing_scale(cn, r.scales)
    unit = m.group("cunit")
    if numeral in ("一", "两", "二") and not scale_word and unit not in r.one_counts:
        if numeral != "两" or unit not in r.two_counts:
            return None  # 一批, 一份, 两个…: idiom far more often than a count
    value = _chinese_value(numeral)
    if value is None:
        return None
    if unit in r.person_nouns:
        if not scale_word:
            return None
        unit = "人"
    return _build(text, m, r, value, None, scale_word, unit, bool(m.group("inf3")), chinese=True)


def _chinese_value(numeral: str) -> float | None:
    """The value of a Chinese numeral; None for a run of digits with no place
    word (唯一一个, 两三个) or a lone zero, which count nothing."""
    whole = numeral.split("点", 1)[0]
    if len(whole) > 1 and _CHINESE_PLACES.isdisjoint(whole) or numeral in ("零", "〇"):
        return None  # 零 alone counts nothing either: 零部件, 零距离
    return parse_chinese(numeral)


def _build(
    text: str,
    m: re.Match[str],
    r: _Rules,
    value: float,
    high: float | None,
    scale_word: str,
    unit: str,
    more: bool,
    chinese: bool,
    num_start: int | None = None,
) -> Quantity | None:
    start, end = m.start() if num_start is None else num_start, m.end()
    if unit == "人" and m.group("cunit" if chinese else "unit") != "人":
        end = m.start("cunit" if chinese else "unit")  # the noun (青年) is not part of the figure
    info = r.units.get(unit) or _describe(r, unit)
    if info.checks is not None and info.checks.holds(text, start, end):
        return None
    qualifier = Qualifier.RANGE if high is not None else Qualifier.EXACT
    suffix = r.suffix.match(text, end)
    pre = r.prefix.search(text, max(0, start - 5), start)
    if pre is not None and text[pre.start() - 1 : pre.start()] in r.prefix_not_after.get(pre.group("word"), ()):
        pre = None  # 签约, 最近: the prefix is part of another word
    if qualifier is Qualifier.EXACT:
        if suffix:
            qualifier = r.suffix_qualifier[suffix.group()]
        elif more:
            qualifier = Qualifier.MORE_THAN
        elif pre:
            qualifier = r.prefix_qualifier[pre.group("word")]
    # By position: a class called with keywords has them packed into a dict
    # and unpacked again, a third of the cost of building one per figure.
    return Quantity(
        pre.start() if pre else start,  # start
        suffix.end() if suffix else end,  # end
        start,  # num_start
        value,
        high,  # value_high
        scale_word + unit,  # unit
        r.scales.get(scale_word, 1.0) * info.factor,  # scale
        info.stem,
        info.unit_class,
        qualifier,
        chinese,
        bool(info.slogans) and _meets(info.slogans, text, start, end, chinese),  # named
    )


@dataclass(frozen=True, slots=True)
class _Unit:
    """What the scanner needs to know of a unit as written, worked out once."""

    stem: str  # the unit the value is in once applied: 成 -> %
    factor: float  # 成 -> 10
    unit_class: str
    checks: _RuleSet | None  # the not_quantities rules that apply to it
    slogans: tuple[_Context, ...]


def _describe(r: _Rules, unit: str) -> _Unit:
    stem, factor = r.converted.get(unit, (unit, 1.0))
    cls = (r.class_of(stem) or "count") if stem else "bare"
    rows = [row for row in r.not_quantity if _applies(row, unit, cls)]
    found = _Unit(stem, factor, cls, _RuleSet.of(rows) if rows else None, tuple(r.slogans.get(unit, ())))
    r.units[unit] = found
    return found


def _meets(contexts: Iterable[_Context], text: str, num_start: int, unit_end: int, chinese: bool) -> bool:
    return any((chinese or not c.chinese_only) and c.holds(text, num_start, unit_end) for c in contexts)
