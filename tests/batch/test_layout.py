"""The output layout: one schema for both engines, and statements that
come back from their rows as they went in."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from batch_samples import SAMPLES

import luoshi
from luoshi.batch.layout import STATEMENTS, TABLES, ddl, duckdb_type, statement_from_row, statement_row, year_of


def test_a_statement_comes_back_from_its_row_with_every_field():
    docs = [d for p in sorted(SAMPLES.glob("*.md")) for d in luoshi.load_path(p)]
    statements = [s for d in docs for s in luoshi.extract_document(d)]
    every = dict(
        owner="自治区商务厅", co_owners=("各盟市",), parties=("兴安盟",), event_type="agreement", cumulative=True,
        preliminary=True, in_name=True, repeats=((1, 4), (9, 12)), deadline="2025-06-30",
    )  # fmt: skip
    statements.append(dataclasses.replace(statements[0], **every))  # type: ignore[arg-type]
    for seq, s in enumerate(statements):
        back = statement_from_row(dict(zip(STATEMENTS.names, statement_row(s, "id", seq), strict=True)))
        assert back == s and back.to_dict() == s.to_dict() and (back.doc_id, back.seq) == ("id", seq)


def test_a_statement_without_region_code_comes_back_without_one():
    (s,) = luoshi.extract("全国粮食产量达到1.4万亿斤。", published="2026-03-05")
    assert s.region_code is None
    row = dict(zip(STATEMENTS.names, statement_row(s, "id", 0), strict=True))
    assert (row["region_code"], row["year"]) == ("none", s.period[:4])
    assert statement_from_row(row).region_code is None


def test_every_field_of_the_contract_is_a_statement_column():
    contract = set(luoshi.Statement.__dataclass_fields__) - {"region_code"}
    assert contract <= set(STATEMENTS.names) and STATEMENTS.partition_by == ("region_code", "year")


@pytest.mark.parametrize(
    ("period", "year"),
    [("2025", "2025"), ("2021-2025", "2021"), ("2025-Q1", "2025"), ("2025-02-07", "2025"), ("", "none")],
)
def test_the_year_partition_is_the_first_year_of_the_period(period: str, year: str):
    assert year_of(period) == year


def test_schemas_read_as_spark_ddl_and_as_duckdb_types():
    assert ddl(STATEMENTS).startswith("`doc` string, `start` int, `end` int, `quote` string")
    assert "`repeats` array<array<int>>" in ddl(STATEMENTS)
    assert [duckdb_type(k) for k in ("array<array<int>>", "array<string>", "date", "bigint")] == [
        "INTEGER[][]", "VARCHAR[]", "DATE", "BIGINT",
    ]  # fmt: skip
    assert [t.name for t in TABLES] == ["statements", "documents", "errors"]
    assert all(Path(t.name).name == t.name for t in TABLES)
