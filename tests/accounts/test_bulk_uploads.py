"""An upload of many documents (a bulk CSV's rows, an upload job's batch)
is stored and logged as single uploads are — each an owner's report,
unconfirmed, with an audit entry naming the file — in one go."""

from __future__ import annotations

import hashlib

from accounts_samples import commerce

from luoshi.accounts import Accounts
from luoshi.extract import extract_document
from luoshi.ingest import stored
from luoshi.source_types import SourceType
from luoshi.store.sql import SqlStore
from luoshi.types import Document

ROWS = [
    "2025年，满洲里口岸全年到发中欧班列520列，增长8%。",
    "2025年，二连浩特口岸货运量完成1800万吨。",
    "2025年，满洲里口岸全年到发中欧班列520列，增长8%。",  # the same text again: stored once
]
FILE, DATA = "商务厅通报.csv", "province,full_text\n…".encode()


def _rows() -> list[tuple[Document, list]]:
    docs = [Document(f"{FILE}#{n}" if n else FILE, text, region="内蒙古自治区", loader="csv") for n, text in
            enumerate(ROWS)]  # fmt: skip
    return [(doc, extract_document(doc)) for doc in docs]


def test_an_owners_rows_are_stored_as_unconfirmed_reports_each_logged(accounts: Accounts, store: SqlStore) -> None:
    owner = commerce(accounts)
    sha = hashlib.sha256(DATA).hexdigest()
    items = [(stored(doc), statements) for doc, statements in _rows()]
    done = accounts.record_uploads(owner, items, file_name=FILE, file_sha256=sha)
    assert [(u.document.name, u.added) for u in done] == [(FILE, True), (f"{FILE}#1", True), (FILE, False)]
    assert done[0].statements == len(items[0][1]) > 0
    for u in done[:2]:
        kept = store.document(u.document.id)
        assert kept is not None and kept.name == u.document.name
        assert (kept.source_type, kept.owner, kept.uploaded_by, kept.confirmed) == (
            SourceType.OWNER_REPORT, "自治区商务厅", owner.username, False
        )  # fmt: skip
    logged = [e for e in accounts.audit_log() if e.action == "document.upload"]
    assert len(logged) == 3 and {e.username for e in logged} == {owner.username}
    assert all(e.after and e.after["file"] == FILE and e.after["file_sha256"] == sha for e in logged)
    assert sorted(bool(e.after and e.after["added"]) for e in logged) == [False, True, True]
    assert {e.object for e in logged} == {f"document:{u.document.id}" for u in done}
