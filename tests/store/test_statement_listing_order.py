"""A listing of statements (``Store.statements`` with a limit and offset,
as the API pages it) comes in one order on both back ends: by the name the
document is stored under, then offset in its text, whatever order the
documents arrived in, however they were written (one by one, in a batch,
their statements replaced) and in a store upgraded from before statements
carried their document's name (migration 0016)."""

from __future__ import annotations

from dataclasses import replace

from store_samples import Opener, statement, stored_document

from luoshi.store import StatementQuery, Store, StoredDocument
from luoshi.store.migrations import MIGRATIONS
from luoshi.store.rows import DOCUMENT_COLUMNS, STATEMENT_COLUMNS, column_type, document_row, quoted, statement_rows
from luoshi.types import Kind, Statement

BEFORE_0016 = [m for m in MIGRATIONS if m.name < "0016"]
# Names arriving in an order that is not theirs; "乙.txt" twice: the second is stored as "乙.txt (2)".
ARRIVALS = ("丙.txt", "b.txt", "乙.txt", "B.txt", "乙.txt", "甲.txt", "a (2).txt")
WORDS = ("口岸货运量", "中欧班列", "地区生产总值", "进出口总额")


def _document(n: int, name: str) -> tuple[StoredDocument, list[Statement]]:
    """Statements of two kinds and two regions, not in offset order, two on one span."""
    text = f"第{n}篇：" + "；".join(f"{w}{n + i}万" for i, w in enumerate(WORDS)) + "。"
    quotes = [f"{w}{n + i}万" for i, w in enumerate(WORDS)]
    made = [
        statement(name, text, quotes[3], kind=Kind.TARGET),
        statement(name, text, quotes[1]),
        statement(name, text, quotes[0], region="北京市", indicator="port_freight_volume"),
        statement(name, text, quotes[2], indicator="gdp_growth"),
        statement(name, text, quotes[2], kind=Kind.TARGET, indicator="gdp_growth"),
    ]
    return stored_document(text, name), made


def _arrived() -> list[tuple[StoredDocument, list[Statement]]]:
    return [_document(n, name) for n, name in enumerate(ARRIVALS)]


def _expected(store: Store, query: StatementQuery) -> list[tuple[str, int, str]]:
    """Every statement the query matches, in document name then offset order
    (then document id and position), computed here from what was stored."""
    stored = {d.id: d.name for d in store.documents()}
    every = store.statements(StatementQuery(region=query.region, kind=query.kind, indicator=query.indicator))
    keys = sorted(((stored[s.doc_id or ""], s.start, s.doc_id or "", s.seq or 0), s) for s in every)
    return [(name, start, s.quote) for (name, start, _, _), s in keys]


def _pages(store: Store, query: StatementQuery, size: int) -> list[tuple[str, int, str]]:
    listed: list[tuple[str, int, str]] = []
    for offset in range(0, 40, size):
        page = store.statements(StatementQuery(query.region, query.indicator, query.kind, limit=size, offset=offset))
        listed += [(s.doc, s.start, s.quote) for s in page]
    return listed


QUERIES = [
    StatementQuery(),
    StatementQuery(region="内蒙古自治区"),
    StatementQuery(region="内蒙古自治区", kind=Kind.ACTUAL),
    StatementQuery(region="内蒙古自治区", kind=Kind.TARGET),
    StatementQuery(region="内蒙古自治区", kind=Kind.TARGET, indicator="gdp_growth"),
    StatementQuery(region="北京市", kind=Kind.ACTUAL),
]


def _listed_in_order(store: Store) -> None:
    names = [d.name for d in store.documents()]
    assert sorted(names) == sorted({*ARRIVALS, "乙.txt (2)"})
    for query in QUERIES:
        expected = _expected(store, query)
        assert expected, query
        assert [name for name, _, _ in expected] == sorted(name for name, _, _ in expected)  # by name first
        for size in (1, 3, 100):
            assert _pages(store, query, size) == expected, (query, size)


def test_documents_stored_one_by_one_are_listed_by_name_then_offset(store: Store):
    for doc, statements in _arrived():
        store.add_document(doc, statements)
    _listed_in_order(store)
    assert store.statements(StatementQuery(region="北京市", limit=2))[0].doc == "B.txt"  # byte order: B before a


def test_documents_stored_in_one_batch_are_listed_the_same(store: Store):
    store.add_documents(_arrived())
    _listed_in_order(store)


def test_replaced_statements_are_listed_under_their_documents_stored_name(store: Store):
    arrived = _arrived()
    results = [store.add_document(doc, statements) for doc, statements in arrived]
    renamed = next(r for r in results if r.name == "乙.txt (2)")
    statements = next(s for (d, s) in arrived if d.id == renamed.doc_id)
    store.replace_statements(renamed.doc_id, list(reversed(statements)))
    _listed_in_order(store)


def test_an_upgraded_store_lists_its_statements_in_the_same_order(open_same: Opener):
    old = open_same(migrations=BEFORE_0016)
    stored: list[str] = []
    for doc, statements in _arrived():
        name = doc.name if doc.name not in stored else f"{doc.name} (2)"
        stored.append(name)
        _insert_before_0016(old, replace(doc, name=name), statements)
    old.close()
    _listed_in_order(open_same())


def _insert_before_0016(store: Store, doc: StoredDocument, statements: list[Statement]) -> None:
    """What add_document wrote before 0016: no name beside the statements."""
    db = store.backend  # type: ignore[attr-defined]
    with db.transaction():
        db.execute(
            f"INSERT INTO documents ({quoted(DOCUMENT_COLUMNS)}, statement_count)"
            f" VALUES ({', '.join('?' * (len(DOCUMENT_COLUMNS) + 1))})",
            [*document_row(doc), len(statements)],
        )
        db.insert("statements", [(c, column_type(c)) for c in STATEMENT_COLUMNS], statement_rows(doc.id, statements))
