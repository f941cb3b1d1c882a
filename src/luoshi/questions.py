"""Questions in plain Chinese, as typed into the search box, read into the
filters the pages already have.

    >>> q = parse_question("兴安盟 2025年 欠进度的目标", today=date(2026, 3, 1))
    >>> [(f.field, f.value) for f in q.filters]
    [('region', '兴安盟'), ('year', '2025'), ('status', 'behind'), ('kind', 'target')]

Every filter is a span of the question, so a page can show what was
understood and let the user take a piece out. Places are read by the
gazetteer, indicators by the catalogue's aliases (as the extractor matches
them), years and parts of a year as the extractor reads them; the words
only questions use are in ``rules/data/questions.yaml``. What no rule
reads is left as ``rest``: the words to search the texts for.

Fields: ``region`` and ``partner`` (full names; a place right after 和/与
is the other side of a relation), ``port`` (满洲里口岸: the ports of a
place), ``indicator`` (a catalogue id), ``measure``, ``year`` and ``part``
(``Q1``, ``H1``, ``10`` for January–October, ``M10`` for October alone),
``kind`` (target, actual, event), ``event`` (agreement, visit …) and
``status`` (a ``luoshi.track.status.Status`` value).
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import ahocorasick_rs

from luoshi.errors import RulesError
from luoshi.extract.indicators import Family, alias_hits, families
from luoshi.extract.periods import part_mentions, relative_years
from luoshi.gazetteer import Gazetteer
from luoshi.places import Place, PlaceFinder, PlaceKind, Registry
from luoshi.rules import load_yaml
from luoshi.track.deadlines import today as beijing_today
from luoshi.track.status import Status
from luoshi.types import Kind

FIELDS = ("region", "partner", "port", "indicator", "measure", "year", "part", "kind", "event", "status")
# The extractor's event types (events.yaml) in the words pages use for them.
EVENT_WORDS = {"visit": "考察", "agreement": "协议", "contract": "签约项目", "forum": "论坛", "promotion": "推介会"}
HOME = "内蒙古自治区"
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?:年度|年|(?![0-9]))")
_GROWTH_ENDINGS = ("涨幅", "增速", "增长", "率")


@dataclass(frozen=True, slots=True)
class Filter:
    """One thing a question asks for, and where it says so: ``text[start:end]``."""

    field: str
    value: str
    start: int
    end: int
    label: str  # what a page shows: 兴安盟, 地区生产总值增速, 2025年, 欠进度
    places: tuple[str, ...] = ()  # ids of luoshi.places.Registry entries it names


@dataclass(frozen=True)
class Question:
    """A question, the filters read from it (in the order said) and the
    spans no rule read (``rest``)."""

    text: str
    filters: tuple[Filter, ...]
    rest: tuple[tuple[int, int], ...]
    this_year: int  # the year a part of a year said alone (一季度) is of

    def first(self, field: str) -> Filter | None:
        return next((f for f in self.filters if f.field == field), None)

    def value(self, field: str) -> str | None:
        found = self.first(field)
        return found.value if found else None

    @property
    def period(self) -> str | None:
        """The contract's period of the year and part asked for: 2025, 2025-H1, 2025-10."""
        year, part = self.value("year"), self.value("part")
        if year is None and part is None:
            return None
        year = year or str(self.this_year)
        if part is None:
            return year
        if part.endswith("-end"):  # 截至11月底: the month's last day
            month = int(part[:2])
            return f"{year}-{month:02d}-{monthrange(int(year), month)[1]:02d}"
        return f"{year}-{part}"

    @property
    def rest_words(self) -> list[str]:
        """The pieces of the question no rule read, longest first."""
        return sorted((self.text[s:e] for s, e in self.rest), key=len, reverse=True)

    def without(self, dropped: Filter) -> str:
        """The question with one filter's words taken out."""
        return " ".join((self.text[: dropped.start].rstrip(), self.text[dropped.end :].lstrip())).strip()


def parse_question(text: str, today: date | None = None, home: str = HOME) -> Question:
    """The filters ``text`` asks for. ``today`` (Beijing's, by default) dates
    今年 and 去年; ``home`` is the region 全区 means."""
    today = today or beijing_today()
    chosen = _leftmost_longest(_hits(text, today, home))
    filters = _relations(text, chosen)
    covered = [(h.start, h.end) for h in chosen]
    return Question(text, tuple(filters), _gaps(text, covered), today.year)


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    field: str  # a FIELDS entry, or a word's role: filler, partner_before, port_word
    value: str
    label: str
    places: tuple[str, ...] = ()


def _hits(text: str, today: date, home: str) -> list[_Hit]:
    """Every reading of every piece of the question; overlaps are settled after."""
    found = list(_word_hits(text, today, home))
    registry = Registry.default()
    for s, e, region in Gazetteer.default().find(text):
        if region.code is not None:
            found.append(_Hit(s, e, "region", region.name, region.name, _ids(registry.for_region(region))))
    found += _place_hits(text, registry)
    for hit in alias_hits(text):
        found.append(_Hit(hit.start, hit.end, "indicator", hit.family.family, hit.family.name))
    for m in _YEAR.finditer(text):
        found.append(_Hit(m.start(), m.end(), "year", str(int(m.group(1))), f"{int(m.group(1))}年"))
    for p in part_mentions(text):
        if p.code:  # 全年 asks for the year itself
            found.append(_Hit(p.start, p.end, "part", p.code[1:], text[p.start : p.end]))
    return found


def _place_hits(text: str, registry: Registry) -> Iterable[_Hit]:
    """What only the registry names: ports (满洲里口岸, 策克口岸), the
    leagues' own aliases (呼市), and partners no region name is (京蒙协作,
    长三角, 俄蒙) — a plain region is the gazetteer's."""
    gazetteer = registry.gazetteer
    for m in PlaceFinder.default().find(text):
        kinds = {p.kind for p in m.places}
        ids = tuple(p.id for p in m.places)
        if kinds == {PlaceKind.PORT}:
            host = gazetteer.by_code(m.places[0].code or "")
            yield _Hit(m.start, m.end, "port", host.name if host else m.text, m.text, ids)
        elif len(m.places) == 1 and kinds <= {PlaceKind.LEAGUE, PlaceKind.CITY}:
            yield _Hit(m.start, m.end, "region", m.places[0].name, m.places[0].name, ids)
        elif kinds == {PlaceKind.PARTNER} and gazetteer.by_name(m.text) is None:
            yield _Hit(m.start, m.end, "partner", "、".join(p.name for p in m.places), m.text, ids)


def _ids(place: Place | None) -> tuple[str, ...]:
    return (place.id,) if place is not None else ()


def _word_hits(text: str, today: date, home: str) -> Iterable[_Hit]:
    auto, words = _words()
    for i, start, end in auto.find_matches_as_indexes(text):
        word, field, value = words[i]
        if field == "year":
            value = str(today.year + int(value))
        label = {"region": home, "year": f"{value}年"}.get(field, _word_label(field, value, word))
        yield _Hit(start, end, field, home if field == "region" else value, label)


def _leftmost_longest(hits: list[_Hit]) -> list[_Hit]:
    """Non-overlapping hits, the longest at each leftmost free place; of two
    as long, the first reader's (places, then indicators, then words)."""
    ranked = sorted(hits, key=lambda h: (h.start, h.start - h.end, _RANK.get(h.field, 9)))  # stable: ties keep order
    chosen: list[_Hit] = []
    free = 0
    for hit in ranked:
        if hit.start >= free and hit.end > hit.start:
            chosen.append(hit)
            free = hit.end
    return chosen


_RANK = {"region": 0, "partner": 0, "indicator": 1, "year": 2, "part": 2}


def _relations(text: str, chosen: list[_Hit]) -> list[Filter]:
    """Filters of the chosen hits, read together: 和 + a place is a partner
    (the filter spans both words), a place + 口岸 its ports, a measure word
    picks the indicator's id."""
    filters: list[Filter] = []
    measure = next((h.value for h in chosen if h.field == "measure"), None)
    for i, hit in enumerate(chosen):
        before = chosen[i - 1] if i else None
        after = chosen[i + 1] if i + 1 < len(chosen) else None
        if (
            hit.field in ("region", "partner")
            and before
            and before.field == "partner_before"
            and _adjacent(text, before, hit)
        ):
            filters.append(Filter("partner", hit.value, before.start, hit.end, hit.label, hit.places))
        elif hit.field == "region" and after and after.field == "port_word" and _adjacent(text, hit, after):
            ports = tuple(p.id for pid in hit.places for p in Registry.default().ports_in(pid))
            filters.append(Filter("port", hit.value, hit.start, after.end, text[hit.start : after.end], ports))
        elif hit.field == "indicator":
            ident, label = _indicator(hit.value, measure)
            filters.append(Filter("indicator", ident, hit.start, hit.end, label))
        elif hit.field in FIELDS:
            filters.append(Filter(hit.field, hit.value, hit.start, hit.end, hit.label, hit.places))
    return filters


def _adjacent(text: str, left: _Hit | None, right: _Hit) -> bool:
    return left is not None and not text[left.end : right.start].strip()


def _indicator(family_id: str, measure: str | None) -> tuple[str, str]:
    """The catalogue id a family is asked for by (its growth id after 增长,
    else its level, count or default), and its name as a page shows it."""
    family = _families()[family_id]
    for m in (measure, "level", "count", "growth_pct", "rate_pct"):
        if m and m in family.ids:
            ident = family.ids[m]
            growth = m == "growth_pct" and not family.name.endswith(_GROWTH_ENDINGS)
            return ident, family.name + ("增速" if growth else "")
    return family.default or f"other:{family.name}", family.name


def _gaps(text: str, covered: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The spans between the covered ones, trimmed of blanks; empty ones dropped."""
    out: list[tuple[int, int]] = []
    at = 0
    for start, end in [*covered, (len(text), len(text))]:
        piece = text[at:start]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            out.append((at + lead, at + trail))
        at = max(at, end)
    return tuple(out)


@cache
def _families() -> dict[str, Family]:
    return {f.family: f for f in families()}


# What a chip says for a word's value (the question's own word otherwise).
_LABELS = {
    "kind": {Kind.TARGET.value: "目标", Kind.ACTUAL.value: "实绩", Kind.EVENT.value: "事件"},
    "event": EVENT_WORDS,
    "measure": {"growth_pct": "增速", "level": "总量"},
}


def _word_label(field: str, value: str, word: str) -> str:
    if field == "status":
        return Status(value).word
    return _LABELS.get(field, {}).get(value, word)


@cache
def _words() -> tuple[ahocorasick_rs.AhoCorasick, tuple[tuple[str, str, str], ...]]:
    """The automaton of every question word, and (word, field, value) by
    pattern index: a word listed twice is its last listing's."""
    by_word = {word: (word, field, value) for word, field, value in question_words(load_yaml("questions.yaml"))}
    auto = ahocorasick_rs.AhoCorasick(list(by_word), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    return auto, tuple(by_word.values())


def question_words(data: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(word, field, value) of every word a question may use, checked: a
    RulesError names a value the code does not know."""
    out: list[tuple[str, str, str]] = []
    for field, key, known in (("kind", "kinds", {k.value for k in Kind}), ("event", "events", set(EVENT_WORDS))):
        for value, words in data[key].items():
            _check(value in known, f"{key}: unknown {field} {value}")
            out += [(w, field, value) for w in words]
    statuses = {s.value for s in Status}
    for value, words in data["statuses"].items():
        _check(value in statuses, f"statuses: unknown status {value}")
        out += [(w, "status", value) for w in words]
    out += [(s.word, "status", s.value) for s in Status]
    for value, words in data["measures"].items():
        _check(value in _LABELS["measure"], f"measures: unknown measure {value}")
        out += [(w, "measure", value) for w in words]
    for word, family in data["indicator_words"].items():
        _check(family in _families(), f"indicator_words: {word} names unknown family {family}")
        out.append((word, "indicator", family))
    out += [(w, "year", str(n)) for w, n in relative_years().items()]
    for key, role in (("home", "region"), ("partner_before", "partner_before"), ("port_words", "port_word")):
        out += [(w, role, "") for w in data[key]]
    out += [(w, "filler", "") for w in data["fillers"]]
    return out


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise RulesError(f"rules/data/questions.yaml: {message}")
