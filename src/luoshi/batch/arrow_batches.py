"""Output rows as Arrow record batches: how a Spark task hands its
statements to the JVM and writes its documents and errors itself.

A row handed to Spark as a Python tuple is pickled, unpickled in the JVM
and converted field by field: for statements, about as costly as
extracting them. As Arrow columns (``DataFrame.mapInArrow``), the JVM reads
buffers instead, and the Python side pays only for building the columns.
The same batches go to ``pyarrow.parquet`` for the tables a task writes
itself (``task_files``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pyarrow as pa

from luoshi.batch.layout import Table

BATCH_ROWS = 4096


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


def schema(table: Table) -> pa.Schema:
    """The Arrow twin of ``layout.ddl(table)``."""
    return pa.schema([pa.field(name, arrow_type(kind)) for name, kind in table.columns])


def record_batch(table: Table, rows: Sequence[tuple[Any, ...]]) -> pa.RecordBatch:
    """Rows of ``table`` (tuples in its column order) as one record batch."""
    own = schema(table)
    if not rows:
        return pa.RecordBatch.from_pylist([], own)
    columns = zip(*rows, strict=True)
    arrays = [pa.array(values, field.type) for values, field in zip(columns, own, strict=True)]
    return pa.RecordBatch.from_arrays(arrays, schema=own)


def batches(table: Table, rows: Iterable[tuple[Any, ...]], size: int = BATCH_ROWS) -> Iterator[pa.RecordBatch]:
    """Rows of ``table`` as record batches of at most ``size`` rows."""
    pending: list[tuple[Any, ...]] = []
    for row in rows:
        pending.append(row)
        if len(pending) >= size:
            yield record_batch(table, pending)
            pending = []
    if pending:
        yield record_batch(table, pending)
