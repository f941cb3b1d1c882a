"""Migration 0007 gives documents stored before it a source type and says
who vouches for them: what a trusted import stored keeps counting as it
did, a progress report counts for its owner's targets, and a web upload of
unknown origin waits for an admin."""

from __future__ import annotations

from datetime import UTC, datetime

from store_samples import Opener, stored_document

from luoshi.source_types import STORED_BEFORE, SourceType
from luoshi.store.migrations import MIGRATIONS
from luoshi.store.rows import DOCUMENT_COLUMNS, document_row, quoted

BEFORE_0007 = next(i for i, m in enumerate(MIGRATIONS) if m.name.startswith("0007_"))
_LATER = {"source_type", "uploaded_by", "owner", "confirmed_by", "confirmed_at"}
AT = datetime(2025, 6, 1, tzinfo=UTC)


def _insert_old(store, text: str, name: str, **meta: object) -> str:  # type: ignore[no-untyped-def]
    """A document row as luoshi wrote it before 0007."""
    doc = stored_document(text, name, ingested_at=AT, **meta)
    keep = [i for i, c in enumerate(DOCUMENT_COLUMNS) if c not in _LATER]
    values = [document_row(doc)[i] for i in keep]
    columns = [DOCUMENT_COLUMNS[i] for i in keep]
    with store.backend.transaction():
        store.backend.execute(
            f"INSERT INTO documents ({quoted(columns)}) VALUES ({', '.join('?' * len(columns))})", values
        )
    return doc.id


def test_documents_stored_before_0007_get_the_type_and_vouching_they_had(open_same: Opener):
    old = open_same(migrations=MIGRATIONS[:BEFORE_0007])
    report = _insert_old(old, "2025年全区生产总值增长5.8%。", "r.txt", title="2026年内蒙古自治区政府工作报告")
    news = _insert_old(old, "全年到发中欧班列520列。", "n.txt", title="中欧班列开行提速")
    upload = _insert_old(
        old, "全年到发中欧班列300列。", "u.md", title="内蒙古自治区政府工作报告摘要", source="上传：u.md"
    )
    table = _insert_old(
        old, "内蒙古自治区,china_europe_trains,2025,520,列", "t.csv", loader="stats", source="上传：t.csv"
    )
    progress = _insert_old(old, "进展报告\n填报单位：自治区商务厅\n", "进展报告/自治区商务厅/1", loader="progress")
    db = old.backend
    with db.transaction():
        db.execute(
            "INSERT INTO users (id, username, password_hash, role, owner, created_at) VALUES (7, 'zhang', 'x', 'owner',"
            " '自治区商务厅', ?)",
            [AT.replace(tzinfo=None)],
        )
        db.execute(
            "INSERT INTO progress_reports (id, target, user_id, username, owner, value, period, note, created_at,"
            " doc_id) VALUES (1, 'plan.txt:1-9', 7, 'zhang', '自治区商务厅', 520, '2025', '', ?, ?)",
            [AT.replace(tzinfo=None), progress],
        )
    old.close()

    new = open_same()
    docs = {d.id: d for d in new.documents()}
    kinds = {ref: docs[ref].source_type for ref in (report, news, upload, table, progress)}
    assert kinds == {
        report: SourceType.GOVERNMENT_WORK_REPORT, news: SourceType.NEWS, upload: SourceType.UNKNOWN,
        table: SourceType.STATISTICS, progress: SourceType.OWNER_REPORT,
    }  # fmt: skip
    assert {ref for ref, d in docs.items() if d.confirmed} == {report, news, table}
    assert docs[report].confirmed_by == STORED_BEFORE and docs[report].confirmed_at == AT
    assert (docs[progress].owner, docs[progress].uploaded_by) == ("自治区商务厅", "zhang")
    assert (docs[upload].owner, docs[upload].uploaded_by, docs[upload].confirmed_at) == (None, None, None)
