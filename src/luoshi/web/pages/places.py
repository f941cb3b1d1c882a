"""A place's own page (``/places/{id}``): a league or one of the two cities
of the 12+2 (its targets and their status, its figures over the years, its
ports, its events and partners), a port (its freight, trains and
passengers over the years against their targets, its events) or a partner
(its pairings, the agreements, projects and amounts of its events, the
figures said of it); ``/places`` lists them. A place may be asked for by
name (``/places/兴安盟``): the page of its entry answers."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from luoshi.errors import shown
from luoshi.places import Place, PlaceKind, Registry
from luoshi.places.about import statements_about
from luoshi.places.reading import EventQuery, lookup
from luoshi.types import Statement
from luoshi.web.auth import state_of
from luoshi.web.board_rows import board_rows, status_counts
from luoshi.web.errors import WebError
from luoshi.web.event_rows import by_month, event_rows, kind_counts
from luoshi.web.links import place_href
from luoshi.web.pages.board import default_period
from luoshi.web.pages.choices import target_years
from luoshi.web.pages.events import matching
from luoshi.web.pages.render import Who, render, script_json, templates
from luoshi.web.place_views import (
    KIND_WORDS,
    facts,
    figure_charts,
    figure_table,
    figures,
    partners_in,
    ports_of,
)  # fmt: skip
from luoshi.web.server_state import WebState
from luoshi.web.targets_by_key import owners

router = APIRouter(include_in_schema=False)
_WITH_BOARD = (PlaceKind.LEAGUE, PlaceKind.CITY)
_LISTED = (PlaceKind.LEAGUE, PlaceKind.CITY, PlaceKind.PORT, PlaceKind.PARTNER)


@router.get("/places", response_class=HTMLResponse)
def places_index(request: Request, who: Who) -> HTMLResponse:
    """The 12+2, the ports and the listed partners, each linked to its page."""
    registry = Registry.default()
    groups = [(KIND_WORDS[k], [(p.name, place_href(p.id)) for p in registry.of_kind(k)]) for k in _LISTED]
    return render(request, "places.html", who, groups=groups)


@router.get("/places/{place_id}", response_model=None)
def place_page(request: Request, who: Who, place_id: str, period: str | None = None) -> Response:
    registry = Registry.default()
    place = lookup(place_id, registry) if place_id.strip() else None
    if place is None or place.kind is PlaceKind.ORG:
        raise WebError(404, f"没有这个地方或合作方：{shown(place_id)}")
    if place.id != place_id:
        return RedirectResponse(place_href(place.id, period), status_code=303)
    state = state_of(request)
    said = _about(state, place, registry)
    ids = state.document_ids()
    found = figures(said)
    years, rows = figure_table(found, ids)
    drawn = figure_charts(place.name, found, ids)
    query = EventQuery(partner=place.id) if place.kind is PlaceKind.PARTNER else EventQuery(region=place.id)
    events = matching(state, query)
    context: dict[str, Any] = {
        "place": place, "kind_word": KIND_WORDS.get(place.kind, ""), "facts": facts(place, registry),
        "ports": ports_of(place, registry), "years": years, "rows": rows, "charts": drawn,
        "data": script_json({"charts": drawn}), "months": by_month(event_rows(events)),
        "event_counts": kind_counts(events), "partners": partners_in(events, place),
        "pairings": _pairings(place, registry), "events_href": _events_href(place),
    }  # fmt: skip
    if place.kind in _WITH_BOARD:
        context |= _board(state, place.name, period)
    return render(request, "place.html", who, **context)


def _about(state: WebState, place: Place, registry: Registry) -> list[Statement]:
    return state.cached(
        ("about", place.id), lambda: [a.statement for a in statements_about(state.reader(), place, registry)]
    )


def _board(state: WebState, region: str, period: str | None) -> dict[str, Any]:
    """The place's targets of one year with their status, as the scoreboard shows them."""
    years = target_years(state, region)
    period = period or default_period(state, region, years)
    every = board_rows(state.scoreboard(region, period), owners(state), state.document_ids()) if period else []
    tracked = [r for r in every if r.assessment.link.trackable]
    named_only = [r for r in every if not r.assessment.link.trackable]
    table = templates.get_template("board_table.html").render(rows=tracked, named_only=named_only)
    return {
        "board_years": years,
        "period": period,
        "board": Markup(table),
        "counts": status_counts(tracked),
        "targets": len(tracked),
    }


def _pairings(place: Place, registry: Registry) -> list[tuple[str, list[tuple[str, str]], str, str]]:
    """(programme, the other side's entries as (name, link), as of, source) of each pairing."""
    out = []
    for p in registry.pairings_of(place.id):
        others = [p.partner] if place.id in p.places else list(p.places)
        entries = [e for e in map(registry.get, others) if e is not None]
        out.append((p.programme, [(e.name, place_href(e.id)) for e in entries], p.as_of, p.source))
    return out


def _events_href(place: Place) -> str:
    key = "partner" if place.kind is PlaceKind.PARTNER else "region"
    return "/events?" + urlencode({key: place.id})
