"""Rows as Arrow batches, the way statements reach Spark and a task writes
its documents and errors: every value of every table comes back as it went in."""

from __future__ import annotations

import dataclasses
from datetime import date

from batch_samples import SAMPLES

import luoshi
from luoshi.batch.arrow_batches import batches, record_batch, schema
from luoshi.batch.inputs import FileInput
from luoshi.batch.layout import DOCUMENTS, ERRORS, STATEMENTS, TABLES, error_row, statement_row
from luoshi.batch.partition import extract_partition


def sample_rows() -> list[tuple[str, tuple]]:
    rows = list(extract_partition(FileInput(str(p)) for p in sorted(SAMPLES.glob("*.md"))))
    (s,) = luoshi.extract("全年口岸货运量达到1.3亿吨。", published="2026-03-05")
    every = dataclasses.replace(
        s, co_owners=("各盟市",), parties=("兴安盟",), repeats=((1, 4), (9, 12)), cumulative=True
    )
    rows.append((STATEMENTS.name, statement_row(every, "id", 7)))
    rows.append((ERRORS.name, error_row("bad.jsonl", "第 3 行不是 JSON", 3)))
    return rows


def test_every_row_of_every_table_comes_back_from_its_batches_with_every_value():
    rows = sample_rows()
    for table in TABLES:
        own = [row for name, row in rows if name == table.name]
        back = []
        for batch in batches(table, own, size=50):
            assert batch.schema == schema(table)
            back.extend(tuple(record.values()) for record in batch.to_pylist())
        assert back == own, table.name
    assert any(t == DOCUMENTS.name and isinstance(r[4], date) for t, r in rows)  # a published date made the trip


def test_batches_hold_at_most_the_rows_asked_for():
    own = [row for name, row in sample_rows() if name == STATEMENTS.name]
    sizes = [batch.num_rows for batch in batches(STATEMENTS, own, size=100)]
    assert sum(sizes) == len(own) and max(sizes) == 100


def test_no_rows_make_no_batches_and_an_empty_batch_keeps_its_columns():
    assert list(batches(STATEMENTS, [])) == []
    assert record_batch(ERRORS, []).schema == schema(ERRORS)
