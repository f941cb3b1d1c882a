"""The output of ``luoshi batch`` as code: three Parquet datasets and a
manifest, the same whichever engine wrote them.

    OUTPUT/statements/region_code=150000/year=2025/part-….parquet
    OUTPUT/documents/part-….parquet
    OUTPUT/errors/part-….parquet
    OUTPUT/manifest.json      written last: its presence marks a complete output

Each table's columns are declared once, as ``(name, type)`` pairs whose
types are Spark SQL DDL words (``string``, ``array<bigint>``): the Spark
engine reads them with ``StructType.fromDDL(ddl(table))``, the local engine
maps them to DuckDB types (``duckdb_type``). A row is a tuple in the
table's column order, partition columns last.

statements: the contract's fields (``../shared/spec/CONTRACT.md``, what
``luoshi extract --format jsonl`` writes, optional ones included) with
``doc_id`` (the document's id) and ``seq`` (its position among the
document's statements, as the store numbers them). Hive-partitioned by
``region_code`` and ``year``, the first year of its period, each ``none``
where the statement has none (a text whose year is unknown has periods
without one); the files then hold no region_code column: read it back with
``region_code_of``.

documents: the document's id (the SHA-256 of its text, as
``luoshi.ingest`` computes it), metadata, page-furniture ranges, length in
characters and the text itself: every quote's offsets point into it, so the
store needs it. ``input`` and ``row`` say where it came from (the input
file, the row of a table or CSV bulk file; 0 for a one-document file):
their order is the order ``luoshi ingest`` would have met the documents in.

errors: an input, or a row of one, that gave no document or whose
extraction failed, with the reason in Chinese as the CLI says it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from importlib import resources
from typing import Any

from luoshi.types import Kind, Measure, Qualifier, Statement

Column = tuple[str, str]  # (name, Spark SQL DDL type)
NONE = "none"  # the partition of statements without a region code, or without a year


@dataclass(frozen=True)
class Table:
    name: str  # its folder under OUTPUT
    columns: tuple[Column, ...]  # in row order, partition columns last
    partition_by: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)


# Every field of a Statement in declaration order, ``region_code`` moved to
# the partition columns; doc_id and seq are filled for the store.
STATEMENTS = Table(
    "statements",
    (
        ("doc", "string"),
        ("start", "int"),
        ("end", "int"),
        ("quote", "string"),
        ("kind", "string"),
        ("period", "string"),
        ("region", "string"),
        ("indicator", "string"),
        ("indicator_name", "string"),
        ("measure", "string"),
        ("value", "double"),
        ("value_high", "double"),
        ("unit", "string"),
        ("base_value", "double"),
        ("base_unit", "string"),
        ("qualifier", "string"),
        ("value_text", "string"),
        ("owner", "string"),
        ("co_owners", "array<string>"),
        ("parties", "array<string>"),
        ("event_type", "string"),
        ("cumulative", "boolean"),
        ("preliminary", "boolean"),
        ("in_name", "boolean"),
        ("repeats", "array<array<int>>"),
        ("rules", "array<string>"),
        ("deadline", "string"),
        ("doc_id", "string"),
        ("seq", "int"),
        ("region_code", "string"),
        ("year", "string"),
    ),
    partition_by=("region_code", "year"),
)
DOCUMENTS = Table(
    "documents",
    (
        ("id", "string"),
        ("name", "string"),
        ("title", "string"),
        ("source", "string"),  # the path it was read from, or a table row's url
        ("published", "date"),
        ("region", "string"),
        ("loader", "string"),
        ("skip", "array<array<int>>"),
        ("chars", "bigint"),
        ("text", "string"),
        ("input", "string"),
        ("row", "bigint"),
    ),
)
ERRORS = Table(
    "errors",
    (
        ("input", "string"),
        ("row", "bigint"),  # the row of a table or CSV bulk file; null: the whole input
        ("doc", "string"),  # the document's name, when it was read
        ("reason", "string"),
    ),
)
TABLES = (STATEMENTS, DOCUMENTS, ERRORS)
MANIFEST = "manifest.json"
STAGING = "_staging"  # what the local engine keeps in the output while it runs (``local``)

_STATEMENT_FIELDS = STATEMENTS.names[: STATEMENTS.names.index("doc_id")]
_DUCKDB_TYPES = {
    "string": "VARCHAR",
    "int": "INTEGER",
    "bigint": "BIGINT",
    "double": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
}


def ddl(table: Table) -> str:
    """The table's schema as Spark SQL DDL (``StructType.fromDDL``)."""
    return ", ".join(f"`{name}` {kind}" for name, kind in table.columns)


def duckdb_type(kind: str) -> str:
    """``array<array<int>>`` -> ``INTEGER[][]``."""
    if kind.startswith("array<") and kind.endswith(">"):
        return duckdb_type(kind[len("array<") : -1]) + "[]"
    return _DUCKDB_TYPES[kind]


# -- statements ----------------------------------------------------------------
def statement_row(s: Statement, doc_id: str, seq: int) -> tuple[Any, ...]:
    """A statement as a row of STATEMENTS."""
    values: list[Any] = []
    for name in _STATEMENT_FIELDS:
        value = getattr(s, name)
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, tuple):
            value = [list(span) for span in value] if name == "repeats" else list(value)
        values.append(value)
    return (*values, doc_id, seq, s.region_code or NONE, year_of(s.period))


def year_of(period: str) -> str:
    """The partition of a period: its first year (``2021-2025`` -> 2021)."""
    year = period[:4]
    return year if len(year) == 4 and year.isdigit() else NONE


def region_code_of(partition_value: str | None) -> str | None:
    """A statement's region code from its partition's value."""
    return None if partition_value in (None, NONE) else partition_value


def statement_from_row(row: dict[str, Any]) -> Statement:
    """A STATEMENTS row (read back by name, partition columns as values)
    as the Statement it was written from, with its doc_id and seq."""
    values = {name: row[name] for name in _STATEMENT_FIELDS}
    values["kind"] = Kind(values["kind"])
    values["measure"] = None if values["measure"] is None else Measure(values["measure"])
    values["qualifier"] = None if values["qualifier"] is None else Qualifier(values["qualifier"])
    for name in ("co_owners", "parties", "rules"):
        values[name] = tuple(values[name] or ())
    values["repeats"] = tuple((int(a), int(b)) for a, b in values["repeats"] or ())
    return Statement(**values, region_code=region_code_of(row["region_code"]), doc_id=row["doc_id"], seq=row["seq"])


# -- documents and errors ------------------------------------------------------
def document_row(
    *,
    doc_id: str,
    name: str,
    text: str,
    title: str | None,
    source: str | None,
    published: date | None,
    region: str | None,
    loader: str,
    skip: Sequence[tuple[int, int]],
    input: str,
    row: int,
) -> tuple[Any, ...]:
    """A document as a row of DOCUMENTS."""
    spans = [list(span) for span in skip]
    return (doc_id, name, title, source, published, region, loader, spans, len(text), text, input, row)


def error_row(input: str, reason: str, row: int | None = None, doc: str | None = None) -> tuple[Any, ...]:
    """A failure as a row of ERRORS."""
    return (input, row, doc, reason)


# -- what decided the output ------------------------------------------------------
def rules_digest() -> str:
    """SHA-256 over the bundled rule files (names and bytes): a later run
    can tell an output was made with other rules."""
    digest = hashlib.sha256()
    folder = resources.files("luoshi.rules").joinpath("data")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            digest.update(entry.name.encode() + b"\0")
            digest.update(entry.read_bytes() + b"\0")
    return digest.hexdigest()
