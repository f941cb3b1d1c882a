"""Migration 0013: outcomes stored before statements carried ``preliminary``
are flagged from their documents' texts as the extractor flags them, so an
upgraded store reads back the statements (and so links them) exactly as a
store filled anew."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_samples import SHARED, Opener, trains_document

from luoshi.extract import extract_document
from luoshi.ingest import stored, trusted
from luoshi.load import load_path
from luoshi.stats import read_stats
from luoshi.store import StatementQuery, Store, StoredDocument
from luoshi.store.migrations import MIGRATIONS
from luoshi.store.rows import (
    DOCUMENT_COLUMNS,
    STATEMENT_COLUMNS,
    column_type,
    document_row,
    quoted,
    statement_rows,
)
from luoshi.types import Statement

BEFORE_0013 = [m for m in MIGRATIONS if m.name < "0013"]
FUJIAN = SHARED / "corpus" / "gwr2026" / "2026_福建省_政府工作报告.csv"
_COLUMNS = "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?"


def _insert_old(store: Store, doc: StoredDocument, statements: list[Statement]) -> None:
    """What add_document wrote before 0013: the columns the old tables have."""
    db = store.backend  # type: ignore[attr-defined]
    have = {table: {str(c) for (c,) in db.execute(_COLUMNS, [table])} for table in ("documents", "statements")}
    assert "preliminary" not in have["statements"]
    docs = [i for i, c in enumerate(DOCUMENT_COLUMNS) if c in have["documents"]]
    kept = [i for i, c in enumerate(STATEMENT_COLUMNS) if c in have["statements"]]
    row = document_row(doc)
    with db.transaction():
        db.execute(
            f"INSERT INTO documents ({quoted([DOCUMENT_COLUMNS[i] for i in docs])}, statement_count)"
            f" VALUES ({', '.join('?' * (len(docs) + 1))})",
            [*(row[i] for i in docs), len(statements)],
        )
        rows = [tuple(r[i] for i in kept) for r in statement_rows(doc.id, statements)]
        db.insert("statements", [(STATEMENT_COLUMNS[i], column_type(STATEMENT_COLUMNS[i])) for i in kept], rows)


def _stats_table(folder: Path) -> tuple[StoredDocument, list[Statement]]:
    path = folder / "stats.csv"
    path.write_text(
        "地区,指标,时期,数值,单位,来源\n"
        "内蒙古自治区,port_freight_volume,2025,1.32,亿吨,统计快报\n"
        "内蒙古自治区,port_freight_volume,2024,1.25,亿吨,统计年鉴\n",
        encoding="utf-8",
    )
    table = read_stats(path)
    return table.document, table.statements


@pytest.mark.skipif(not FUJIAN.is_file(), reason=f"report not found at {FUJIAN}")
def test_an_upgraded_store_flags_outcomes_as_the_extractor_does(open_same: Opener, tmp_path: Path):
    [loaded] = load_path(FUJIAN)
    report = (trusted(stored(loaded)), extract_document(loaded))
    stats, trains = _stats_table(tmp_path), trains_document()
    assert sum(s.preliminary for s in report[1]) == 12  # 初步统计，… and two 预计 figures
    old = open_same(migrations=BEFORE_0013)
    for doc, statements in (report, stats, trains):
        _insert_old(old, doc, statements)
    old.close()

    new = open_same()
    assert new.schema_version() == len(MIGRATIONS)
    for doc, statements in (report, stats, trains):
        assert new.statements(StatementQuery(doc=doc.id)) == statements, doc.name  # the flag included
    assert [s.preliminary for s in new.statements(StatementQuery(doc=stats[0].id))] == [True, False]
    assert new.counts()["statements"] == len(report[1]) + 2 + 3


def test_a_fresh_store_keeps_the_flag_it_is_given(open_same: Opener, tmp_path: Path):
    store = open_same()
    doc, statements = _stats_table(tmp_path)
    store.add_document(doc, statements)
    assert [s.preliminary for s in store.statements(StatementQuery(doc=doc.id))] == [True, False]
