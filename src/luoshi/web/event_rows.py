"""Events as the pages show them: each with its day, type, parties and
place (linked to their pages where the registry knows them), the amounts
and project counts its sentences give and every source, each figure and
sentence a link to its span. Shared by the events timeline and the place
pages; nothing here renders HTML."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from luoshi.places.events import Event, EventParty
from luoshi.places.figures import EventFigure
from luoshi.places.registry import PlaceKind
from luoshi.progress_evidence import number_words
from luoshi.questions import EVENT_WORDS
from luoshi.track.tables import period_words
from luoshi.web.links import document_href, place_href

FIGURE_WORDS = {"amount": "金额", "projects": "项目"}
_PAGED = (PlaceKind.LEAGUE, PlaceKind.CITY, PlaceKind.PORT, PlaceKind.PARTNER)


@dataclass(frozen=True)
class Link:
    text: str
    href: str | None


@dataclass(frozen=True)
class SourceLine:
    doc: str
    quote: str
    href: str | None


@dataclass(frozen=True)
class EventRow:
    id: str
    date: str
    month: str  # the heading it is listed under: 2025年2月, or the year
    kind: str
    word: str
    parties: tuple[Link, ...]
    place: Link | None
    figures: tuple[Link, ...]  # 金额 86亿元, each to its span
    sources: tuple[SourceLine, ...]


def event_rows(events: Sequence[Event]) -> list[EventRow]:
    """The events, latest first."""
    return [_row(e) for e in sorted(events, key=lambda e: (e.date, e.id), reverse=True)]


def by_month(rows: Sequence[EventRow]) -> list[tuple[str, list[EventRow]]]:
    """The rows under their month's heading, in the order given."""
    out: list[tuple[str, list[EventRow]]] = []
    for row in rows:
        if not out or out[-1][0] != row.month:
            out.append((row.month, []))
        out[-1][1].append(row)
    return out


def kind_counts(events: Sequence[Event]) -> list[tuple[str, str, int]]:
    """(type, word, count) of each type present, in EVENT_WORDS order."""
    counts = Counter(e.kind for e in events)
    return [(k, w, counts[k]) for k, w in EVENT_WORDS.items() if counts[k]]


def party_link(party: EventParty) -> Link:
    """A party's page where the registry has one, else the events it took
    part in (an organisation), else its name alone."""
    entry = party.place
    if entry is None:
        return Link(party.name, None)
    if entry.kind in _PAGED:
        return Link(party.name, place_href(entry.id))
    return Link(party.name, "/events?" + urlencode({"partner": entry.name}))


def _row(e: Event) -> EventRow:
    return EventRow(
        id=e.id,
        date=_day_words(e.date),
        month=_month(e.date),
        kind=e.kind,
        word=EVENT_WORDS.get(e.kind, e.kind),
        parties=tuple(party_link(p) for p in e.parties),
        place=party_link(e.place) if e.place is not None else None,
        figures=tuple(_figure(f) for f in e.figures),
        sources=tuple(
            SourceLine(s.doc, s.quote, document_href(s.doc_id, s.start, s.end) if s.doc_id else None) for s in e.sources
        ),
    )


def _figure(f: EventFigure) -> Link:
    words = f"{FIGURE_WORDS.get(f.what, f.what)} {number_words(f.value)}{f.unit}"
    return Link(words, document_href(f.doc_id, f.start, f.end) if f.doc_id else None)


def _day_words(date: str) -> str:
    """2025-02-07 → 2025年2月7日; a period (2025, 2025-Q1) as the scoreboard says it."""
    parts = date.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[0]}年{int(parts[1])}月{int(parts[2])}日"
    return period_words(date)


def _month(date: str) -> str:
    year, _, rest = date.partition("-")
    month = rest[:2]
    return f"{year}年{int(month)}月" if month.isdigit() else f"{year}年"
