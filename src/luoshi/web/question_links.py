"""Where a question typed into the search box leads: its filters as chips
(each with the search without it) and the page that shows what it asks
for, with that page's own filters filled in so the user can correct them.
Nothing here renders HTML."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from luoshi.questions import Filter, Question
from luoshi.web.board_rows import STATUS_CLASS

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
EVENT_WORDS = {"visit": "考察", "agreement": "协议", "contract": "签约项目", "forum": "论坛", "promotion": "推介会"}
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
    """The page showing what ``q`` asks for: the events timeline for events
    and partners, an indicator's charts for its figures, else the
    scoreboard; None when the question holds no filter. ``indicators``:
    what an indicator select offers (the one asked for is added)."""
    if not q.filters:
        return None
    place = q.value("region") or q.value("port")
    year = q.value("year") or (str(q.this_year) if q.value("part") else None)
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


def _events(q: Question, place: str | None) -> FilteredPage:
    kinds = [("", "全部"), *EVENT_WORDS.items()]
    fields = (
        Field("place", "地点", place or ""),
        Field("partner", "合作方", q.value("partner") or ""),
        Field("kind", "事件类型", q.value("event") or "", kinds),
        Field("period", "年份", q.value("year") or ""),
    )
    return FilteredPage("事件时间线", "/events", fields)


def _indicator_field(asked: Filter | None, offered: Choices) -> Field:
    choices = [("", "全部"), *offered]
    if asked is not None and asked.value not in {v for v, _ in choices}:
        choices.append((asked.value, asked.label))
    return Field("indicator", "指标", asked.value if asked else "", choices)
