"""Where a question typed into the search box leads: its filters as chips
(each with the search without it) and the page that shows what it asks
for, with that page's own filters filled in so the user can correct them.
Nothing here renders HTML."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from luoshi.gazetteer import Gazetteer
from luoshi.places import Registry
from luoshi.questions import EVENT_WORDS, Filter, Question
from luoshi.web.board_rows import STATUS_CLASS
from luoshi.web.links import place_href

FIELD_WORDS = {
    "region": "地区",
    "partner": "合作方",
    "port": "口岸",
    "indicator": "指标",
    "measure": "口径",
    "year": "年份",
    "part": "时段",
    "kind": "类别",
    "event": "事件",
    "status": "状态",
}
Choices = Sequence[tuple[str, str]]  # (value, label) of a select


@dataclass(frozen=True)
class Chip:
    """A filter as the search page shows it: 地区 兴安盟, and the search without it."""

    word: str
    label: str
    said: str  # the question's own words
    drop_href: str


@dataclass(frozen=True)
class Field:
    """One filter of the page a question leads to, as its form asks for it."""

    name: str
    word: str
    value: str
    choices: Choices = ()  # empty: a text box


@dataclass(frozen=True)
class FilteredPage:
    title: str
    path: str
    fields: tuple[Field, ...]

    @property
    def href(self) -> str:
        query = urlencode([(f.name, f.value) for f in self.fields if f.value])
        return f"{self.path}?{query}" if query else self.path


def chips(q: Question) -> list[Chip]:
    return [Chip(FIELD_WORDS[f.field], f.label, q.text[f.start : f.end], _search_href(q.without(f))) for f in q.filters]


def _search_href(text: str) -> str:
    return "/documents?" + urlencode({"q": text}) if text else "/documents"


def filtered_page(q: Question, indicators: Choices = ()) -> FilteredPage | None:
    """The page showing what ``q`` asks for: a place's own page for a place
    alone, the events timeline for events and partners, an indicator's
    charts for its figures, else the scoreboard; None when the question
    holds no filter. ``indicators``: what an indicator select offers (the
    one asked for is added)."""
    if not q.filters:
        return None
    place = q.value("region") or q.value("port")
    year = q.value("year") or (str(q.this_year) if q.value("part") else None)
    own = _own_page(q, year)
    if own is not None:
        return own
    if q.value("event") or q.value("partner") or q.value("kind") == "event":
        return _events(q, place)
    indicator = _indicator_field(q.first("indicator"), indicators)
    if indicator.value and not (q.value("status") or q.value("kind") == "target"):
        charted = (indicator, Field("region", "地区", place or ""), Field("period", "年份", year or ""))
        return FilteredPage("指标 · 目标与实绩", "/indicators", charted)
    statuses = [("", "全部"), *((s.value, s.word) for s in STATUS_CLASS)]
    fields = (
        Field("region", "地区", place or ""),
        Field("period", "年份", year or ""),
        indicator,
        Field("status", "状态", q.value("status") or "", statuses),
    )
    return FilteredPage("总览 · 目标完成情况", "/", fields)


def _own_page(q: Question, year: str | None) -> FilteredPage | None:
    """A place's own page, when the question names one place and asks
    nothing more of it than a year (兴安盟 2025年, 满洲里口岸 货运量, 京蒙协作):
    a league's or city's, a port's (a city's ports: the city's), a partner's."""
    places = [f for f in q.filters if f.field in ("region", "port", "partner")]
    asked = {f.field for f in q.filters} - {"region", "port", "partner", "year", "part", "indicator", "measure"}
    if len(places) != 1 or asked or not places[0].places:
        return None
    found = places[0]
    if found.field == "region" and q.value("indicator"):
        return None  # an indicator of a league: its chart across years and regions
    page = found.places[0] if len(found.places) == 1 else _host(found.value)
    if page is None:
        return None
    return FilteredPage(f"{found.label}的页面", place_href(page), (Field("period", "年份", year or ""),))


def _host(region: str) -> str | None:
    """The entry of the place hosting several ports named together (满洲里口岸)."""
    found = Gazetteer.default().by_name(region)
    entry = Registry.default().for_region(found) if found is not None else None
    return entry.id if entry is not None else None


def _events(q: Question, place: str | None) -> FilteredPage:
    kinds = [("", "全部"), *EVENT_WORDS.items()]
    fields = (
        Field("region", "地点", place or ""),
        Field("partner", "合作方", _partner(q.first("partner"))),
        Field("kind", "事件类型", q.value("event") or "", kinds),
        Field("period", "年份", q.value("year") or ""),
    )
    return FilteredPage("事件时间线", "/events", fields)


def _partner(asked: Filter | None) -> str:
    """The partner the timeline is asked for: by name, or the first entry of
    a name standing for several (俄蒙: 俄罗斯), the timeline taking one."""
    if asked is None:
        return ""
    return asked.places[0] if len(asked.places) > 1 else asked.value


def _indicator_field(asked: Filter | None, offered: Choices) -> Field:
    choices = [("", "全部"), *offered]
    if asked is not None and asked.value not in {v for v, _ in choices}:
        choices.append((asked.value, asked.label))
    return Field("indicator", "指标", asked.value if asked else "", choices)
