"""Rows as Arrow batches, the way they reach Spark: every value of every
table comes back as it went in, grouped by table, other tables null."""

from __future__ import annotations

import dataclasses
from datetime import date

from batch_samples import SAMPLES

import luoshi
from luoshi.batch.arrow_batches import batches, tagged_schema
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


def test_every_row_comes_back_from_the_batches_with_every_value():
    rows = sample_rows()
    back: list[tuple[str, tuple]] = []
    for batch in batches(rows, size=50):
        assert batch.schema == tagged_schema()
        for record in batch.to_pylist():
            own = record["table"]
            assert all(record[t.name] is None for t in TABLES if t.name != own)
            back.append((own, tuple(record[own].values())))
    key = lambda pair: (pair[0], repr(pair[1]))  # noqa: E731
    assert sorted(back, key=key) == sorted(rows, key=key)
    assert any(t == DOCUMENTS.name and isinstance(r[4], date) for t, r in rows)  # a published date made the trip


def test_batches_hold_about_the_rows_asked_for_and_one_table_each():
    rows = sample_rows()
    sizes = []
    for batch in batches(rows, size=100):
        assert len(set(batch.column("table").to_pylist())) == 1
        sizes.append(batch.num_rows)
    assert sum(sizes) == len(rows) and max(sizes) <= 100


def test_no_rows_make_no_batches():
    assert list(batches([])) == []
