"""地区 (``/regions``): the provinces and Inner Mongolia's leagues coloured
by their share of targets met, or by one indicator's figure; the "12+2"
(the leagues, then 满洲里 and 二连浩特) as bars, each figure a link to its
sentence, each league and city a link to its own page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from luoshi.gazetteer import Gazetteer
from luoshi.places import Registry
from luoshi.web import charts
from luoshi.web.auth import state_of
from luoshi.web.links import place_href
from luoshi.web.map_shares import met_shares
from luoshi.web.pages.choices import indicator_choices, target_years
from luoshi.web.pages.render import Who, render, script_json

router = APIRouter(include_in_schema=False)


@router.get("/regions", response_class=HTMLResponse)
def regions_page(
    request: Request, who: Who, period: str | None = None, indicator: str | None = None, kind: str = "actual"
) -> HTMLResponse:
    state = state_of(request)
    years = target_years(state)
    kind = "target" if kind == "target" else "actual"

    def coloured(year: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """(provinces, leagues) by code for one year."""
        if indicator:
            values = _values_by_code(charts.main_series(state.series(indicator))[0], year, kind)
            return (
                {c: v for c, v in values.items() if c.endswith("0000")},
                {c: v for c, v in values.items() if c.startswith("15") and not c.endswith("0000")},
            )
        return met_shares(state, year)

    def map_of(year: str) -> tuple[dict[str, Any], dict[str, Any]]:
        return state.cached(("map", indicator, kind, year), lambda: coloured(year))

    period = period or _year_with_data(years, map_of)
    provinces, leagues = map_of(period)
    unit = "%"
    if indicator:  # the map shows one measure in one unit: the indicator's first (its targets')
        unit = charts.main_series(state.series(indicator))[1]
    payload = {
        "metric": "indicator" if indicator else "share",
        "label": charts.indicator_label(indicator) if indicator else "目标完成率",
        "unit": unit,
        "period": period,
        "kind": kind,
        "provinces": provinces,
        "leagues": leagues,
        "units": _units(period),
    }
    return render(
        request, "regions.html", who, years=years, period=period, indicator=indicator or "", kind=kind,
        indicators=indicator_choices(state, indicator), data=script_json(payload),
    )  # fmt: skip


def _year_with_data(years: list[str], coloured: Callable[[str], tuple[dict[str, Any], dict[str, Any]]]) -> str:
    """The latest year, not after this one, whose maps show any figure."""
    this_year = date.today().year
    candidates = [y for y in years if int(y) <= this_year] or years
    for year in candidates:
        provinces, leagues = coloured(year)
        if any(v.get("value") is not None or v.get("with_data") for v in (*provinces.values(), *leagues.values())):
            return year
    return candidates[0] if candidates else str(this_year - 1)


def _units(period: str) -> list[dict[str, str]]:
    """The "12+2" in the order reports list them: the 12 leagues, then 满洲里
    and 二连浩特, each with its page."""
    return [
        {"code": p.code or "", "name": p.name, "href": place_href(p.id, period)}
        for p in Registry.default().reporting_units()
    ]


def _values_by_code(data: charts.Series, period: str, kind: str) -> dict[str, dict[str, Any]]:
    gaz = Gazetteer.default()
    out = {}
    for region, years in data.items():
        r = gaz.by_name(region)
        point = years.get(period, {}).get(kind)
        if r is not None and r.code and point is not None:
            out[r.code] = {"name": r.name, **point}
    return out
