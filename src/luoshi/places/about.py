"""Which statements are about a place, each with its own span as evidence:

- a league's or city's: those whose region is it or one of its counties
  (by GB/T 2260 code);
- a port's: those in a sentence naming the port (满洲里铁路口岸, or 满洲里口岸
  for all of 满洲里's), or naming the city hosting it with a word of the
  port's traffic (``port_topics`` in ``rules/data/places.yaml``: 中欧班列
  through 二连浩特 is its railway port's);
- a partner's or organisation's: those in a sentence naming it (but not
  in the partner's own documents: 山东's report saying 山东);
- and for each, the events whose parties are it or lie in it.

Sentences naming a port or partner are found with the store's text search,
so only the documents holding a name are read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from luoshi.places.finder import Mention, PlaceFinder
from luoshi.places.parties import resolve_party
from luoshi.places.registry import Place, PlaceKind, Registry
from luoshi.rules import load_yaml
from luoshi.store import StatementQuery, Store
from luoshi.types import Statement

SEARCH_LIMIT = 5000  # matches of one name read at most
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


@dataclass(frozen=True, slots=True)
class About:
    statement: Statement
    via: str  # region (its region is the place), named (its sentence names it), party (an event's party)


@dataclass(frozen=True, slots=True)
class _Topic:
    words: tuple[str, ...]
    types: frozenset[str]


@cache
def _topics() -> tuple[_Topic, ...]:
    return tuple(_Topic(tuple(t["words"]), frozenset(t["types"])) for t in load_yaml("places.yaml")["port_topics"])


def statements_about(store: Store, place: Place, registry: Registry | None = None) -> list[About]:
    """The statements about ``place``, by document and offset."""
    registry = registry or Registry.default()
    if place.kind in (PlaceKind.LEAGUE, PlaceKind.CITY):
        found = list(_by_region(store, place, registry))
    else:
        found = list(_named(store, place, registry))
    found += [About(s, "party") for s in store.event_statements() if _party_of(s, place)]
    unique = {(a.statement.doc_id, a.statement.seq): a for a in reversed(found)}
    return sorted(unique.values(), key=lambda a: (a.statement.doc, a.statement.start, a.statement.seq or 0))


def _by_region(store: Store, place: Place, registry: Registry) -> Iterator[About]:
    codes = set(registry.region_codes(place))
    names = {r.name for r in map(registry.gazetteer.by_code, codes) if r is not None}
    for name in sorted(names):
        for s in store.statements(StatementQuery(region=name)):
            if s.region_code in codes:
                yield About(s, "region")


def _party_of(s: Statement, place: Place) -> bool:
    for name in s.parties:
        entry = resolve_party(name)
        if entry is not None and (entry.id == place.id or entry.within == place.id):
            return True
    return False


def search_names(place: Place, registry: Registry) -> list[str]:
    """What to search the texts for: its names, the names standing for it
    with others (满洲里口岸), and for a port the name of the city hosting it."""
    names = list(place.names)
    names += [name for name, ids in registry.groups.items() if place.id in ids]
    if place.kind is PlaceKind.PORT:
        city = registry.get(f"city:{place.code}")
        names += list(city.names) if city is not None else []
    # a name holding another is found by it (山东省 by 山东)
    return sorted({n for n in names if len(n) >= 2 and not any(o != n and len(o) >= 2 and o in n for o in names)})


def _named(store: Store, place: Place, registry: Registry) -> Iterator[About]:
    hits: dict[str, list[int]] = {}
    for name in search_names(place, registry):
        for hit in store.search(name, SEARCH_LIMIT):
            hits.setdefault(hit.doc_id, []).append(hit.start)
    if not hits:
        return
    prefixes = _own_prefixes(place, registry)
    finder = PlaceFinder(registry) if registry is not Registry.default() else PlaceFinder.default()
    by_doc: dict[str | None, list[Statement]] = {}
    for s in store.statements_of_documents(hits):
        by_doc.setdefault(s.doc_id, []).append(s)
    for doc_id, starts in hits.items():
        doc = store.document(doc_id)
        if doc is None or _own(doc.region, prefixes, registry):
            continue
        for lo, hi in sorted({_sentence(doc.text, at) for at in starts}):
            if _names_it(doc.text, lo, hi, place, finder):
                yield from (About(s, "named") for s in by_doc.get(doc_id, ()) if lo <= s.start < hi)


def _own_prefixes(place: Place, registry: Registry) -> tuple[str, ...]:
    """Code prefixes of a partner's own regions: its own documents naming
    it (山东's report saying 山东) tell nothing of its cooperation."""
    if place.kind is not PlaceKind.PARTNER:
        return ()
    codes = [place.code, *(m.code for m in map(registry.get, place.members) if m is not None)]
    return tuple(c.rstrip("0") or c for c in codes if c)


def _own(region: str | None, prefixes: tuple[str, ...], registry: Registry) -> bool:
    """Whether a document of ``region`` is one of the partner's own."""
    found = registry.gazetteer.by_name(region) if region and prefixes else None
    return found is not None and (found.code or "").startswith(prefixes)


def _sentence(text: str, at: int) -> tuple[int, int]:
    before = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, at - 400), at)), default=max(0, at - 400))
    after = _SENTENCE_END.search(text, at)
    return before, after.end() if after else len(text)


def _names_it(text: str, lo: int, hi: int, place: Place, finder: PlaceFinder) -> bool:
    """Whether the sentence ``text[lo:hi]`` is about the place."""
    if place.kind is PlaceKind.ORG:
        return place.name in text[lo:hi]
    mentions = finder.find(text, lo, hi)
    if place.kind is not PlaceKind.PORT:
        return any(place in m.places for m in mentions)
    return any(_port_named(text, lo, hi, m, place) for m in mentions)


def _port_named(text: str, lo: int, hi: int, m: Mention, port: Place) -> bool:
    """The port itself; its city's ports, or its city, with the traffic
    of its type."""
    if m.places == (port,):
        return True
    city = len(m.places) == 1 and m.places[0].kind is PlaceKind.CITY and m.places[0].code == port.code
    if port not in m.places and not city:
        return False
    rest = text[lo : m.start] + " " + text[m.end : hi]
    types = _traffic(rest)
    return port.fact("type") in types if types else not city


def _traffic(sentence: str) -> frozenset[str]:
    """The port types the first topic the sentence speaks of points at."""
    return next((t.types for t in _topics() if any(w in sentence for w in t.words)), frozenset())
