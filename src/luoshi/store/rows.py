"""Rows in, records out: the one place that knows how a ``Statement`` and a
``StoredDocument`` are laid out in the tables, shared by both back ends.

Lists become JSON text (``co_owners``, ``parties``, ``repeats``, ``rules``, ``skip``), enums their string
values; ``ingested_at`` is kept as a naive UTC timestamp and comes back
timezone-aware (UTC).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields
from datetime import UTC, datetime
from functools import lru_cache
from operator import attrgetter
from typing import Any

from luoshi.source_types import SourceType
from luoshi.store.base import StoredDocument
from luoshi.types import Kind, Measure, Qualifier, Statement

# Every Statement field but ``doc`` and ``doc_id`` (the document's name and
# id: the name lives in ``documents``, the id is a column of its own), in
# declaration order: these are the statement columns after doc_id and seq.
STATEMENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Statement) if f.name not in ("doc", "doc_id", "seq"))

# SQL type of each statement column (the same words in DuckDB and PostgreSQL).
STATEMENT_TYPES: dict[str, str] = {
    "doc_id": "TEXT",
    "seq": "INTEGER",
    "start": "INTEGER",
    "end": "INTEGER",
    "value": "DOUBLE PRECISION",
    "value_high": "DOUBLE PRECISION",
    "base_value": "DOUBLE PRECISION",
    "cumulative": "BOOLEAN",
    "preliminary": "BOOLEAN",
    "in_name": "BOOLEAN",
}
STATEMENT_COLUMNS: tuple[str, ...] = ("doc_id", "seq", *STATEMENT_FIELDS)
# What the store writes: the document's name goes beside each statement too,
# so a page of statements is ordered and filtered without joining documents.
STORED_COLUMNS: tuple[str, ...] = (*STATEMENT_COLUMNS, "doc_name")

DOCUMENT_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "source",
    "title",
    "region",
    "published",
    "loader",
    "text",
    "skip",
    "ingested_at",
    "source_type",
    "uploaded_by",
    "owner",
    "confirmed_by",
    "confirmed_at",
)
# documents() leaves the text out.
LISTED_COLUMNS: tuple[str, ...] = (*(c for c in DOCUMENT_COLUMNS if c != "text"), "statement_count")


def column_type(column: str) -> str:
    return STATEMENT_TYPES.get(column, "TEXT")


def quoted(columns: Sequence[str], prefix: str = "") -> str:
    """A column list, each name quoted (``end`` is a reserved word)."""
    return ", ".join(f'{prefix}"{c}"' for c in columns)


def one_of(column: str, values: Sequence[object]) -> tuple[str, list[object]]:
    """``column IN (?, ?, …)`` and its parameters. Where DuckDB's scan can
    skip row groups by a column's minimum and maximum, it does so for
    constants listed, not for ``= ANY(?)`` of a list parameter, which it
    joins against."""
    if not values:
        return "FALSE", []
    return f"{column} IN ({', '.join('?' * len(values))})", list(values)


# -- statements ---------------------------------------------------------------
# Built for speed (a million rows each way): fields read and set by position,
# JSON lists and enums converted through small caches.
_GET = attrgetter(*STATEMENT_FIELDS)
_LISTS = tuple(STATEMENT_FIELDS.index(n) for n in ("co_owners", "parties", "rules"))
_FLAGS = tuple(STATEMENT_FIELDS.index(n) for n in ("cumulative", "preliminary", "in_name"))
_SPANS = STATEMENT_FIELDS.index("repeats")
_ENUMS: tuple[tuple[int, dict[str, Any]], ...] = tuple(
    (STATEMENT_FIELDS.index(name), {e.value: e for e in enum})
    for name, enum in (("kind", Kind), ("measure", Measure), ("qualifier", Qualifier))
)


@lru_cache(maxsize=4096)
def _dump(items: tuple[str, ...]) -> str:
    return json.dumps(list(items), ensure_ascii=False)


@lru_cache(maxsize=4096)
def _load(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


def statement_row(doc_id: str, seq: int, s: Statement) -> tuple[Any, ...]:
    """The row of one statement, in ``STATEMENT_COLUMNS`` order."""
    return (doc_id, seq, *_values(s))


def statement_rows(doc_id: str, statements: Sequence[Statement]) -> list[tuple[Any, ...]]:
    return [statement_row(doc_id, seq, s) for seq, s in enumerate(statements)]


def stored_rows(doc_id: str, doc_name: str, statements: Sequence[Statement]) -> list[tuple[Any, ...]]:
    """The rows of a document's statements as the store writes them, in
    ``STORED_COLUMNS`` order: under the name the document is stored with."""
    return [(doc_id, seq, *_values(s), doc_name) for seq, s in enumerate(statements)]


def _values(s: Statement) -> list[Any]:
    values = list(_GET(s))
    for i, _ in _ENUMS:
        if values[i] is not None:
            values[i] = values[i].value
    for i in _LISTS:
        values[i] = _dump(tuple(values[i]))
    values[_SPANS] = _dump_spans(values[_SPANS])
    return values


def statement_from_row(name: str, doc_id: str | None, row: Sequence[Any], seq: int | None = None) -> Statement:
    """A Statement from its document's name, id and its ``STATEMENT_FIELDS``
    values (and its position among the document's statements)."""
    values = list(row)
    for i, members in _ENUMS:
        if values[i] is not None:
            values[i] = members[values[i]]
    for i in _LISTS:
        values[i] = _load(values[i])
    for i in _FLAGS:
        values[i] = bool(values[i])
    values[_SPANS] = _load_spans(values[_SPANS])
    values.append(doc_id)  # the last fields
    values.append(seq)
    return Statement(name, *values)


def _dump_spans(spans: tuple[tuple[int, int], ...]) -> str:
    return json.dumps([list(span) for span in spans]) if spans else "[]"


@lru_cache(maxsize=1024)
def _load_spans(text: str | None) -> tuple[tuple[int, int], ...]:
    return tuple((int(a), int(b)) for a, b in json.loads(text)) if text and text != "[]" else ()


# -- documents ----------------------------------------------------------------
def utc_naive(moment: datetime | None) -> datetime:
    """A timestamp as stored: naive UTC (a naive input is taken as UTC)."""
    if moment is None:
        return datetime.now(UTC).replace(tzinfo=None)
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def document_row(doc: StoredDocument) -> tuple[Any, ...]:
    """The row of one document, in ``DOCUMENT_COLUMNS`` order (its statement
    count goes in beside it)."""
    skip = json.dumps([list(r) for r in doc.skip])
    return (
        doc.id,
        doc.name,
        doc.source,
        doc.title,
        doc.region,
        doc.published,
        doc.loader,
        doc.text,
        skip,
        utc_naive(doc.ingested_at),
        (doc.source_type or SourceType.UNKNOWN).value,
        doc.uploaded_by,
        doc.owner,
        doc.confirmed_by,
        None if doc.confirmed_at is None else utc_naive(doc.confirmed_at),
    )


def document_from_row(row: Sequence[Any], text: str = "") -> StoredDocument:
    """A StoredDocument from ``LISTED_COLUMNS`` values."""
    val = dict(zip(LISTED_COLUMNS, row, strict=True))
    skip = tuple((int(a), int(b)) for a, b in json.loads(val.pop("skip") or "[]"))
    ingested = val.pop("ingested_at")
    confirmed = val.pop("confirmed_at")
    return StoredDocument(
        text=text,
        skip=skip,
        ingested_at=None if ingested is None else ingested.replace(tzinfo=UTC),
        source_type=SourceType(val.pop("source_type") or SourceType.UNKNOWN),
        confirmed_at=None if confirmed is None else confirmed.replace(tzinfo=UTC),
        **val,
    )
