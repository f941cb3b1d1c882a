"""Events as records: the event statements of a store (a visit, a signing,
a forum, a promotion, each a sentence of one document) grouped so that the
same event told by two documents is one event with two sources.

Events are computed when read, from the stored statements: nothing is
written at ingest, and a change to the registry (a new alias, a port)
shows at once. An event's id is that of the source stored first, so a
later document telling it again adds a source and keeps the id.

Two event statements are one event when they are of the same type, come
from different documents, are dated to days at most ``window_days`` apart
(``rules/data/places.yaml``), and share parties: two, or the one party of
a statement that names only one. A statement dated only to a year joins
the event its own document dates that year (a headline and its story);
else it stays an event of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from luoshi.places.figures import EventFigure, figures_of
from luoshi.places.finder import PlaceFinder
from luoshi.places.parties import resolve_party
from luoshi.places.registry import Place
from luoshi.rules import load_yaml
from luoshi.types import Statement


@dataclass(frozen=True, slots=True)
class EventParty:
    """A party as written, with the entry it stands for where known."""

    name: str
    place: Place | None

    @property
    def key(self) -> str:
        return self.place.id if self.place is not None else self.name

    def to_dict(self) -> dict[str, str | None]:
        place = self.place
        return {"name": self.name, "id": place.id if place else None, "entry": place.name if place else None,
                "kind": place.kind.value if place else None}  # fmt: skip


@dataclass(frozen=True, slots=True)
class EventSource:
    """One document's telling of an event: its sentence's span."""

    doc: str
    doc_id: str | None
    start: int
    end: int
    quote: str
    region: str
    region_code: str | None

    def to_dict(self) -> dict[str, object]:
        return {"doc": self.doc, "doc_id": self.doc_id, "start": self.start, "end": self.end, "quote": self.quote,
                "region": self.region, "region_code": self.region_code}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    date: str  # the day (2025-02-07), else the period the text gives
    kind: str  # the event type: visit, agreement, contract, forum, promotion
    parties: tuple[EventParty, ...]
    place: EventParty | None  # where it took place
    figures: tuple[EventFigure, ...]  # amounts and project counts its sentences give
    sources: tuple[EventSource, ...]  # the document stored first first

    def keys(self) -> set[str]:
        """The entries and names it involves: parties, place, sources' regions."""
        found = {p.key for p in self.parties}
        if self.place is not None:
            found.add(self.place.key)
        return found

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "date": self.date,
            "kind": self.kind,
            "parties": [p.to_dict() for p in self.parties],
            "place": self.place.to_dict() if self.place else None,
            "figures": [f.to_dict() for f in self.figures],
            "sources": [s.to_dict() for s in self.sources],
        }


@dataclass(frozen=True, slots=True)
class _Rules:
    window_days: int
    place_cues: tuple[str, ...]


@cache
def _rules() -> _Rules:
    d = load_yaml("places.yaml")["events"]
    return _Rules(int(d["window_days"]), tuple(d["place_cues"]))


def event_id(s: Statement) -> str:
    """The id an event takes from its first stored source."""
    where = f"{s.doc_id or s.doc}:{s.start}-{s.end}"
    return "event:" + hashlib.sha256(where.encode("utf-8")).hexdigest()[:12]


def group_events(statements: Sequence[Statement]) -> list[Event]:
    """Events of the event statements given in the order stored, by date
    then where first told, without figures (``with_figures``)."""
    parties = [_parties(s) for s in statements]
    days = [_day(s.period) for s in statements]
    groups = _UnionFind(len(statements))
    order = sorted(
        (i for i, d in enumerate(days) if d is not None), key=lambda i: (statements[i].event_type or "", days[i])
    )
    window = _rules().window_days
    for n, i in enumerate(order):
        for j in (order[k] for k in range(n + 1, len(order))):
            if statements[j].event_type != statements[i].event_type or _apart(days[i], days[j]) > window:
                break
            if statements[i].doc_id != statements[j].doc_id and _share(parties[i], parties[j]):
                groups.join(i, j)
    _headlines(statements, parties, days, groups)
    events = [_event([statements[i] for i in members], [parties[i] for i in members]) for members in groups.sets()]
    return sorted(events, key=lambda e: (e.date, e.sources[0].doc, e.sources[0].start))


def _headlines(
    statements: Sequence[Statement], parties: list[tuple[EventParty, ...]], days: list[date | None], groups: _UnionFind
) -> None:
    """A statement dated only to a year (a headline: 兴安盟党政考察团赴山东考察对接)
    joins the event of the same type its document dates in that year and
    whose parties it shares."""
    dated: dict[tuple[str | None, str | None, int], list[int]] = {}
    for j, (t, day) in enumerate(zip(statements, days, strict=True)):
        if day is not None:
            dated.setdefault((t.doc_id, t.event_type, day.year), []).append(j)
    for i, s in enumerate(statements):
        if days[i] is None and s.period.isdigit():
            same = dated.get((s.doc_id, s.event_type, int(s.period)), ())
            story = next((j for j in same if _share(parties[i], parties[j])), None)
            if story is not None:
                groups.join(i, story)


def with_figures(events: Sequence[Event], statements: Iterable[Statement], texts: Mapping[str, str]) -> list[Event]:
    """The events with the amounts and project counts their sentences give,
    from ``statements`` (those of their sources' documents) and the texts
    of those documents by id."""
    by_doc: dict[str | None, list[Statement]] = {}
    for s in statements:
        by_doc.setdefault(s.doc_id, []).append(s)
    return [replace(e, figures=tuple(_figures(e, by_doc, texts))) for e in events]


def _figures(e: Event, by_doc: dict[str | None, list[Statement]], texts: Mapping[str, str]) -> Iterator[EventFigure]:
    for src in e.sources:
        text = texts.get(src.doc_id or "")
        if text is not None:
            yield from figures_of(src.start, src.end, text, by_doc.get(src.doc_id, ()))


def _event(told: list[Statement], parties: list[tuple[EventParty, ...]]) -> Event:
    """An event of its statements in the order stored: its id the first's,
    its date and place those of the first dated to a day."""
    dated = next((s for s in told if _day(s.period) is not None), told[0])
    merged: dict[str, EventParty] = {}
    for p in (p for ps in parties for p in ps):
        merged.setdefault(p.key, p)
    sources = tuple(EventSource(s.doc, s.doc_id, s.start, s.end, s.quote, s.region, s.region_code) for s in told)
    kind = told[0].event_type or ""
    return Event(event_id(told[0]), dated.period, kind, tuple(merged.values()), _place(dated), (), sources)


def _parties(s: Statement) -> tuple[EventParty, ...]:
    found: dict[str, EventParty] = {}
    for name in s.parties:
        party = EventParty(name, resolve_party(name))
        found.setdefault(party.key, party)
    return tuple(found.values())


def _place(s: Statement) -> EventParty | None:
    """Where an event took place: the first place named after a cue (赴山东),
    else the region its statement is about."""
    finder = PlaceFinder.default()
    cues = _rules().place_cues
    for m in finder.find(s.quote):
        if s.quote[: m.start].endswith(cues) and len(m.places) == 1:
            return EventParty(m.text, m.places[0])
    for at, end, region in finder.registry.gazetteer.find(s.quote):
        if s.quote[:at].endswith(cues) and region.code is not None:
            return EventParty(s.quote[at:end], finder.registry.for_region(region))
    if not s.region:
        return None
    known = finder.registry.gazetteer.by_code(s.region_code) if s.region_code else None
    return EventParty(s.region, finder.registry.for_region(known) if known else None)


def _share(a: tuple[EventParty, ...], b: tuple[EventParty, ...]) -> bool:
    common = len({p.key for p in a} & {p.key for p in b})
    return common >= 1 and common >= min(2, len(a), len(b))


def _day(period: str) -> date | None:
    try:
        return date.fromisoformat(period) if len(period) == 10 else None
    except ValueError:
        return None


def _apart(a: date | None, b: date | None) -> int:
    return abs((b - a).days) if a is not None and b is not None else 1 << 30


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:  # the earlier stored stays the root: its id is the event's
            self.parent[max(a, b)] = min(a, b)

    def sets(self) -> list[list[int]]:
        found: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            found.setdefault(self.find(i), []).append(i)
        return list(found.values())
