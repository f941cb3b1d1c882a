"""Cooperation events (delegation visits and meetings, agreements and
projects signed, forums, investment promotion meetings) with their parties
and date, as ``event`` statements.

The wording lives in ``rules/data/events.yaml``; this module matches its
patterns, drops what is planned rather than done, and reads each match's
date and parties.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

import ahocorasick_rs

from luoshi.errors import RulesError
from luoshi.extract.structure import Structure, Zone
from luoshi.gazetteer import Gazetteer, Region
from luoshi.rules import load_yaml
from luoshi.rules.patterns import words_automaton

_PLAN_ZONES = (Zone.PLAN_YEAR, Zone.PLAN_MULTI_YEAR)
_VERB_GROUPS = ("v", "v2", "v3")
# Groups holding names, not the text's own voice: 推进 in a forum's name or
# 协议 in a paper's title says nothing about whether the event took place.
_NAME_GROUPS = ("meeting", "what", "hosts")
_LIST = re.compile(r"、|和|及|以及")
_SIDES = re.compile(r"与|同|和")
_NOT_ONE_NAME = re.compile(r"[、，,\d的]")
_NAME_OPENING = re.compile(r"^(?:第[\d一二三四五六七八九十百]+届|(?:19|20)\d{2}年?|[“\"（(])+")


@dataclass(frozen=True)
class EventRule:
    id: str
    type: str  # `meeting`: a forum or a promotion, as the meeting's name says
    trigger: tuple[str, ...]  # words one of which the event's sentence holds
    pattern: re.Pattern[str]
    groups: dict[str, str]  # group name -> how its text becomes parties
    dated: bool  # only with a day written in the text
    required: str | None  # a group that must yield a party, or no event
    context: re.Pattern[str] | None  # must occur in the sentence
    visited: re.Pattern[str] | None


@dataclass(frozen=True)
class MeetingType:
    type: str
    heads: re.Pattern[str]
    organiser_from_name: bool


@dataclass(frozen=True)
class _Rules:
    events: tuple[EventRule, ...]
    triggers: ahocorasick_rs.AhoCorasick  # every rule's trigger words, found in one pass
    rules_of: dict[str, tuple[int, ...]]  # trigger word -> indexes of its rules
    meetings: tuple[MeetingType, ...]
    not_meeting: re.Pattern[str]
    not_done: re.Pattern[str]
    date: re.Pattern[str]
    relative_days: dict[str, int]
    same_day: frozenset[str]
    date_reach: int
    date_join: int
    titles: re.Pattern[str]
    delegation: re.Pattern[str]
    strip_leading: re.Pattern[str]
    home: frozenset[str]
    home_levels: frozenset[str]
    body_suffixes: tuple[str, ...]
    after_region: int


@dataclass(frozen=True, slots=True)
class EventMatch:
    rule: str
    type: str
    start: int
    end: int
    parties: tuple[str, ...]
    date: str | None  # ISO date when the text gives one
    place: str | None


@dataclass(frozen=True, slots=True)
class When:
    iso: str | None  # the day, when the text and the document's date settle it
    start: int | None  # where the day is written
    found: bool  # a day is written (近日 without a document date still counts)


def _expand(pattern: str, parts: dict[str, str]) -> str:
    """Replace each ``%name%`` by its part; parts may name parts too."""
    while "%" in pattern:
        pattern = re.sub(r"%(\w+)%", lambda m: f"(?:{parts[m.group(1)]})", pattern)
    return pattern


@cache
def _rules() -> _Rules:
    d = load_yaml("events.yaml")
    types = d["meetings"]["types"]
    parts = dict(
        d["parts"],
        meeting_head="|".join(t["heads"] for t in types),
        body_suffix="|".join(map(re.escape, d["body_suffixes"])),
    )
    events = tuple(_event_rule(e, parts) for e in d["events"])
    rules_of: dict[str, tuple[int, ...]] = {}
    for i, rule in enumerate(events):
        for word in rule.trigger:
            rules_of[word] = (*rules_of.get(word, ()), i)
    return _Rules(
        events=events,
        triggers=words_automaton(rules_of),
        rules_of=rules_of,
        meetings=tuple(
            MeetingType(t["type"], re.compile(t["heads"]), bool(t.get("organiser_from_name"))) for t in types
        ),
        not_meeting=re.compile(d["meetings"]["not_meeting"]),
        not_done=re.compile(d["not_done"]),
        date=re.compile(d["date"]),
        relative_days=dict(d["relative_days"]),
        same_day=frozenset(d["same_day"]),
        date_reach=int(d["date_reach_sentences"]),
        date_join=int(d["date_join_chars"]),
        titles=re.compile(d["titles"]),
        delegation=re.compile(_expand("%ch%{2,16}?%delegation%", parts)),
        strip_leading=re.compile(d["strip_leading"]),
        home=frozenset(d["home"]),
        home_levels=frozenset(d["home_levels"]),
        body_suffixes=tuple(d["body_suffixes"]),
        after_region=int(d["after_region_chars"]),
    )


def _event_rule(e: dict[str, Any], parts: dict[str, str]) -> EventRule:
    def compiled(key: str) -> re.Pattern[str] | None:
        return re.compile(_expand(e[key], parts)) if key in e else None

    return EventRule(
        id=e["id"],
        type=e["type"],
        trigger=_words(_expand(e["trigger"], parts), e["id"]),
        pattern=re.compile(_expand(e["pattern"], parts)),
        groups=dict(e.get("groups") or {}),
        dated=bool(e.get("dated")),
        required=e.get("required"),
        context=compiled("context"),
        visited=compiled("visited"),
    )


def _words(alternation: str, rule: str) -> tuple[str, ...]:
    """The literal words of a trigger (考察团|代表团): the words of all rules
    then make one pattern, one pass over the text for every rule."""
    words = tuple(w for w in re.split(r"[|()?:]+", alternation) if w)
    if not words or any(re.escape(w) != w for w in words):
        raise RulesError(f"events.yaml: the trigger of {rule} must be literal words joined by |")
    return words


def find_events(
    text: str,
    structure: Structure,
    doc_year: int | None,
    published: date | None = None,
    home: Region | None = None,
) -> Iterator[EventMatch]:
    """Events of a text in text order, each once: a later rule's match that
    overlaps an earlier one of the same type is the same event. ``home`` is
    the document's own region, what 我市 names."""
    rules = _rules()
    reader = _Reader(text, structure, rules, doc_year, published, home)
    kept: list[EventMatch] = []
    for rule, sentences in zip(rules.events, _sentences(text, structure, rules), strict=True):
        for m in _matches(text, structure, rule, sentences):
            ev = reader.event(rule, m)
            if ev is not None and not any(k.type == ev.type and k.start < ev.end and ev.start < k.end for k in kept):
                kept.append(ev)
    yield from sorted(kept, key=lambda e: (e.start, e.end))


def _sentences(text: str, structure: Structure, rules: _Rules) -> list[list[int]]:
    """For each rule, the starts of the sentences holding its trigger, in order."""
    found: list[dict[int, None]] = [{} for _ in rules.events]
    for _, at, end in rules.triggers.find_matches_as_indexes(text):
        start = structure.sentence_start(at)
        for i in rules.rules_of[text[at:end]]:
            found[i][start] = None
    return [list(starts) for starts in found]


def _matches(text: str, structure: Structure, rule: EventRule, sentences: list[int]) -> Iterator[re.Match[str]]:
    """Matches of the rule in the sentences holding its trigger: the costly
    pattern runs on those only."""
    for start in sentences:
        end = structure.sentence_end(start)
        if rule.context is None or rule.context.search(text, start, end):
            yield from rule.pattern.finditer(text, start, end)


class _Reader:
    """Reads one document's matches into events."""

    def __init__(
        self,
        text: str,
        structure: Structure,
        rules: _Rules,
        doc_year: int | None,
        published: date | None,
        home: Region | None,
    ) -> None:
        self.text = text
        self.structure = structure
        self.rules = rules
        self.doc_year = doc_year
        self.published = published
        self.home = home
        self.gazetteer = Gazetteer.default()

    def event(self, rule: EventRule, m: re.Match[str]) -> EventMatch | None:
        verb = next(m.start(g) for g in _VERB_GROUPS if g in m.re.groupindex and m.group(g) is not None)
        if self.structure.zone(m.start()) in _PLAN_ZONES or self._not_done(m):
            return None
        kind, organiser = self._type(rule, m)
        when = self.when(m.start(), verb)
        if kind is None or (rule.dated and not when.found):
            return None
        named = {g: self.parties(how, m.group(g)) for g, how in rule.groups.items() if m.group(g)}
        if rule.required is not None and not named.get(rule.required):
            return None
        found = self.organisers(m.group("meeting")) if organiser else []
        found += [p for g in rule.groups for p in named.get(g, ())]
        if rule.visited is not None:
            found += self._visited(rule.visited, m.end())
        start = self._opening(when, m.start())
        place = next(iter(named.get("place", ())), None)
        return EventMatch(rule.id, kind, start, m.end(), tuple(dict.fromkeys(found)), when.iso, place)

    def _opening(self, when: When, start: int) -> int:
        """Where the quote opens: at the day when it is written just before."""
        if when.start is None or when.start >= start or start - when.start > self.rules.date_join:
            return start
        between = self.text[when.start : start]
        return when.start if not any(c in between for c in "。！？\n") else start

    def _not_done(self, m: re.Match[str]) -> bool:
        """Planned, hoped for or denied: a cue in the clause before the match
        or inside it, names aside."""
        inside = list(m.group())
        for g in _NAME_GROUPS:
            if g in m.re.groupindex and m.group(g) is not None:
                inside[m.start(g) - m.start() : m.end(g) - m.start()] = " " * (m.end(g) - m.start(g))
        before = self.text[self.structure.clause_start(m.start()) : m.start()]
        return self.rules.not_done.search(before + "".join(inside)) is not None

    def _type(self, rule: EventRule, m: re.Match[str]) -> tuple[str | None, bool]:
        """The event type, and whether the meeting's name opens with its organiser."""
        if rule.type != "meeting":
            return rule.type, False
        name = m.group("meeting")
        if self.rules.not_meeting.search(name):
            return None, False
        for t in self.rules.meetings:
            if t.heads.search(name):
                return t.type, t.organiser_from_name
        return None, False

    # --- dates ------------------------------------------------------------------------

    def when(self, start: int, verb: int) -> When:
        """The last day written before the verb in its sentence, else the
        last one in the few sentences before it in its paragraph."""
        st = self.structure
        sentence = st.sentence_start(start)
        day = _last(self.rules.date, self.text, sentence, verb)
        if day is None:
            lo = sentence
            for _ in range(self.rules.date_reach):
                lo = st.sentence_start(max(lo - 1, 0))
            lo = max(lo, st.paragraph(start)[0])
            day = _last(self.rules.date, self.text, lo, sentence)
        if day is None:
            return When(None, None, False)
        return When(self._iso(day), day.start(), True)

    def _iso(self, m: re.Match[str]) -> str | None:
        try:
            if m.group("m"):
                year = int(m.group("y")) if m.group("y") else self.doc_year
                return date(year, int(m.group("m")), int(m.group("d"))).isoformat() if year else None
            if m.group("rel"):
                return self._relative(m)
            month = self._month_before(m.start())
            return date(month[0], month[1], int(m.group("dd"))).isoformat() if month else None
        except ValueError:  # 2月30日: no such day; the event keeps its year
            return None

    def _relative(self, m: re.Match[str]) -> str | None:
        word = m.group("rel")
        if word in self.rules.same_day:
            day = _last(self.rules.date, self.text, self._paragraph_before(m.start()), m.start(), full_only=True)
            if day is not None:
                return self._iso(day)
        shift = self.rules.relative_days[word]
        return (self.published + timedelta(days=shift)).isoformat() if self.published else None

    def _paragraph_before(self, pos: int) -> int:
        """Start of the paragraph before ``pos``'s: 同日 may open a paragraph."""
        st = self.structure
        i = st.paragraph_index(pos)
        return st.para_starts[i - 1] if i > 0 else st.paragraph(pos)[0]

    def _month_before(self, pos: int) -> tuple[int, int] | None:
        """Year and month a bare day (24日) lies in: the paragraph's last full
        date (a dateline), else the document's date."""
        full = _last(self.rules.date, self.text, self.structure.paragraph(pos)[0], pos, full_only=True)
        if full is not None:
            year = int(full.group("y")) if full.group("y") else self.doc_year
            return (year, int(full.group("m"))) if year else None
        return (self.published.year, self.published.month) if self.published else None

    # --- parties ----------------------------------------------------------------------

    def parties(self, how: str, raw: str) -> list[str]:
        """The parties a group's text names, read as ``how`` says (events.yaml)."""
        if how == "name":
            return [self._full(p) for p in self._split(raw)]
        if how == "place":
            return self._place(raw)
        if how == "person":
            return self._person(raw)
        if how == "clause":
            return [p for side in _SIDES.split(raw, maxsplit=1) for p in self._side(side)]
        return [self._full(raw)] if self._is_party(raw) else []

    def _side(self, words: str) -> list[str]:
        """One side of a signing: a party, else the regions it names."""
        if self._is_party(words):
            return [self._full(words)]
        return [r.name for _, _, r in self.gazetteer.find(words) if r.code is not None]

    def _split(self, raw: str) -> list[str]:
        """A list of names (A、B和C), each a party; one name that merely holds
        和 (中华人民共和国商务部) stays whole."""
        pieces = [p.strip() for p in _LIST.split(raw) if p.strip()]
        if len(pieces) > 1 and all(self._is_party(p) for p in pieces):
            return pieces
        return [raw.strip()]

    def _place(self, raw: str) -> list[str]:
        found = self.gazetteer.find(raw)
        if found:
            return [found[-1][2].name]
        return [self._full(raw)] if self._is_party(raw) else []

    def _person(self, raw: str) -> list[str]:
        """The body of a person named with a title, else the delegation the
        phrase names, else the phrase when it names a body."""
        raw = self.rules.strip_leading.sub("", raw)
        title = self.rules.titles.search(raw)
        if title is not None:
            # 市委副书记、市长张文杰 and 市长王海: a level alone, the home's officer
            body = raw[: title.start()] or title.group()[0]
            if body in self.rules.home_levels and self.home is not None:
                return [self.home.name]
            if len(body) >= 2:
                return [self._full(body)]
        delegation = self.rules.delegation.search(raw)
        if delegation is not None:
            return [delegation.group()]
        return [self._full(raw)] if self._is_party(raw) else []

    def _is_party(self, name: str) -> bool:
        if name in self.rules.home or self.gazetteer.by_name(name) is not None:
            return True
        if len(name) < 2 or _NOT_ONE_NAME.search(name):
            return False
        if name.endswith(self.rules.body_suffixes):
            return True
        opening = self.gazetteer.find(name, 0, 1 + max(len(name) - 1, 0))
        return bool(opening) and opening[0][0] == 0 and len(name) - opening[0][1] <= self.rules.after_region

    def _full(self, name: str) -> str:
        """The full official name of a region, the document's own for 我市."""
        if name in self.rules.home and self.home is not None:
            return self.home.name
        region = self.gazetteer.by_name(name)
        return region.name if region is not None else name

    def organisers(self, name: str) -> list[str]:
        """The place a meeting's name opens with (内蒙古锡林郭勒盟上海招商推介会:
        锡林郭勒盟, the deepest of the regions each lying in the one before)."""
        at = _NAME_OPENING.match(name)
        pos = at.end() if at else 0
        last: Region | None = None
        for s, e, region in self.gazetteer.find(name, pos):
            if s != pos or (last is not None and not _within(region, last)):
                break
            last, pos = region, e
        return [last.name] if last is not None and last.code is not None else []

    def _visited(self, pattern: re.Pattern[str], pos: int) -> list[str]:
        """Enterprises named as visited in the sentence after the visit."""
        end = self.structure.sentence_end(self.structure.sentence_end(pos))
        m = pattern.search(self.text, pos, end)
        if m is None:
            return []
        return [p.strip() for p in m.group("list").split("、") if p.strip()]


def _last(pattern: re.Pattern[str], text: str, start: int, end: int, full_only: bool = False) -> re.Match[str] | None:
    last = None
    for m in pattern.finditer(text, start, end):
        if not full_only or m.group("m"):
            last = m
    return last


def _within(child: Region, parent: Region) -> bool:
    if child.code is None or parent.code is None or parent.level == "county":
        return False
    return child.code.startswith(parent.code[: 2 if parent.level == "province" else 4]) and child.code != parent.code
