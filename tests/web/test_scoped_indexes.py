"""The server links no more of the store than a page needs. Where the
store's links are stale (before ``luoshi relink``: ``scoped_boards``), a
region's board reads the statements of that region's places, a new
document updates only the scopes it belongs to, and the scopes kept stay
within their bounds; where they are current, a board reads the stored
links of its places only. Either way the board of every region is the
board an index of the whole store gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_samples import IM, samples_on_postgres

from luoshi import Document, Kind, extract_document
from luoshi.ingest import stored, trusted
from luoshi.store import StatementQuery, Store, open_store
from luoshi.store.sql import SqlStore
from luoshi.track.board import places_within, scoreboard
from luoshi.track.link_index import TrackIndex
from luoshi.web import charts, create_app, scopes
from luoshi.web.map_shares import met_shares
from luoshi.web.server_state import WebState

BEIJING = "北京市"
GUANGDONG = "广东省"
# A Beijing outcome for 2026 and a new 2026 target of its own.
BEIJING_NEWS = "2026年1-6月，北京市地区生产总值同比增长5.2%。北京市全年力争新增就业岗位26万个。"


def _state(client: TestClient) -> WebState:
    return client.app.state.luoshi  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def read_regions(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The regions of the statements each scope read from the store."""
    reads: list[set[str]] = []
    real = scopes.scoped_index

    def counted(store, places, period):  # type: ignore[no-untyped-def]
        index = real(store, places, period)
        kept = (index.targets, index.outcomes, index.held, index.unvouched)
        reads.append({s.region for groups in kept for group in groups.values() for s in group})
        return index

    monkeypatch.setattr(scopes, "scoped_index", counted)
    return reads


@pytest.fixture
def scoped_boards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Boards linked from scopes, as while the stored links are stale."""
    monkeypatch.setattr(WebState, "_stored_links", lambda self: False)


@pytest.fixture
def read_link_regions(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The regions of the stored links each read asked for."""
    reads: list[set[str]] = []
    real = SqlStore.link_rows

    def counted(self, regions, period=None):  # type: ignore[no-untyped-def]
        rows = real(self, regions, period)
        reads.append({r.region for r in rows} | set(regions or ["*"]))
        return rows

    monkeypatch.setattr(SqlStore, "link_rows", counted)
    return reads


@pytest.fixture
def no_whole_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading every statement of the store fails the test."""

    def refused(*_: object, **__: object) -> None:
        raise AssertionError("read every statement of the store")

    monkeypatch.setattr(SqlStore, "iter_statements", refused)
    monkeypatch.setattr(TrackIndex, "from_store", refused)


@pytest.mark.usefixtures("no_whole_store")
@pytest.mark.usefixtures("scoped_boards")
def test_a_regions_board_reads_only_the_statements_of_its_places(client: TestClient, read_regions: list[set[str]]):
    page = client.get("/", params={"region": BEIJING, "period": "2026"})
    assert page.status_code == 200 and BEIJING in page.text
    assert read_regions and all(found <= set(places_within(BEIJING)) for found in read_regions)
    held = {s.region for scope in _state(client).scopes for group in scope.index.targets.values() for s in group}
    # the store has Inner Mongolia's and Guangdong's too (and 大兴区's, a place within Beijing)
    assert BEIJING in held and held <= set(places_within(BEIJING))
    assert not held & {"内蒙古自治区", "广东省"}


def test_a_regions_board_reads_only_the_stored_links_of_its_places(
    client: TestClient, read_link_regions: list[set[str]], read_regions: list[set[str]]
):
    page = client.get("/", params={"region": BEIJING, "period": "2026"})
    assert page.status_code == 200 and BEIJING in page.text
    assert read_link_regions and all(found <= set(places_within(BEIJING)) for found in read_link_regions)
    assert read_regions == []  # nothing linked to answer


@pytest.mark.usefixtures("no_whole_store")
def test_every_page_answers_without_linking_the_whole_store(client: TestClient):
    _every_page_answers(client)


def _every_page_answers(client: TestClient) -> None:
    target = client.get("/api/v1/targets", params={"region": IM, "period": "2025"}).json()["items"][0]
    pages = [
        "/", "/regions", "/regions?indicator=gdp_growth", "/compare", "/indicators", "/api/v1/targets?period=2026",
        f"/targets?key={target['key']}", "/api/v1/compare?indicator=gdp_growth&kind=target&period=2026",
    ]  # fmt: skip
    for path in pages:
        assert client.get(path).status_code == 200, path


@pytest.mark.usefixtures("no_whole_store", "scoped_boards")
def test_a_document_of_one_region_updates_only_that_regions_scope(client: TestClient):
    state = _state(client)
    for region in (BEIJING, GUANGDONG):
        assert client.get("/api/v1/targets", params={"region": region, "period": "2026"}).status_code == 200
    kept = {scope.region: scope for scope in state.scopes}
    before = {region: (scope.statements, len(scope.index.all_targets())) for region, scope in kept.items()}
    doc = Document("北京新闻.txt", BEIJING_NEWS, region=BEIJING, published=date(2026, 7, 20))
    statements = extract_document(doc)
    with state.writing() as store:
        result = store.add_document(trusted(stored(doc)), statements)
        state.added(trusted(stored(doc)), result.as_stored(statements))
    after = {scope.region: scope for scope in state.scopes}
    assert after[GUANGDONG] is kept[GUANGDONG]  # kept, not read again
    assert (after[GUANGDONG].statements, len(after[GUANGDONG].index.all_targets())) == before[GUANGDONG]
    assert after[BEIJING] is kept[BEIJING] and after[BEIJING].statements > before[BEIJING][0]
    items = client.get("/api/v1/targets", params={"region": BEIJING, "period": "2026"}).json()["items"]
    assert any(t["target"]["quote"] == "北京市全年力争新增就业岗位26万个" for t in items)


@pytest.mark.usefixtures("scoped_boards")
def test_the_scopes_kept_stay_within_their_count_and_statements(store_path: Path):
    with open_store(store_path) as store:
        state = WebState(store, most_scopes=2)
        for region in (IM, BEIJING, GUANGDONG):
            state.scoreboard(region, "2026")
        assert [scope.region for scope in state.scopes] == [BEIJING, GUANGDONG]  # the least used went
        sizes = {region: scopes.build_scope(store, region, "2026").statements for region in (IM, BEIJING)}
        assert sizes[IM] > sizes[BEIJING] > 0
        state = WebState(store, most_scopes=2, most_scoped=sizes[BEIJING])
        for region in (IM, BEIJING, GUANGDONG, IM):
            state.scoreboard(region, "2026")
            state.changed()  # answers forgotten: each board read from its scope again
            assert len(state.scopes) <= 2 and state.scopes.statements <= sizes[BEIJING]
        assert IM not in {scope.region for scope in state.scopes}  # larger than the bound: used, never kept
        kept = list(state.scopes)
        for name in ("火星", "' OR 1=1 --"):
            assert state.scoreboard(name, "2026") == []
        assert list(state.scopes) == kept  # names nothing is said of push nothing out


def _boards_of_every_region_agree_with_the_whole_store(store: Store) -> None:
    whole = TrackIndex.from_store(store)
    state = WebState(store, most_scopes=1)
    for period in ("2025", "2026", None):
        expected = scoreboard(whole, None, period, as_of=state._day)  # noqa: SLF001
        found = state.scoreboard(None, period)
        assert [(a.anchor, a.status) for a in found] == [(a.anchor, a.status) for a in expected]
    for year in ("2025", "2026"):
        board = charts.statuses(scoreboard(whole, None, year, as_of=state._day))  # noqa: SLF001
        provinces, leagues = met_shares(state, year)
        assert provinces == charts.met_shares(board, "province") and provinces
        assert leagues == {**charts.met_shares(board, "prefecture"), **charts.met_shares(board, "port")}


@pytest.mark.parametrize("stored", [True, False], ids=["stored links", "scoped"])
def test_the_board_of_every_region_read_region_by_region_is_the_whole_stores(
    store_path: Path, stored: bool, monkeypatch: pytest.MonkeyPatch
):
    if not stored:
        monkeypatch.setattr(WebState, "_stored_links", lambda self: False)
    with open_store(store_path) as store:
        _boards_of_every_region_agree_with_the_whole_store(store)


def test_the_board_of_every_region_read_region_by_region_is_the_whole_stores_on_postgresql():
    with samples_on_postgres("scoped") as store:
        try:
            _boards_of_every_region_agree_with_the_whole_store(store)
        finally:
            store.close()


@pytest.mark.usefixtures("no_whole_store")
def test_every_page_answers_without_linking_the_whole_store_on_postgresql():
    with samples_on_postgres("scoped") as store, TestClient(create_app(store, warm=False)) as client:
        _every_page_answers(client)


def test_a_target_is_found_by_its_key_from_its_own_scope(client: TestClient, read_regions: list[set[str]]):
    state = _state(client)
    with state.writing() as store:
        targets = store.statements(StatementQuery(region=GUANGDONG, kind=Kind.TARGET))
    t = next(s for s in targets if s.value is not None)
    key = f"{t.doc_id}:{t.start}-{t.end}"
    one = client.get("/api/v1/targets/one", params={"key": key})
    assert one.status_code == 200 and one.json()["key"] == key
    assert read_regions and all(found <= set(places_within(GUANGDONG)) for found in read_regions)
    assert client.get("/api/v1/targets/one", params={"key": f"{t.doc_id}:{t.start}-99999999999"}).status_code == 404
