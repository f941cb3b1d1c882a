"""Targets are keyed by their document's id and span: an upload named like
a stored document — even one repeating its text up to the target — takes
over neither the target's key nor what was filed under it."""

from __future__ import annotations

from pathlib import Path

from accounts_samples import admin

from luoshi.accounts import Accounts, target_key
from luoshi.extract import extract_document
from luoshi.ingest import ingest, stored
from luoshi.store import StatementQuery
from luoshi.store.sql import SqlStore
from luoshi.types import Document, Kind, Statement

NEWS = Path(__file__).resolve().parents[2] / "samples" / "nmg_cooperation_2025.md"


def freight_targets(store: SqlStore) -> list[Statement]:
    found = store.statements(StatementQuery(kind=Kind.TARGET, period="2025", indicator="port_freight_volume"))
    return sorted(found, key=lambda t: t.doc)


def test_a_stored_targets_key_is_its_documents_id_and_span(store: SqlStore):
    assert ingest([str(NEWS)], store).new == 1
    [t] = freight_targets(store)
    doc = store.document(NEWS.name)
    assert doc is not None and t.doc_id == doc.id
    assert target_key(t) == f"{doc.id}:{t.start}-{t.end}"


def test_an_upload_named_like_the_document_takes_over_nothing_filed_under_its_targets(
    store: SqlStore, accounts: Accounts
):
    assert ingest([str(NEWS)], store).new == 1
    [original] = freight_targets(store)
    accounts.assign_owner(original, "自治区交通运输厅", by=admin(accounts))
    # the same name, the same text up to the target and past it: a target at the same span
    text = NEWS.read_text(encoding="utf-8") + "\n（本文有更正）\n"
    copy = Document(NEWS.name, text)
    assert store.add_document(stored(copy), extract_document(copy)).name == f"{NEWS.name} (2)"
    first, second = freight_targets(store)
    assert (first.start, first.end) == (second.start, second.end) and first.doc_id != second.doc_id
    assert target_key(first) == target_key(original) != target_key(second)
    assert accounts.owner_of(first) == "自治区交通运输厅"
    assert accounts.owner_of(second) == second.owner  # only what its own text names
    assert accounts.assigned_owners() == {target_key(original): "自治区交通运输厅"}
