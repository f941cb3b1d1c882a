"""Find every quantity in a text: number, scale, unit, range and qualifier.

One compiled regular expression, built from ``units.yaml`` and
``qualifiers.yaml``, does the scanning; per match only a few slices and
dictionary look-ups follow, so the pass stays close to regex speed.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache

from luoshi.numbers.numerals import parse_arabic, parse_chinese, split_trailing_scale
from luoshi.rules import load_yaml
from luoshi.types import Qualifier

_ARABIC = r"[0-9０-９]+(?:,[0-9]{3}(?![0-9]))*(?:[.．][0-9０-９]+)?"
# Possessive, so a long run of numerals with no unit after it fails at once
# instead of backtracking; 千 before 瓦/克/米 starts the unit (十五万|千瓦).
_CHINESE = r"(?:[零〇一二两三四五六七八九十百万亿]|千(?![瓦克米]))++"
_CHINESE_DIGITS = frozenset("零〇一二两三四五六七八九十")
_VAGUE_BEFORE = ("几", "数", "若干")


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
    unit_class: str  # level | count | percent | points | bare (a scale with no unit: 9万亿)
    qualifier: Qualifier
    chinese: bool

    @property
    def base_value(self) -> float:
        return self.value * self.scale


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class _Rules:
    pattern: re.Pattern[str]
    unit_class: dict[str, str]
    scales: dict[str, float]
    prefix: re.Pattern[str]
    prefix_qualifier: dict[str, Qualifier]
    suffix: re.Pattern[str]
    suffix_qualifier: dict[str, Qualifier]
    fixed_names: re.Pattern[str]
    person_nouns: frozenset[str]
    bare_scales: frozenset[str]


@cache
def rules() -> _Rules:
    units = load_yaml("units.yaml")
    quals = load_yaml("qualifiers.yaml")
    unit_class = {u: cls for cls in ("level", "count", "percent", "points") for u in units[cls]}
    person = units["person_nouns"]
    scales = {k: float(v) for k, v in units["scales"].items()}
    unit_alt = _alternation(list(unit_class))
    scale_alt = _alternation(list(scales))
    infix = _alternation(quals["infix"]["more_than"])
    sep = _alternation(quals["range_separators"])
    pattern = re.compile(
        rf"(?<![0-9A-Za-z.．０-９第])(?:(?P<ar>{_ARABIC})(?:(?P<pct1>[%％])?(?:{sep})(?P<ar2>{_ARABIC}))?"
        rf"(?P<inf1>{infix})?(?:(?P<atomic>{_alternation(units['atomic_units'])})|(?P<scale>{scale_alt})?"
        rf"(?P<inf2>{infix})?(?P<unit>{_alternation(person)}|{unit_alt})?)(?![A-Za-z])"
        rf"|(?<![零〇一二两三四五六七八九十百千万亿])(?P<cn>{_CHINESE})(?P<inf3>{infix})?"
        rf"(?P<cunit>{_alternation(person)}|{unit_alt}))"
    )

    def table(section: str) -> dict[str, Qualifier]:
        return {w: Qualifier(q) for q, words in quals[section].items() for w in words}

    prefix_q, suffix_q = table("prefix"), table("suffix")
    return _Rules(
        pattern=pattern,
        unit_class=unit_class,
        scales=scales,
        prefix=re.compile(rf"(?P<word>{_alternation(list(prefix_q))})(?:{_alternation(quals['prefix_bridge'])})?$"),
        prefix_qualifier=prefix_q,
        suffix=re.compile(_alternation(list(suffix_q))),
        suffix_qualifier=suffix_q,
        fixed_names=re.compile(_alternation(units["fixed_names"])),
        person_nouns=frozenset(person),
        bare_scales=frozenset(units["bare_scales"]),
    )


def split_unit(unit: str) -> tuple[float, str]:
    """'亿吨' → (1e8, '吨'): a unit as written, as its scale and stem."""
    r = rules()
    if unit in r.unit_class:
        return 1.0, unit
    for word in sorted(r.scales, key=len, reverse=True):
        if unit.startswith(word) and unit[len(word) :] in r.unit_class:
            return r.scales[word], unit[len(word) :]
    return 1.0, unit


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity in ``text[start:end]``, in order, offsets into ``text``."""
    r = rules()
    end = len(text) if end is None else end
    names = [(m.start(), m.end()) for m in r.fixed_names.finditer(text, start, end)]
    name_starts = [s for s, _ in names]
    out: list[Quantity] = []
    bounded = False  # the last figure heads or continues a list bounded by its prefix
    for m in r.pattern.finditer(text, start, end):
        q = _arabic(text, m, r) if m.group("ar") else _chinese(text, m, r, names, name_starts)
        if q is None:
            continue
        if bounded and _listed_after(text, out[-1], q):
            # 跨越7万亿、8万亿、9万亿: the word before the first bounds the list.
            q = replace(q, qualifier=out[-1].qualifier)
        else:
            bounded = q.start < q.num_start
        out.append(q)
    return out


def _listed_after(text: str, prev: Quantity, q: Quantity) -> bool:
    return (
        q.qualifier is Qualifier.EXACT
        and q.start == q.num_start
        and q.stem == prev.stem
        and text[prev.end : q.start] == "、"
    )


def _arabic(text: str, m: re.Match[str], r: _Rules) -> Quantity | None:
    unit = m.group("atomic") or m.group("unit")
    scale_word = m.group("scale") or ""
    if not unit:
        if scale_word in r.bare_scales and not m.group("ar2"):
            unit = ""  # 9万亿: the currency left out; the reader of the sentence supplies it
        else:
            return None
    if m.group("pct1") and unit not in ("%", "％"):
        return None
    if unit in ("位", "名") and text[m.start() - 1 : m.start()] == "前":
        return None  # a ranking (全国前8位), not a count
    value = parse_arabic(m.group("ar"))
    high = parse_arabic(m.group("ar2")) if m.group("ar2") else None
    if not math.isfinite(value * r.scales.get(scale_word, 1.0)) or (high is not None and not math.isfinite(high)):
        return None  # a run of hundreds of digits is no figure
    more = bool(m.group("inf1") or m.group("inf2"))
    if unit in r.person_nouns:
        if not scale_word:
            return None
        unit = "人"
    return _build(text, m, r, value, high, scale_word, unit, more, chinese=False)


def _chinese(
    text: str, m: re.Match[str], r: _Rules, names: list[tuple[int, int]], name_starts: list[int]
) -> Quantity | None:
    i = bisect_right(name_starts, m.start()) - 1
    if i >= 0 and names[i][1] > m.start():
        return None  # inside a fixed name: 一带一路, 新三样
    if i + 1 < len(names) and names[i + 1][0] < m.end():
        return None
    if _CHINESE_DIGITS.isdisjoint(m.group("cn")) or text.endswith(_VAGUE_BEFORE, 0, m.start()):
        return None  # 万千 has no digit; 几十万, 数十个 are no exact amount
    if m.group("cn").endswith("十") and text.startswith("几", m.end("cn")):
        return None
    numeral, scale_word = split_trailing_scale(m.group("cn"), r.scales)
    if numeral in ("一", "两", "二") and not scale_word and m.group("cunit") not in ("个百分点", "百分点"):
        return None  # 一批, 一份, 两个…: idiom far more often than a count
    value = parse_chinese(numeral)
    if value is None:
        return None
    unit = m.group("cunit")
    if unit in r.person_nouns:
        if not scale_word:
            return None
        unit = "人"
    return _build(text, m, r, value, None, scale_word, unit, bool(m.group("inf3")), chinese=True)


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
) -> Quantity:
    start, end = m.start(), m.end()
    noun = m.group("cunit") if chinese else m.group("unit")
    if unit == "人" and noun != "人":
        end = m.start("cunit" if chinese else "unit")  # the noun (青年) is not part of the figure
    qualifier = Qualifier.RANGE if high is not None else Qualifier.EXACT
    suffix = r.suffix.match(text, end)
    pre = r.prefix.search(text, max(0, start - 5), start)
    if qualifier is Qualifier.EXACT:
        if suffix:
            qualifier = r.suffix_qualifier[suffix.group()]
        elif more:
            qualifier = Qualifier.MORE_THAN
        elif pre:
            qualifier = r.prefix_qualifier[pre.group("word")]
    scale = r.scales.get(scale_word, 1.0)
    return Quantity(
        start=pre.start() if pre else start,
        end=suffix.end() if suffix else end,
        num_start=start,
        value=value,
        value_high=high,
        unit=scale_word + unit,
        scale=scale,
        stem=unit,
        unit_class=r.unit_class.get(unit, "count") if unit else "bare",
        qualifier=qualifier,
        chinese=chinese,
    )
