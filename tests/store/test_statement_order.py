"""A DuckDB store rewrites its statements (and stored links) in the order
pages read them once enough arrived out of order: nothing read changes,
``luoshi ingest`` does it when due and not otherwise, and a rewrite that
fails leaves the table as it was. PostgreSQL, indexed, is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from luoshi.cli import app
from luoshi.ingest import ingest, reprocess
from luoshi.store import StatementQuery, Store, StoreError
from luoshi.store import statement_order as order
from luoshi.store.duckdb_store import DuckDBStore
from luoshi.store.sql import SqlStore
from luoshi.types import Kind

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PAGES = (
    StatementQuery(region="内蒙古自治区", kind="target", limit=20, offset=10),
    StatementQuery(region="内蒙古自治区", kind="actual", limit=50),
    StatementQuery(kind="target", indicator="gdp_growth", limit=5),
    StatementQuery(limit=30, offset=7),
)


def _read(store: SqlStore) -> tuple[object, ...]:
    """Everything a reader sees: statements, stored links, pages."""
    links = sorted(row.row() for row in store.link_rows(None))
    return store.statements(), links, [store.statements(q) for q in PAGES]


def _physical(store: SqlStore, table: str, columns: str) -> list[tuple[object, ...]]:
    return store.backend.execute(f"SELECT {columns} FROM {table} ORDER BY rowid")


@pytest.fixture
def duck(tmp_path: Path) -> SqlStore:
    store = DuckDBStore(tmp_path / "luoshi.duckdb")
    ingest([str(SAMPLES / "nmg_report_2026.md"), str(SAMPLES / "nmg_cooperation_2025.md")], store)
    ingest([str(SAMPLES)], store)
    return store


def test_rewriting_in_order_changes_nothing_a_reader_sees(duck: SqlStore):
    before = _read(duck)
    assert before[0], "the samples give statements"
    written = order.reorder(duck.backend)
    assert written == len(before[0])
    assert _read(duck) == before
    rows = _physical(duck, "statements", 'region, kind, doc_name, "start", doc_id, seq')
    assert rows == sorted(rows)
    links = _physical(duck, "links", "region, part, family, doc_id, seq")
    assert links and links == sorted(links)
    assert order.rows_out_of_order(duck.backend) == 0


def test_ingest_rewrites_when_enough_arrived_out_of_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(order, "DUE_ROWS", 1)
    monkeypatch.setattr(order, "DUE_SHARE", 0.5)
    store = DuckDBStore(tmp_path / "luoshi.duckdb")
    db = store.backend
    ingest([str(SAMPLES / "nmg_report_2026.md")], store)  # all of them out of order: due
    first = db.execute("SELECT written, ordered_at FROM statements_order")
    assert first[0][0] == 0 and first[0][1] is not None and store.counts()["statements"] > 0
    ingest([str(SAMPLES / "nmg_report_2026.md")], store)  # nothing new: nothing to do
    assert db.execute("SELECT written, ordered_at FROM statements_order") == first
    ingest([str(SAMPLES / "places_erenhot_port.md")], store)  # a few rows: under half of the table
    assert db.execute("SELECT ordered_at FROM statements_order")[0][0] == first[0][1]
    assert 0 < order.rows_out_of_order(db) < store.counts()["statements"] / 2


def test_statements_replaced_in_place_count_as_out_of_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`luoshi reprocess` writes every statement again: the table is then in
    arrival order, though no more rows than before."""
    monkeypatch.setattr(order, "DUE_ROWS", 1)
    store = DuckDBStore(tmp_path / "luoshi.duckdb")
    ingest([str(SAMPLES / "nmg_report_2026.md"), str(SAMPLES / "places_erenhot_port.md")], store)
    assert order.rows_out_of_order(store.backend) == 0
    docs, statements = reprocess(store)
    assert docs == 2 and statements == store.counts()["statements"]
    assert order.rows_out_of_order(store.backend) == 0  # reprocess rewrote them in order when done
    ordered = _physical(store, "statements", 'region, kind, doc_name, "start", doc_id, seq')
    assert ordered == sorted(ordered)


def test_the_ingest_command_rewrites_when_due(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(order, "DUE_ROWS", 1)
    path = tmp_path / "luoshi.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(SAMPLES / "nmg_report_2026.md"), "--db", str(path)])
    assert result.exit_code == 0, result.output
    with DuckDBStore(path) as store:
        assert store.counts()["statements"] > 0
        assert order.rows_out_of_order(store.backend) == 0


def test_a_store_below_one_row_group_is_never_rewritten(duck: SqlStore):
    assert order.rows_out_of_order(duck.backend) == duck.counts()["statements"]  # every row written, none rewritten
    assert not duck.reorder_if_due()


def test_a_failed_rewrite_leaves_the_statements_as_they_were(duck: SqlStore, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(order, "DUE_ROWS", 1)
    before = _read(duck)
    physical = _physical(duck, "statements", "doc_id, seq")
    rewrite = order._rewrite

    def failing(db, table, columns):  # type: ignore[no-untyped-def]
        if table == "links":
            raise duck.backend.errors[0]("disk full")
        rewrite(db, table, columns)

    monkeypatch.setattr(order, "_rewrite", failing)
    with pytest.raises(StoreError, match="luoshi.duckdb: cannot rewrite the statements in order; they are as"):
        duck.reorder_if_due()
    assert _read(duck) == before
    assert _physical(duck, "statements", "doc_id, seq") == physical
    tables = {t for (t,) in duck.backend.execute("SELECT table_name FROM duckdb_tables()")}
    assert not {"statements_sorted", "links_sorted"} & tables


def test_only_duckdb_rewrites(store: Store, backend: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(order, "DUE_ROWS", 1)
    ingest([str(SAMPLES / "nmg_report_2026.md")], store)
    assert isinstance(store, SqlStore)
    if backend == "postgres":
        assert not order.is_due(store.backend) and not store.reorder_if_due()
    else:  # the ingest did it
        assert order.rows_out_of_order(store.backend) == 0


def _pages_match_the_sorted_listing(store: SqlStore) -> int:
    """Every page of 3 of each region and kind equals the same slice of the
    whole sorted listing; returns how many pages held rows."""
    held = 0
    regions = sorted({s.region for s in store.statements() if s.region})
    for region in regions:
        for kind in Kind:
            whole = store.statements(StatementQuery(region=region, kind=kind))
            for offset in range(0, len(whole) + 1, 3):
                page = store.statements(StatementQuery(region=region, kind=kind, limit=3, offset=offset))
                assert page == whole[offset : offset + 3], (region, kind, offset)
                held += bool(page)
    return held


def test_a_page_of_one_region_and_kind_is_read_in_page_order_whether_or_not_rows_arrived_since(tmp_path: Path):
    store = DuckDBStore(tmp_path / "luoshi.duckdb")
    ingest([str(SAMPLES / "nmg_report_2026.md"), str(SAMPLES / "places_wuhai_plan.md")], store)
    order.reorder(store.backend)
    assert order.rows_out_of_order(store.backend) == 0
    assert _pages_match_the_sorted_listing(store) > 10
    # rows stored after the rewrite sit at the end: those of a document whose
    # name comes first, in the same region, belong before the rest on its pages
    ingest([str(SAMPLES / "nmg_cooperation_2025.md")], store)
    assert order.rows_out_of_order(store.backend) > 0
    assert _pages_match_the_sorted_listing(store) > 20
