"""Statements: every field comes back as it went in, queries filter with
AND and come back by document name then offset."""

from __future__ import annotations

import pytest
from store_samples import real_report, statement, stored_document, trains_document

from luoshi.store import StatementQuery, Store, StoreError
from luoshi.types import Kind


@pytest.mark.real_texts  # a report of ../shared: hundreds of statements
def test_every_statement_of_a_real_report_comes_back_equal(store: Store):
    doc, stmts = real_report()
    assert len(stmts) > 100
    store.add_document(doc, stmts)
    back = store.statements(StatementQuery(doc=doc.id))
    assert back == sorted(stmts, key=lambda s: s.start)
    assert all(doc.text[s.start : s.end] == s.quote for s in back)


def test_every_field_of_a_statement_survives(store: Store):
    doc, stmts = trains_document()
    store.add_document(doc, stmts)
    back = store.statements()
    assert back == stmts
    trains = back[0]
    assert trains.kind is Kind.ACTUAL and trains.parties == ("呼和浩特", "满洲里") and trains.cumulative
    assert isinstance(trains.rules, tuple) and trains.owner == "自治区商务厅"
    assert back[1].region_code is None and back[1].base_value == 130_000_000.0


def _two_documents(store: Store) -> None:
    doc, stmts = trains_document("b_trains.txt")
    store.add_document(doc, stmts)
    other = stored_document("2025年全区地区生产总值增长5.8%。", "a_other.txt")
    store.add_document(
        other,
        [
            statement(
                "a_other.txt",
                other.text,
                "地区生产总值增长5.8%",
                indicator="gdp_growth",
                indicator_name="地区生产总值",
                value=5.8,
                unit="%",
            )
        ],
    )


QUERIES = [
    (
        StatementQuery(),
        [
            "a_other.txt:gdp_growth",
            "b_trains.txt:china_europe_trains",
            "b_trains.txt:port_freight_volume",
            "b_trains.txt:gdp_growth",
        ],
    ),
    (StatementQuery(indicator="gdp_growth"), ["a_other.txt:gdp_growth", "b_trains.txt:gdp_growth"]),
    (StatementQuery(indicator="口岸货运量"), ["b_trains.txt:port_freight_volume"]),  # by the name in the text
    (StatementQuery(kind=Kind.TARGET), ["b_trains.txt:gdp_growth"]),
    (
        StatementQuery(kind="actual"),
        [
            "a_other.txt:gdp_growth",
            "b_trains.txt:china_europe_trains",  # type: ignore[arg-type]
            "b_trains.txt:port_freight_volume",
        ],
    ),
    (StatementQuery(indicator="gdp_growth", kind=Kind.ACTUAL), ["a_other.txt:gdp_growth"]),
    (StatementQuery(region="满洲里市"), ["b_trains.txt:port_freight_volume"]),
    (StatementQuery(period="2026"), ["b_trains.txt:gdp_growth"]),
    (
        StatementQuery(period="2025", region="内蒙古自治区"),
        ["a_other.txt:gdp_growth", "b_trains.txt:china_europe_trains"],
    ),
    (StatementQuery(doc="a_other.txt"), ["a_other.txt:gdp_growth"]),
    (StatementQuery(doc="b_trains.txt", kind=Kind.TARGET), ["b_trains.txt:gdp_growth"]),
    (StatementQuery(limit=2), ["a_other.txt:gdp_growth", "b_trains.txt:china_europe_trains"]),
    (StatementQuery(limit=2, offset=2), ["b_trains.txt:port_freight_volume", "b_trains.txt:gdp_growth"]),
    (StatementQuery(limit=2, offset=4), []),
    (StatementQuery(indicator="gdp_growth", kind=Kind.EVENT), []),
    (StatementQuery(doc="missing.txt"), []),
    (StatementQuery(region="全国"), []),
]


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[str(i) for i in range(len(QUERIES))])
def test_queries_filter_with_and_in_document_then_offset_order(store: Store, query, expected):
    _two_documents(store)
    got = [f"{s.doc}:{s.indicator}" for s in store.statements(query)]
    assert got == expected


def test_a_document_is_queried_by_id_or_prefix(store: Store):
    doc, stmts = trains_document()
    store.add_document(doc, stmts)
    assert store.statements(StatementQuery(doc=doc.id)) == stmts
    assert store.statements(StatementQuery(doc=doc.id[:8])) == stmts


def test_replacing_statements_swaps_them_all(store: Store):
    doc, stmts = trains_document()
    store.add_document(doc, stmts)
    assert store.replace_statements(doc.id, stmts[2:]) == 1
    assert store.statements() == stmts[2:]
    assert store.documents()[0].statement_count == 1 and store.counts()["statements"] == 1
    assert store.replace_statements(doc.id, list(reversed(stmts))) == 3
    assert store.statements() == stmts  # by offset whatever the order given
    assert store.counts() == {"documents": 1, "statements": 3}


def test_replacing_statements_of_a_document_not_stored_is_an_error(store: Store):
    _, stmts = trains_document()
    with pytest.raises(StoreError, match="no document"):
        store.replace_statements("0" * 64, stmts)
    assert store.counts()["statements"] == 0


@pytest.mark.real_texts  # a report of ../shared: hundreds of statements
def test_iterating_gives_every_statement_in_batches(store: Store):
    doc, stmts = real_report()
    store.add_document(doc, stmts)
    _two_documents(store)
    everything = store.statements()
    assert list(store.iter_statements(batch=7)) == everything
    assert len(everything) == len(stmts) + 4


def test_iterating_an_empty_store_gives_nothing(store: Store):
    assert list(store.iter_statements()) == []


def test_writes_made_while_iterating_are_committed_at_once(open_same):
    store = open_same()
    doc, stmts = trains_document()
    store.add_document(doc, stmts)
    rows = store.iter_statements(batch=1)
    first = next(rows)
    other = stored_document("迭代中写入的文件。", "during.txt")
    store.add_document(other, [])  # the reader is still open
    store.close()  # without finishing (or closing) the iteration
    assert first == stmts[0]
    again = open_same()
    assert again.has_document(other.id)
