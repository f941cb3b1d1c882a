"""比较 (``/compare``): one indicator's target or outcome in every province
for a year, and that table as a download (``/compare.csv``, ``/compare.xlsx``)."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from luoshi.track.tables import compare_rows
from luoshi.types import Kind
from luoshi.web import columns
from luoshi.web.auth import state_of
from luoshi.web.downloads import compare_columns, table_file
from luoshi.web.errors import WebError
from luoshi.web.links import document_href
from luoshi.web.pages.choices import indicator_choices, target_years
from luoshi.web.pages.render import Who, render
from luoshi.web.server_state import WebState

router = APIRouter(include_in_schema=False)


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request, who: Who, indicator: str = "gdp_growth", kind: str = "target", period: str | None = None
) -> Response:
    state = state_of(request)
    chosen = Kind.TARGET if kind != "actual" else Kind.ACTUAL
    years = target_years(state)
    period = period or state.cached(
        ("compare year", indicator, chosen), lambda: _compare_year(state, indicator, chosen)
    )
    found = state.compare(indicator, chosen, period)
    rows = compare_rows(found, chosen)
    ids = state.document_ids()
    links = [
        document_href(ids[r.first.statement.doc], r.first.statement.start, r.first.statement.end)
        if r.first and r.first.statement.doc in ids else None
        for r in found
    ]  # fmt: skip
    values = [r.first.statement.value if r.first else None for r in found]
    query = urlencode({"indicator": indicator, "kind": chosen.value, "period": period})
    return render(
        request, "compare.html", who, rows=list(zip(rows, links, values, strict=True)), indicator=indicator,
        kind=chosen.value, period=period, years=years, query=query, reported=sum(1 for r in found if r.figures),
        indicators=indicator_choices(state, indicator),
    )  # fmt: skip


def _compare_year(state: WebState, indicator: str, kind: Kind) -> str:
    """The latest year, not after this one, in which any region reports the
    figure asked for: targets of this year, outcomes of the last. (Reads
    through the main handle: call it through ``state.cached``, under the lock.)"""
    this_year = date.today().year
    found = columns.reported_years(state.store, indicator, kind)
    years = {y for y in found if y.isdigit() and int(y) <= this_year}
    return max(years) if years else str(this_year if kind is Kind.TARGET else this_year - 1)


@router.get("/compare.{fmt}")
def compare_download(request: Request, who: Who, fmt: str, indicator: str, kind: str, period: str) -> Response:
    if fmt not in ("csv", "xlsx"):
        raise WebError(404, "只提供 .csv 和 .xlsx 下载")
    if request.app.state.login_required:
        who.require()
    chosen = Kind.TARGET if kind != "actual" else Kind.ACTUAL
    rows = compare_rows(state_of(request).compare(indicator, chosen, period), chosen)
    return table_file(rows, compare_columns(chosen), f"{indicator}_{chosen.value}_{period}", fmt)
