"""Migration 0010: statements keep the deadline a task list gives them, and
a progress report may carry no figure (a commitment reported done); stores
from before it read their statements back without deadlines."""

from __future__ import annotations

from store_samples import Opener, statement, stored_document, trains_document

from luoshi.store import StatementQuery
from luoshi.store.migrations import MIGRATIONS
from luoshi.store.rows import DOCUMENT_COLUMNS, STATEMENT_COLUMNS, column_type, document_row, quoted, statement_rows
from luoshi.types import Kind

_BEFORE = [m for m in MIGRATIONS if m.name < "0010"]


def _add_before_deadlines(store, doc, stmts) -> None:
    """What add_document wrote before 0010: every statement column but the
    deadline (and those of later migrations)."""
    db = store._db
    keep = [i for i, c in enumerate(STATEMENT_COLUMNS) if c not in ("deadline", "preliminary")]
    marks = ", ".join("?" * len(DOCUMENT_COLUMNS))
    with db.transaction():
        db.execute(f"INSERT INTO documents ({quoted(DOCUMENT_COLUMNS)}) VALUES ({marks})", document_row(doc))
        rows = [tuple(row[i] for i in keep) for row in statement_rows(doc.id, stmts)]
        db.insert("statements", [(STATEMENT_COLUMNS[i], column_type(STATEMENT_COLUMNS[i])) for i in keep], rows)


def test_statements_stored_before_deadlines_are_read_without_one(open_same: Opener):
    old = open_same(migrations=_BEFORE)
    doc, stmts = trains_document()
    _add_before_deadlines(old, doc, stmts)
    old.close()
    new = open_same()
    assert new.schema_version() == len(MIGRATIONS)
    assert [s.deadline for s in new.statements(StatementQuery(doc=doc.id))] == [None, None, None]


def test_a_task_lists_deadline_and_a_commitment_without_figure_are_stored_and_read_back(open_same: Opener):
    store = open_same()
    text = (
        "1\t在京高标准建设2个共享前置仓\t自治区农牧厅\t2025年6月底前\n"
        "2\t拓展农畜产品电子商务销售渠道\t自治区农牧厅\t长期坚持"
    )
    due = statement(
        "tasks.csv", text, "在京高标准建设2个共享前置仓", kind=Kind.TARGET, value=2.0, unit="个", deadline="2025-06-30"
    )
    start = text.index("拓展")
    commitment = due.__class__(
        doc="tasks.csv", start=start, end=start + 14, quote=text[start : start + 14], kind=Kind.TARGET,
        period="2025", region="内蒙古自治区", indicator="other:拓展农畜产品电子商务销售渠道",
        owner="自治区农牧厅", rules=("tasks.import", "tasks.commitment"),
    )  # fmt: skip
    doc = stored_document(text, "tasks.csv")
    store.add_document(doc, [due, commitment])
    back = store.statements(StatementQuery(doc=doc.id))
    assert back == [due, commitment]
    assert [(s.deadline, s.value) for s in back] == [("2025-06-30", 2.0), (None, None)]


def test_a_progress_report_row_may_have_no_value_after_the_migration(open_same: Opener):
    store = open_same()
    db = store._db  # type: ignore[attr-defined]
    with db.transaction():
        db.execute(
            "INSERT INTO users (id, username, password_hash, role, created_at) VALUES (1, 'a', 'x', 'owner', now())"
        )
        db.execute(
            "INSERT INTO progress_reports (id, target, user_id, username, owner, value, period, note, created_at,"
            " doc_id) VALUES (1, 'k', 1, 'a', 'o', NULL, '2025', '', now(), 'd')"
        )
    assert db.execute("SELECT value FROM progress_reports") == [(None,)]
