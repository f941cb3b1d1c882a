"""What a place's page shows beside its scoreboard and events: its facts
from the registry, its ports, its partners, and its figures over time — as
a table of every figure by indicator and year and as charts of targets
against outcomes, each figure a link to its sentence. Nothing here renders
HTML."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from luoshi.places.events import Event
from luoshi.places.registry import PORT_TYPES, Place, PlaceKind, Registry
from luoshi.track.periods import split
from luoshi.track.tables import figure_words, period_words
from luoshi.types import Kind, Measure, Statement
from luoshi.web import charts
from luoshi.web.event_rows import Link, party_link
from luoshi.web.links import place_href, statement_href

KIND_WORDS = {
    PlaceKind.LEAGUE: "盟市",
    PlaceKind.CITY: "计划单列市",
    PlaceKind.PORT: "口岸",
    PlaceKind.PARTNER: "合作方",
}
MIN_YEARS_CHARTED = 2  # a line over one year says nothing the table does not
_FACT_WORDS = {
    "kind": "建制",
    "county_units": "县级单位",
    "host_county": "所在旗县市区",
    "facing_country": "对应国家",
    "counterpart_port": "对应口岸",
    "note": "备注",
}


@dataclass(frozen=True)
class Cell:
    """One figure in the table: its words, kind and the link to its sentence."""

    text: str
    kind: str  # target or actual
    period: str  # said only when it is not the whole year
    href: str | None
    quote: str


@dataclass(frozen=True)
class FigureRow:
    label: str
    cells: dict[str, list[Cell]]  # by year


def facts(place: Place, registry: Registry) -> list[tuple[str, Link]]:
    """(what, value) of the registry's entry, the place it lies in linked."""
    out = [("类型", Link(KIND_WORDS.get(place.kind, place.kind.value), None))]
    if place.kind is PlaceKind.PORT and place.fact("type"):
        out.append(("口岸类型", Link(PORT_TYPES.get(place.fact("type") or "", place.fact("type") or ""), None)))
    within = registry.get(place.within) if place.within else None
    if within is not None:
        out.append(("所属", Link(within.name, place_href(within.id))))
    out += [(_FACT_WORDS[k], Link(v, None)) for k, v in place.facts if k in _FACT_WORDS and k != "type"]
    out += [("地位", Link(s, None)) for s in place.status]
    out += [("合作机制", Link(label, None)) for label in place.labels]
    if place.members:
        members = [m for m in map(registry.get, place.members) if m is not None]
        out += [("成员", Link(m.name, place_href(m.id))) for m in members]
    if place.as_of:
        out.append(("信息截至", Link(place.as_of, None)))
    return out


def ports_of(place: Place, registry: Registry) -> list[tuple[Link, str]]:
    """The ports of a league or city, each with its type and what it faces."""
    found = []
    for port in registry.ports_in(place.id):
        kind = PORT_TYPES.get(port.fact("type") or "", "")
        facing = port.fact("facing_country")
        words = kind + (f" · 对{facing}" if facing else "")
        counterpart = port.fact("counterpart_port")
        found.append((Link(port.name, place_href(port.id)), words + (f"（对应{counterpart}）" if counterpart else "")))
    return found


def partners_in(events: Iterable[Event], place: Place) -> list[tuple[Link, int]]:
    """The partners and organisations an event of the place names, with how
    many events name each, most first."""
    counts: Counter[str] = Counter()
    links: dict[str, Link] = {}
    for e in events:
        for party in e.parties:
            entry = party.place
            if entry is None or entry.id == place.id or entry.within == place.id:
                continue
            if entry.kind in (PlaceKind.PARTNER, PlaceKind.ORG):
                counts[entry.id] += 1
                links.setdefault(entry.id, party_link(party))
    return [(links[k], n) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], links[kv[0]].text))]


def figures(statements: Iterable[Statement]) -> list[Statement]:
    """The targets and outcomes among ``statements`` that carry a figure (a
    numeral naming a programme does not)."""
    return [s for s in statements if s.kind is not Kind.EVENT and s.value is not None and not s.in_name]


def figure_table(found: Sequence[Statement], ids: Mapping[str, str]) -> tuple[list[str], list[FigureRow]]:
    """The years, and a row per indicator of every figure by year."""
    rows: dict[str, dict[str, list[Cell]]] = defaultdict(lambda: defaultdict(list))
    for s in sorted(found, key=lambda s: (s.period, s.kind.value, s.doc, s.start)):
        year, part = split(s.period)
        cell = Cell(
            figure_words(s), s.kind.value, period_words(s.period) if part else "", statement_href(s, ids), s.quote
        )
        rows[_label(s)][year].append(cell)
    years = sorted({y for cells in rows.values() for y in cells})
    return years, [FigureRow(label, dict(cells)) for label, cells in sorted(rows.items())]


def figure_charts(name: str, found: Sequence[Statement], ids: Mapping[str, str]) -> list[dict[str, Any]]:
    """Charts of each indicator's whole-year targets against outcomes over
    the years (``charts.indicator_charts``' years view), the first figure
    of each year and kind drawn; an indicator of a single year is left to
    the table."""
    by_indicator: dict[str, dict[tuple[str, str, str], Statement]] = defaultdict(dict)
    for s in sorted(found, key=lambda s: (s.doc, s.start)):
        year, part = split(s.period)
        if part is None and s.indicator and not s.cumulative:  # a level and its growth rate: one of each
            by_indicator[s.indicator].setdefault((str(s.measure), year, s.kind.value), s)
    groups = []
    for _, chosen in sorted(by_indicator.items()):
        figs = [(name, year, kind, s) for (_, year, kind), s in chosen.items()]
        groups += charts.figure_groups(_name(next(iter(chosen.values()))), figs, ids)
    over_time = [g for g in groups if len({y for per in g["series"].values() for y in per}) >= MIN_YEARS_CHARTED]
    return charts.indicator_charts(over_time, name, "", [])


def _label(s: Statement) -> str:
    """The indicator's name, with 增速 for a growth rate of a level (口岸货运量增速)."""
    name = _name(s)
    growth = s.measure is Measure.GROWTH_PCT and not name.endswith(("增速", "增长", "涨幅", "率"))
    return name + ("增速" if growth else "")


def _name(s: Statement) -> str:
    if s.indicator and not s.indicator.startswith("other:"):
        return charts.indicator_label(s.indicator)
    return s.indicator_name or charts.indicator_label(s.indicator or "")
