"""The shares of targets met that the regions map colours, for every
province and Inner Mongolia's leagues and port cities of one year.

One function is the seam: today it reads the scoped boards region by
region (``WebState.boards_by_region``: one province with its places at a
time, never the whole store in memory); once links and statuses are kept
in the store, it becomes one GROUP BY over them.
"""

from __future__ import annotations

from typing import Any

from luoshi.web import charts
from luoshi.web.server_state import WebState

Shares = dict[str, dict[str, Any]]  # by region code, as ``charts.met_shares`` gives them


def met_shares(state: WebState, year: str) -> tuple[Shares, Shares]:
    """(provinces, leagues and port cities) by code, for targets of ``year``."""
    found = [pair for board in state.boards_by_region(year) for pair in charts.statuses(board)]
    leagues = charts.met_shares(found, "prefecture")
    leagues.update(charts.met_shares(found, "port"))
    return charts.met_shares(found, "province"), leagues
