"""What the filters of several pages offer: the regions and years with
targets, the region shown first and the indicators to choose from — each
a few columns read with SQL (``luoshi.web.columns``) and kept until the
store changes, never read off an index of the whole store."""

from __future__ import annotations

from luoshi.given_metadata import FALLBACK_REGION
from luoshi.web import charts, columns
from luoshi.web.server_state import WebState

NMG_NAME = "内蒙古自治区"  # the region a page shows when none is asked for and it has data


def target_regions(state: WebState) -> list[str]:
    """Regions with targets, provinces first, then by code."""
    return state.cached(("regions",), lambda: charts.target_regions(columns.target_regions(state.store)))


def target_years(state: WebState, region: str | None = None) -> list[str]:
    """Years with targets (of ``region`` itself when given), latest first."""
    return state.cached(("years", region), lambda: columns.target_years(state.store, region))


def main_region(state: WebState) -> str:
    """The region with the most targets, for a form's default region."""

    def most() -> str:
        counts = columns.target_regions(state.store)
        return max(sorted(counts), key=counts.__getitem__) if counts else FALLBACK_REGION

    return state.cached(("main region",), most)


def indicator_choices(state: WebState, chosen: str | None) -> list[tuple[str, str, int]]:
    """(id, label, count) of every indicator stated, the one asked for first if none states it."""
    offered = state.cached(("indicators",), lambda: charts.ranked_indicators(columns.indicator_regions(state.store)))
    if chosen and chosen not in {i for i, _, _ in offered}:
        offered = [(chosen, charts.indicator_label(chosen), 0), *offered]
    return offered
