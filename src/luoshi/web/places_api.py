"""The API of places and events under /api/v1: the registry (``/places``),
one place with its statements, targets and status, events, partners and
ports (``/places/{id}``), and the events (``/events``), filtered as
``luoshi events``. Every statement and event source carries its span."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from luoshi.errors import InputError
from luoshi.places import Place, PlaceKind, Registry
from luoshi.places.about import statements_about
from luoshi.places.events import Event
from luoshi.places.reading import EventQuery, lookup, organisations, read_events
from luoshi.web.auth import may_read_api, state_of
from luoshi.web.board_rows import board_rows, row_json, status_counts
from luoshi.web.errors import WebError
from luoshi.web.inputs import plain_inputs
from luoshi.web.links import document_href, statement_json
from luoshi.web.server_state import WebState
from luoshi.web.targets_by_key import owners

router = APIRouter(prefix="/api/v1", dependencies=[Depends(may_read_api), Depends(plain_inputs)])
EVENT_KINDS = ("visit", "agreement", "contract", "forum", "promotion")
MAX_STATEMENTS = 500  # statements listed on a place; the counts cover all


@router.get("/places", summary="The registry: leagues and cities (12+2), ports, partners, organisations")
def places(request: Request, kind: PlaceKind | None = None) -> dict[str, Any]:
    found = _orgs(state_of(request)) if kind is PlaceKind.ORG else _registered(kind)
    return {"items": [p.to_dict() for p in found], "total": len(found)}


def _registered(kind: PlaceKind | None) -> list[Place]:
    registry = Registry.default()
    return list(registry) if kind is None else registry.of_kind(kind)


def _orgs(state: WebState) -> list[Place]:
    return organisations(_events(state, EventQuery()))


@router.get("/places/{place_id}", summary="One place: its statements and targets with status, events, partners, ports")
def place(request: Request, place_id: str, period: str | None = None) -> dict[str, Any]:
    state = state_of(request)
    found = _org(state, place_id) if place_id.startswith("org:") else lookup(place_id)
    if found is None:
        raise WebError(404, f"没有这个地方或合作方：{place_id}")
    registry = Registry.default()
    events = _events(state, EventQuery(region=found.id, period=period))
    return {
        **found.to_dict(),
        "statements": _statements(state, found),
        "targets": _targets(state, found, period),
        "events": [event_json(e) for e in events],
        "partners": [p.to_dict() for p in _partners_of(found, events, registry)],
        "pairings": [_pairing_json(p, registry) for p in registry.pairings_of(found.id)],
        "ports": [p.to_dict() for p in registry.ports_in(found.id)],
    }


def _org(state: WebState, place_id: str) -> Place | None:
    return next((p for p in _orgs(state) if p.id == place_id), None)


@router.get("/events", summary="Events (visits, signings, forums, promotions), filtered as `luoshi events`")
def events(
    request: Request,
    region: str | None = None,
    partner: str | None = None,
    period: str | None = None,
    kind: Annotated[str | None, Query(description=", ".join(EVENT_KINDS))] = None,
) -> dict[str, Any]:
    if kind is not None and kind not in EVENT_KINDS:
        raise WebError(422, f"没有这种事件：{kind}；可选 {', '.join(EVENT_KINDS)}")
    found = _events(state_of(request), EventQuery(region, partner, period, kind))
    return {"items": [event_json(e) for e in found], "total": len(found)}


def _events(state: WebState, query: EventQuery) -> list[Event]:
    try:
        return state.remembered(("events", query), lambda: read_events(state.reader(), query))
    except InputError as exc:
        raise WebError(404, f"没有这个地方或合作方：{exc.source}") from exc


def event_json(e: Event) -> dict[str, Any]:
    """An event with the link to each source's and figure's span."""
    data = e.to_dict()
    for item in [*data["sources"], *data["figures"]]:  # type: ignore[misc]
        item["href"] = document_href(item["doc_id"], item["start"], item["end"]) if item["doc_id"] else None
    return data


def _statements(state: WebState, found: Place) -> dict[str, Any]:
    about = state.remembered(("about", found.id), lambda: statements_about(state.reader(), found))
    ids = state.document_ids()
    return {
        "counts": dict(Counter(a.statement.kind.value for a in about)),
        "total": len(about),
        "items": [{**statement_json(a.statement, ids), "via": a.via} for a in about[:MAX_STATEMENTS]],
    }


def _targets(state: WebState, found: Place, period: str | None) -> dict[str, Any]:
    """The targets with their status: a league's or city's board; for any
    other place, the rows of the targets its statements are."""
    ids = state.document_ids()
    if found.kind in (PlaceKind.LEAGUE, PlaceKind.CITY):
        rows = board_rows(state.scoreboard(found.name, period), owners(state), ids)
    else:
        about = state.remembered(("about", found.id), lambda: statements_about(state.reader(), found))
        spans = {(a.statement.doc_id, a.statement.start, a.statement.end) for a in about}
        regions = sorted({a.statement.region for a in about if a.statement.kind.value == "target"})
        rows = [
            r
            for region in regions
            for r in board_rows(state.scoreboard(region, period), owners(state), ids)
            if any((x.statement.doc_id, x.statement.start, x.statement.end) in spans for x in r.assessment.sources)
        ]
    return {"counts": status_counts(rows), "total": len(rows), "items": [row_json(r, ids) for r in rows]}


def _partners_of(found: Place, events: list[Event], registry: Registry) -> list[Place]:
    """The other entries its events name, and those paired with it."""
    named = [p.place for e in events for p in e.parties if p.place is not None and p.place.id != found.id]
    paired = [registry.get(i) for pairing in registry.pairings_of(found.id) for i in (pairing.partner, *pairing.places)]
    unique = {p.id: p for p in [*named, *paired] if p is not None and p.id != found.id and p.within != found.id}
    return list(unique.values())


def _pairing_json(p: Any, registry: Registry) -> dict[str, Any]:
    counties = [registry.gazetteer.by_code(c) for c in p.counties]
    return {"programme": p.programme, "partner": p.partner, "places": list(p.places),
            "counties": [{"code": c.code, "name": c.name} for c in counties if c is not None],
            "as_of": p.as_of, "source": p.source}  # fmt: skip
