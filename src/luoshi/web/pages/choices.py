"""What the filters of several pages offer: the region shown first and the
indicators to choose from."""

from __future__ import annotations

from luoshi.web import charts
from luoshi.web.server_state import WebState

NMG_NAME = "内蒙古自治区"  # the region a page shows when none is asked for and it has data


def indicator_choices(state: WebState, chosen: str | None) -> list[tuple[str, str, int]]:
    """(id, label, count) of every indicator stated, the one asked for first if none states it."""
    offered = state.cached(("indicators",), lambda: charts.indicators(state.index()))
    if chosen and chosen not in {i for i, _, _ in offered}:
        offered = [(chosen, charts.indicator_label(chosen), 0), *offered]
    return offered
