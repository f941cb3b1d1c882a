"""指标 (``/indicators``): one indicator's targets and outcomes by region and
year, one small chart per measure and unit (a growth rate and a tonnage never
share an axis)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from luoshi.gazetteer import Gazetteer
from luoshi.web import charts
from luoshi.web.auth import state_of
from luoshi.web.pages.choices import NMG_NAME, indicator_choices
from luoshi.web.pages.render import Who, render, script_json

router = APIRouter(include_in_schema=False)


@router.get("/indicators", response_class=HTMLResponse)
def indicator_page(
    request: Request, who: Who, indicator: str = "gdp_growth", region: str | None = None, period: str | None = None
) -> HTMLResponse:
    state = state_of(request)
    groups = state.series(indicator)
    regions = {r for g in groups for r in g["series"]}
    years = sorted({y for g in groups for per in g["series"].values() for y in per if y.isdigit()})
    period = period or (years[-1] if years else "")
    region = region or (NMG_NAME if NMG_NAME in regions else next(iter(sorted(regions)), ""))
    order = sorted(regions, key=_by_code)
    drawn = charts.indicator_charts(groups, region, period, order)
    payload = {"label": charts.indicator_label(indicator), "region": region, "period": period, "charts": drawn}
    return render(
        request, "indicator.html", who, indicator=indicator, region=region, period=period, years=years,
        regions=order, charts=drawn,
        indicators=indicator_choices(state, indicator), data=script_json(payload),
    )  # fmt: skip


def _by_code(name: str) -> str:
    found = Gazetteer.default().by_name(name)
    return (found.code or "") if found else "~" + name
