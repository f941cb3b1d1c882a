"""Names are labels, unique within a store: a later upload named like a
stored document is stored as NAME (2) and takes nothing over; an older store
with a name used twice is upgraded the same way, its target keys rewritten
from document names to document ids."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from store_samples import Opener, statement, stored_document, trains_document

from luoshi.store import StatementQuery, Store, StoredDocument
from luoshi.store.migrations import MIGRATIONS
from luoshi.store.names import next_label
from luoshi.store.rows import DOCUMENT_COLUMNS, STATEMENT_COLUMNS, document_row, quoted, statement_rows
from luoshi.types import Kind

SEED_NAME = "000_39f8f6a33f179f43.txt"
SEED_TEXT = "到2025年，全年实现口岸货运量1.3亿吨，到发中欧班列总量力争突破500列。"
TAKEOVER_TEXT = "全年口岸货运量3亿吨。"  # an owner's upload under the seed's name


def _seed() -> tuple[StoredDocument, list]:
    target = statement(SEED_NAME, SEED_TEXT, "口岸货运量1.3亿吨", kind=Kind.TARGET, indicator="port_freight_volume")
    return stored_document(SEED_TEXT, SEED_NAME), [target]


def test_an_upload_named_like_a_stored_document_gets_a_label_of_its_own(store: Store):
    seed, targets = _seed()
    store.add_document(seed, targets)
    takeover = stored_document(TAKEOVER_TEXT, SEED_NAME)
    given = [statement(SEED_NAME, TAKEOVER_TEXT, "口岸货运量3亿吨")]
    result = store.add_document(takeover, given)
    assert result.added and result.name == f"{SEED_NAME} (2)"
    # the name still means the seed: by name, and for its statements
    found = store.document(SEED_NAME)
    assert found is not None and found.id == seed.id and found.text == SEED_TEXT
    assert [s.quote for s in store.statements(StatementQuery(doc=SEED_NAME))] == ["口岸货运量1.3亿吨"]
    # the newcomer's statements carry its own label
    [new] = store.statements(StatementQuery(doc=takeover.id))
    assert new.doc == f"{SEED_NAME} (2)" and new.quote == "口岸货运量3亿吨"
    # and every statement read back knows its document by id
    assert {(s.doc, s.doc_id) for s in store.iter_statements()} == {(SEED_NAME, seed.id), (new.doc, takeover.id)}
    # as the caller keeps them, e.g. to link them at once
    assert result.as_stored(given) == [new] and result.as_stored(given)[0].doc_id == takeover.id
    assert sorted(d.name for d in store.documents()) == [SEED_NAME, f"{SEED_NAME} (2)"]


def test_each_further_upload_under_the_name_is_numbered_on(store: Store):
    names = [store.add_document(stored_document(f"第{i}版", "report.txt"), []).name for i in range(4)]
    assert names == ["report.txt", "report.txt (2)", "report.txt (3)", "report.txt (4)"]
    # a name already ending in a number is a name like any other
    assert store.add_document(stored_document("另一份", "report.txt (2)"), []).name == "report.txt (2) (2)"
    assert store.add_document(stored_document("再一份", "report.txt"), []).name == "report.txt (5)"


@pytest.mark.parametrize(
    ("name", "lookalike"),
    [
        ("100%完成.txt", "100多少完成.txt"),
        ("a_b.txt", "axb.txt"),
        ("a\\_b.txt", "a\\xb.txt"),
        ("引号'名.txt", "引号名.txt"),
    ],
)
def test_names_with_pattern_characters_are_numbered_by_their_own_copies_only(store: Store, name: str, lookalike: str):
    # % and _ in a name are no wildcards: "a_b.txt (2)" is next, though "axb.txt (7)" is stored
    store.add_document(stored_document("无关", lookalike + " (7)"), [])
    store.add_document(stored_document("第一版", name), [])
    assert store.add_document(stored_document("第二版", name), []).name == f"{name} (2)"


def test_the_same_text_again_under_a_stored_name_keeps_its_first_name(store: Store):
    first = store.add_document(stored_document("第一版", "a.txt"), [])
    store.add_document(stored_document("第二版", "b.txt"), [])
    again = store.add_document(stored_document("第一版", "b.txt"), [])
    assert (again.added, again.doc_id, again.name) == (False, first.doc_id, "a.txt")
    assert sorted(d.name for d in store.documents()) == ["a.txt", "b.txt"]


def test_next_label_skips_past_the_highest_number_given():
    assert next_label("r.txt", set()) == "r.txt"
    assert next_label("r.txt", {"r.txt (3)"}) == "r.txt"
    assert next_label("r.txt", {"r.txt", "r.txt (3)", "r.txt (x)"}) == "r.txt (4)"


# -- upgrading a store written before names were unique ---------------------------
def _insert_raw(store: Store, doc: StoredDocument, stmts: list, at: int) -> None:
    """What add_document did before 0006: a name stored as given (in the
    columns the old store has)."""
    db = store._db  # type: ignore[attr-defined]
    doc = replace(doc, ingested_at=datetime(2025, 1, at, tzinfo=UTC))
    document = dict(zip(DOCUMENT_COLUMNS, document_row(doc), strict=True)) | {"statement_count": len(stmts)}
    statements = [dict(zip(STATEMENT_COLUMNS, row, strict=True)) for row in statement_rows(doc.id, stmts)]
    with db.transaction():
        _insert(db, "documents", [document])
        _insert(db, "statements", statements)


def _insert(db, table: str, rows: list[dict]) -> None:
    have = {c for (c,) in db.execute(_COLUMNS, [table])}
    for row in rows:
        kept = {c: v for c, v in row.items() if c in have}
        marks = ", ".join("?" * len(kept))
        db.execute(f"INSERT INTO {table} ({quoted(list(kept))}) VALUES ({marks})", list(kept.values()))


_COLUMNS = "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?"


def _accounts_rows(store: Store, keys: list[str]) -> None:
    db = store._db  # type: ignore[attr-defined]
    now = datetime(2025, 3, 1)
    with db.transaction():
        db.execute("INSERT INTO users (id, username, password_hash, role, owner, created_at)"
                   " VALUES (1, 'shangwu', 'x', 'owner', '自治区商务厅', ?)", [now])  # fmt: skip
        for n, key in enumerate(keys, 1):
            db.execute("INSERT INTO owner_assignments VALUES (?, '自治区商务厅', 'admin', ?)", [key, now])
            db.execute(
                "INSERT INTO progress_reports (id, target, user_id, username, owner, value, period, note, created_at,"
                " doc_id) VALUES (?, ?, 1, 'shangwu', '自治区商务厅', 1.32, '2025', '', ?, 'x')",
                [n, key, now],
            )
            db.execute(
                "INSERT INTO audit_log (id, occurred_at, username, action, object, after_json)"
                " VALUES (?, ?, 'admin', 'owner.assign', ?, ?)",
                [n, now, key, f'{{"target": "{key}"}}'],
            )
        db.execute("INSERT INTO audit_log (id, occurred_at, username, action, object)"
                   " VALUES (99, ?, 'admin', 'user.add', 'user:shangwu')", [now])  # fmt: skip


def test_an_older_store_with_a_name_used_twice_is_upgraded(open_same: Opener):
    old = open_same(migrations=MIGRATIONS[:5])
    seed, targets = _seed()
    takeover = stored_document(TAKEOVER_TEXT, SEED_NAME)
    other, other_stmts = trains_document()
    _insert_raw(old, seed, targets, 1)
    _insert_raw(old, takeover, [], 2)  # the newer of the name: the old links opened it
    _insert_raw(old, other, other_stmts, 3)
    span = f"{targets[0].start}-{targets[0].end}"
    gdp = other_stmts[2]
    keys = [f"{SEED_NAME}:{span}", f"trains.txt:{gdp.start}-{gdp.end}", f"{SEED_NAME}:0-4", "gone.txt:1-2"]
    _accounts_rows(old, keys)
    old.close()

    new = open_same()
    assert new.schema_version() == len(MIGRATIONS)
    named = {d.name: d.id for d in new.documents()}
    assert named == {SEED_NAME: seed.id, f"{SEED_NAME} (2)": takeover.id, "trains.txt": other.id}
    db = new._db  # type: ignore[attr-defined]
    expected = [
        f"{seed.id}:{span}",  # the seed holds a target there, the newer document none
        f"{other.id}:{gdp.start}-{gdp.end}",
        f"{takeover.id}:0-4",  # no target there in either: the newest, as the links had it
        "gone.txt:1-2",  # names no stored document: left as it was
    ]
    for table, column in (("owner_assignments", "target"), ("progress_reports", "target")):
        assert sorted(k for (k,) in db.execute(f"SELECT {column} FROM {table}")) == sorted(expected), table
    audit = dict(db.execute("SELECT id, object FROM audit_log"))
    assert [audit[n] for n in (1, 2, 3, 4)] == expected and audit[99] == "user:shangwu"
    # the entries' records are kept exactly as written
    assert db.execute("SELECT after_json FROM audit_log WHERE id = 1") == [(f'{{"target": "{keys[0]}"}}',)]
    # and from now on the name is held
    assert new.add_document(stored_document("第三版", SEED_NAME), []).name == f"{SEED_NAME} (3)"
