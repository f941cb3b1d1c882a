"""事件 (``/events``): the timeline of visits, signings, forums and
promotions, filterable by place, partner, type and period, each event with
its parties and every source sentence one click away."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from luoshi.errors import InputError, shown
from luoshi.places import PlaceKind, Registry
from luoshi.places.events import Event
from luoshi.places.reading import EventQuery, lookup, read_events
from luoshi.questions import EVENT_WORDS
from luoshi.web.auth import state_of
from luoshi.web.errors import WebError
from luoshi.web.event_rows import by_month, event_rows, kind_counts
from luoshi.web.pages.render import Who, render
from luoshi.web.server_state import WebState

router = APIRouter(include_in_schema=False)


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request, who: Who, region: str = "", partner: str = "", kind: str = "", period: str = ""
) -> HTMLResponse:
    state = state_of(request)
    if kind and kind not in EVENT_WORDS:
        raise WebError(422, f"参数 kind 应为 {'、'.join(EVENT_WORDS)} 之一，不是 {kind}")
    query = EventQuery(region.strip() or None, partner.strip() or None, period.strip() or None, kind or None)
    events = matching(state, query)
    every_kind = matching(state, EventQuery(query.region, query.partner, query.period, None))
    return render(
        request, "events.html", who, months=by_month(event_rows(events)), counts=kind_counts(every_kind),
        kinds=EVENT_WORDS, region=region, partner=partner, kind=kind, period=period, places=_place_names(),
        total=len(events), region_name=_name(query.region), partner_name=_name(query.partner),
    )  # fmt: skip


def matching(state: WebState, query: EventQuery) -> list[Event]:
    """The store's events for ``query``, kept until the store changes; a
    place or partner nobody knows is a 422 naming it."""
    key = ("events", query.region, query.partner, query.period, query.kind)
    try:
        return state.cached(key, lambda: read_events(state.reader(), query))
    except InputError as exc:
        raise WebError(422, f"没有这个地方或合作方：{shown(exc.source)}") from exc


def _name(ref: str | None) -> str:
    """What a heading calls the entry asked for (兴安盟 for league:152200)."""
    found = lookup(ref) if ref else None
    return found.name if found is not None else (ref or "")


def _place_names() -> list[str]:
    """What the place box suggests: the 12+2, then the ports."""
    registry = Registry.default()
    return [p.name for p in (*registry.reporting_units(), *registry.of_kind(PlaceKind.PORT))]
