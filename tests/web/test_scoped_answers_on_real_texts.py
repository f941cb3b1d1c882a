"""On the seed and the 31 reports: every answer the server now reads scope
by scope, or from a few columns, is the answer an index of the whole store
gives — the boards of each province and of all of them, the regions map,
the comparison table, the indicator charts and the filters' lists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from luoshi.ingest import ingest
from luoshi.store import Store, open_store
from luoshi.track.board import compare, scoreboard
from luoshi.track.link_index import TrackIndex
from luoshi.types import Kind
from luoshi.web import charts, columns
from luoshi.web.map_shares import met_shares
from luoshi.web.server_state import WebState

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SEED = SHARED / "seed" / "000_39f8f6a33f179f43.txt"
REPORTS = sorted((SHARED / "gwr2026").glob("2026_*.csv"))
YEARS = ("2025", "2026")
PROVINCES = ("内蒙古自治区", "广东省", "北京市", "西藏自治区")
pytestmark = pytest.mark.real_texts


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, TrackIndex]]:
    if not SEED.is_file() or len(REPORTS) != 31:
        pytest.skip(f"the seed and the 2026 reports are not under {SHARED}")
    with open_store(tmp_path_factory.mktemp("real") / "real.duckdb") as store:
        assert ingest([str(SEED), *map(str, REPORTS)], store).new == 32
        yield store, TrackIndex.from_store(store)


def _rows(board: list) -> list:  # type: ignore[type-arg]
    return [(a.anchor, a.status, a.chosen.statement if a.chosen else None, a.projection) for a in board]


def test_each_provinces_board_and_that_of_all_are_the_whole_stores(real: tuple[Store, TrackIndex]):
    store, whole = real
    state = WebState(store, most_scopes=2)
    day = state._day  # noqa: SLF001
    for year in (*YEARS, None):
        for region in PROVINCES:
            assert _rows(state.scoreboard(region, year)) == _rows(scoreboard(whole, region, year, as_of=day))
        assert _rows(state.scoreboard(None, year)) == _rows(scoreboard(whole, None, year, as_of=day))


def test_the_regions_map_is_the_whole_stores(real: tuple[Store, TrackIndex]):
    store, whole = real
    state = WebState(store)
    for year in YEARS:
        board = charts.statuses(scoreboard(whole, None, year, as_of=state._day))  # noqa: SLF001
        provinces, leagues = met_shares(state, year)
        assert provinces == charts.met_shares(board, "province") and len(provinces) == (31 if year == "2026" else 3)
        assert leagues == {**charts.met_shares(board, "prefecture"), **charts.met_shares(board, "port")}


def test_the_comparison_and_the_indicator_charts_are_the_whole_stores(real: tuple[Store, TrackIndex]):
    store, whole = real
    state = WebState(store)
    for kind, period in ((Kind.TARGET, "2026"), (Kind.ACTUAL, "2025")):
        assert state.compare("gdp_growth", kind, period) == compare(whole, "gdp_growth", kind, period)
    for indicator in ("gdp_growth", "fixed_asset_investment_growth"):
        assert state.series(indicator) == charts.series(whole, indicator, state.document_ids())


def test_the_filters_lists_are_the_whole_stores(real: tuple[Store, TrackIndex]):
    store, whole = real
    assert charts.target_regions(columns.target_regions(store)) == charts.target_regions(r for r, *_ in whole.targets)
    assert charts.ranked_indicators(columns.indicator_regions(store)) == charts.indicators(whole)
    for region in (None, *PROVINCES):
        years = {y for r, _, _, y in whole.targets if region is None or r == region}
        assert columns.target_years(store, region) == sorted((y for y in years if y.isdigit()), reverse=True)
