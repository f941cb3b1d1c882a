"""A write that fails leaves nothing half-written: the document with its
statements and its search index goes in whole or not at all."""

from __future__ import annotations

from dataclasses import replace

import pytest
from store_samples import stored_document, trains_document

from luoshi.store import StatementQuery, Store, StoreError


def _nothing_of(store: Store, doc_id: str) -> None:
    assert not store.has_document(doc_id)
    assert store.document(doc_id) is None
    assert store.counts() == {"documents": 0, "statements": 0}
    assert store.search("中欧班列") == []


def test_a_statement_that_cannot_be_stored_leaves_no_document(store: Store):
    doc, stmts = trains_document()
    broken = [*stmts[:2], replace(stmts[2], value="不是数字")]  # type: ignore[arg-type]
    with pytest.raises(StoreError) as info:
        store.add_document(doc, broken)
    message = str(info.value)
    assert message.startswith(store.url)  # PostgreSQL adds " (schema …)"
    assert ": cannot store trains.txt; nothing of it was stored (" in message
    assert "\n" not in message
    _nothing_of(store, doc.id)
    assert store.add_document(doc, stmts).added  # the store is still usable
    assert store.counts() == {"documents": 1, "statements": 3}


def test_a_failure_after_the_document_row_rolls_it_back(store: Store, monkeypatch: pytest.MonkeyPatch):
    """The statements go in after the document's row; a full disk there undoes it."""
    doc, stmts = trains_document()
    db = store._db  # type: ignore[attr-defined]

    def full_disk(*args: object) -> None:
        raise db.errors[0]("could not write: No space left on device")

    monkeypatch.setattr(db, "insert", full_disk)
    with pytest.raises(StoreError, match="No space left on device"):
        store.add_document(doc, stmts)
    monkeypatch.undo()
    _nothing_of(store, doc.id)


def test_an_interruption_midway_rolls_back(store: Store, monkeypatch: pytest.MonkeyPatch):
    doc, stmts = trains_document()
    db = store._db  # type: ignore[attr-defined]
    insert = db.insert

    def interrupted(*args: object) -> None:
        insert(*args)
        raise KeyboardInterrupt

    monkeypatch.setattr(db, "insert", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.add_document(doc, stmts)
    monkeypatch.undo()
    _nothing_of(store, doc.id)


def test_a_failed_replacement_keeps_the_old_statements(store: Store):
    doc, stmts = trains_document()
    store.add_document(doc, stmts)
    with pytest.raises(StoreError, match="unchanged"):
        store.replace_statements(doc.id, [stmts[0], replace(stmts[1], start="x")])  # type: ignore[arg-type]
    assert store.statements(StatementQuery(doc=doc.id)) == stmts


def test_other_documents_are_untouched_by_a_failure(store: Store):
    good = stored_document("第一份文件。", "good.txt")
    store.add_document(good, [])
    doc, stmts = trains_document()
    with pytest.raises(StoreError):
        store.add_document(doc, [replace(stmts[0], kind=None)])  # type: ignore[arg-type]
    assert [d.name for d in store.documents()] == ["good.txt"]
