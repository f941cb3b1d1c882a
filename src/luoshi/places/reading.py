"""Reading places and events from a store, with the filters of ``luoshi
events`` and ``/api/v1/events``: a place (league, city, port), a partner,
a period and a kind.

An event involves a place when a party or its place is the entry, lies in
it (a company of 兴安盟 in 兴安盟, a port in its league), is a member of it
(山东 of a grouping), or when one of its sentences is about the place or
one of its counties (the statement's region).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from luoshi.errors import InputError
from luoshi.places.events import Event, group_events, with_figures
from luoshi.places.parties import resolve_party
from luoshi.places.registry import Place, PlaceKind, Registry
from luoshi.store import Store


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters of ``luoshi events``; None means any."""

    region: str | None = None  # a place: id (league:152200), name (兴安盟) or code (152200)
    partner: str | None = None  # a partner or organisation: id or name
    period: str | None = None  # the date's beginning: 2025, 2025-02, 2025-02-07
    kind: str | None = None  # visit, agreement, contract, forum, promotion


def lookup(ref: str, registry: Registry | None = None) -> Place | None:
    """The entry ``ref`` names: an id, a name or alias, a GB/T 2260 code."""
    registry = registry or Registry.default()
    ref = ref.strip()
    found = registry.get(ref)
    if found is None and ref.isdigit():
        region = registry.gazetteer.by_code(ref)
        found = registry.for_region(region) if region is not None else None
    return found or (resolve_party(ref) if ref else None)


def place_or_error(ref: str, registry: Registry | None = None) -> Place:
    """``lookup``, or an error naming what was not found."""
    found = lookup(ref, registry)
    if found is None:
        raise InputError(ref, "没有这个地方或合作方；可用 luoshi places 查看登记的盟市、口岸和合作方")
    return found


def read_events(store: Store, query: EventQuery = EventQuery(), registry: Registry | None = None) -> list[Event]:
    """The store's events matching the query, by date, with their figures."""
    registry = registry or Registry.default()
    region = place_or_error(query.region, registry) if query.region else None
    partner = place_or_error(query.partner, registry) if query.partner else None
    events = [
        e
        for e in group_events(store.event_statements())
        if (query.kind is None or e.kind == query.kind)
        and (query.period is None or e.date.startswith(query.period))
        and (region is None or involves(e, region, registry))
        and (partner is None or involves(e, partner, registry))
    ]
    docs = {s.doc_id for e in events for s in e.sources if s.doc_id is not None}
    texts = {doc_id: doc.text for doc_id in docs if (doc := store.document(doc_id)) is not None}
    return with_figures(events, store.statements_of_documents(docs), texts)


def involves(event: Event, place: Place, registry: Registry) -> bool:
    """Whether the event is about ``place`` (see the module's docstring)."""
    wanted = {place.id, *place.members}
    for party in (*event.parties, event.place):
        entry = party.place if party is not None else None
        if entry is not None and (entry.id in wanted or entry.within in wanted or _ancestor(entry, wanted, registry)):
            return True
    codes = set(registry.region_codes(place))
    return bool(codes) and any(s.region_code in codes for s in event.sources)


def _ancestor(entry: Place, wanted: set[str], registry: Registry) -> bool:
    """A city's province is wanted (济南市 in 山东省), or a port's league."""
    within = registry.get(entry.within) if entry.within else None
    return within is not None and within.within in wanted


def organisations(events: Iterable[Event]) -> list[Place]:
    """The organisations named as parties, each once, by name."""
    found = {p.place.id: p.place for e in events for p in e.parties if p.place and p.place.kind is PlaceKind.ORG}
    return sorted(found.values(), key=lambda p: p.name)
