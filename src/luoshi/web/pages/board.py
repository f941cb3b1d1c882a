"""总览, the scoreboard (``/``), and its 任务分解表 download (``/board.csv``, ``/board.xlsx``)."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from luoshi.track.board import places_within
from luoshi.track.status import Status
from luoshi.track.tables import SCOREBOARD_COLUMNS, scoreboard_rows
from luoshi.web import charts, columns
from luoshi.web.auth import state_of
from luoshi.web.board_rows import STATUS_CLASS, board_rows, filter_rows, status_counts
from luoshi.web.downloads import table_file
from luoshi.web.errors import WebError
from luoshi.web.inputs import MAX_OFFSET
from luoshi.web.pages.choices import NMG_NAME, target_regions, target_years
from luoshi.web.pages.render import Who, kept_page, render, script_json, templates
from luoshi.web.server_state import WebState
from luoshi.web.targets_by_key import owners

router = APIRouter(include_in_schema=False)
PAGE_ROWS = 200


def default_board(state: WebState) -> tuple[str | None, str | None]:
    """The region and period ``/`` shows when none is asked for."""
    regions = target_regions(state)
    region = NMG_NAME if NMG_NAME in regions else (regions[0] if regions else None)
    return region, default_period(state, region, target_years(state, region))


def default_period(state: WebState, region: str | None, years: list[str]) -> str | None:
    """The latest year with an outcome for any of the region's targets, else
    the latest year. Only years where an outcome shares a target's key are
    assessed (``columns.linkable_years``): a future year's board is never read."""
    places = places_within(region) if region else None
    linkable = state.cached(("linkable years", region), lambda: columns.linkable_years(state.store, places))
    for year in years:
        if year in linkable and any(a.status is not Status.NO_DATA for a in state.scoreboard(region, year)):
            return year
    return years[0] if years else None


@router.get("/", response_class=HTMLResponse)
def board(
    request: Request, who: Who, region: str | None = None, period: str | None = None, owner: str | None = None,
    indicator: str | None = None, status: str | None = None, page: Annotated[int, Query(le=MAX_OFFSET)] = 1,
) -> HTMLResponse:  # fmt: skip
    """The page as rendered once for its filter and visitor: ``/`` is the
    most asked for, and rendering its rows costs more than serving them."""
    state = state_of(request)
    regions = target_regions(state)
    if region is None:
        region = NMG_NAME if NMG_NAME in regions else (regions[0] if regions else None)
    region = region or None
    years = target_years(state, region)
    if period is None:
        period = default_period(state, region, years)
    period = period or None

    def rendered() -> HTMLResponse:
        view = state.cached(
            ("board view", region, period, owner, indicator, status, page),
            lambda: _board_view(request, region, period, owner, indicator, status, page),
        )
        shown = (("region", region), ("period", period), ("owner", owner), ("indicator", indicator))
        return render(
            request, "board.html", who, **view,
            regions=charts.region_choices(regions, region), years=years, region=region, period=period,
            owner=owner or "", indicator=indicator or "", status=status or "", query={k: v for k, v in shown if v},
            statuses=[(s.value, s.word) for s in STATUS_CLASS],
        )  # fmt: skip

    return kept_page(request, who, ("board page", region, period, owner, indicator, status, page), rendered)


def _board_view(
    request: Request, region: str | None, period: str | None, owner: str | None, indicator: str | None,
    status: str | None, page: int,
) -> dict[str, Any]:  # fmt: skip
    """What the scoreboard shows for a filter, the table already rendered:
    the same for every visitor until the store changes."""
    state = state_of(request)
    every = board_rows(state.scoreboard(region, period), owners(state_of(request)), state.document_ids())
    # Numerals that name a programme (六个倍增计划) are listed apart: they are no quantity to meet.
    tracked = [r for r in every if r.assessment.link.trackable]
    named_only = [r for r in filter_rows(every, owner, indicator, None) if not r.assessment.link.trackable]
    rows = filter_rows(tracked, owner, indicator, status)
    pages = max(1, math.ceil(len(rows) / PAGE_ROWS))
    page = min(max(1, page), pages)
    shown = rows[(page - 1) * PAGE_ROWS : page * PAGE_ROWS]
    counts = status_counts(filter_rows(tracked, owner, indicator, None))
    named = {r.target.indicator: r.target.indicator_name for r in tracked if r.target.indicator}
    table = templates.get_template("board_table.html").render(rows=shown, named_only=named_only if page == 1 else [])
    return {
        "table": Markup(table),
        "total": len(rows),
        "counts": counts,
        "page": page,
        "pages": pages,
        "indicators": sorted(
            (i, n if i.startswith("other:") and n else charts.indicator_label(i), 0) for i, n in named.items()
        ),
        "chart": script_json({"counts": counts}),
    }


@router.get("/board.{fmt}")
def board_download(
    request: Request, who: Who, fmt: str, region: str | None = None, period: str | None = None,
    owner: str | None = None, indicator: str | None = None, status: str | None = None,
) -> Response:  # fmt: skip
    """The 任务分解表 of what the scoreboard shows, as Excel or CSV."""
    if fmt not in ("csv", "xlsx"):
        raise WebError(404, "只提供 .csv 和 .xlsx 下载")
    if request.app.state.login_required:
        who.require()
    state = state_of(request)
    region, period = region or None, period or None
    assigned = owners(state)
    every = board_rows(state.scoreboard(region, period), assigned, state.document_ids())
    kept = [r for r in filter_rows(every, owner, indicator, status) if r.assessment.link.trackable]
    owner_by_target = {r.target: r.owner for r in kept}  # a row's owner: filed under any of its statements
    rows = scoreboard_rows([r.assessment for r in kept], owner_by_target.get)
    stem = "任务分解表_" + "_".join(x for x in (region, period) if x)
    return table_file(rows, SCOREBOARD_COLUMNS, stem, fmt)
