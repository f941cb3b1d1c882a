"""Output rows as Arrow record batches: how extracted rows reach Spark's JVM.

A row handed to Spark as a Python tuple is pickled, unpickled in the JVM
and converted field by field: for statements, about as costly as
extracting them. As Arrow columns (``DataFrame.mapInArrow``), the JVM reads
buffers instead, and the Python side pays only for building the columns.

A batch holds rows of the ``tagged`` schema: the table's name, then one
struct column per table of ``layout.TABLES``, only the row's own table's
set (the others null). Rows are grouped by table within a batch; order
between tables carries no meaning (each write filters its own).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa

from luoshi.batch.layout import TABLES, Table

BATCH_ROWS = 4096
TAG = "table"


def arrow_type(kind: str) -> pa.DataType:
    """A layout column's Spark DDL word as an Arrow type (``array<int>`` -> list<int32>)."""
    if kind.startswith("array<") and kind.endswith(">"):
        return pa.list_(arrow_type(kind[len("array<") : -1]))
    return _SCALARS[kind]


_SCALARS = {
    "string": pa.string(),
    "int": pa.int32(),
    "bigint": pa.int64(),
    "double": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


def struct_type(table: Table) -> pa.StructType:
    return pa.struct([pa.field(name, arrow_type(kind)) for name, kind in table.columns])


def tagged_schema() -> pa.Schema:
    """The Arrow twin of ``spark_engine.tagged_schema``'s DDL."""
    return pa.schema([pa.field(TAG, pa.string()), *(pa.field(t.name, struct_type(t)) for t in TABLES)])


def batches(rows: Iterable[tuple[str, tuple[Any, ...]]], size: int = BATCH_ROWS) -> Iterator[pa.RecordBatch]:
    """``(table name, row)`` pairs as record batches of about ``size`` rows."""
    schema = tagged_schema()
    pending: dict[str, list[tuple[Any, ...]]] = {t.name: [] for t in TABLES}
    count = 0
    for table, row in rows:
        pending[table].append(row)
        count += 1
        if count >= size:
            yield from _flush(pending, schema)
            count = 0
    yield from _flush(pending, schema)


def _flush(pending: dict[str, list[tuple[Any, ...]]], schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    for own in TABLES:
        rows = pending[own.name]
        if not rows:
            continue
        n = len(rows)
        columns = [pa.array([own.name] * n, pa.string())]
        for table in TABLES:
            kind = schema.field(table.name).type
            columns.append(_struct(rows, kind) if table is own else pa.nulls(n, kind))
        yield pa.RecordBatch.from_arrays(columns, schema=schema)
        rows.clear()


def _struct(rows: list[tuple[Any, ...]], kind: pa.StructType) -> pa.StructArray:
    fields = [kind.field(i) for i in range(kind.num_fields)]
    arrays = [pa.array(values, f.type) for values, f in zip(zip(*rows, strict=True), fields, strict=True)]
    return pa.StructArray.from_arrays(arrays, fields=fields)
