"""The work of one partition: records in, rows of the output tables out.

``extract_partition`` is what an executor runs (Spark's ``mapPartitions``,
or the local engine over every record): pure Python, picklable, no Spark.
Each record is loaded where it is processed and its documents are
extracted by ``luoshi.extract.extract_document``, the extractor ``luoshi
extract`` calls, so the statements are the same everywhere. The rules are
read once per process (``luoshi.rules`` caches them), so once per Python
worker however many partitions it runs.

A record that cannot be read, or a document whose extraction fails, gives
one row of ``errors`` and the partition goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from luoshi.batch.inputs import BadInput, FileInput, Record, TableRow
from luoshi.batch.layout import DOCUMENTS, ERRORS, STATEMENTS, document_row, error_row, statement_row
from luoshi.errors import InputError, LuoshiError
from luoshi.extract import extract_document
from luoshi.ingest import document_id
from luoshi.types import Document

Output = tuple[str, tuple[Any, ...]]  # (table name: "statements", "documents" or "errors", row)
_CHARS = DOCUMENTS.names.index("chars")


@dataclass
class BatchCounts:
    """What a run has done so far (the progress a user follows) or did."""

    documents: int = 0
    characters: int = 0
    statements: int = 0
    errors: int = 0

    def count(self, table: str, row: tuple[Any, ...]) -> None:
        """Count one output row."""
        if table == STATEMENTS.name:
            self.statements += 1
        elif table == DOCUMENTS.name:
            self.documents += 1
            self.characters += row[_CHARS]
        else:
            self.errors += 1

    def __iadd__(self, other: BatchCounts) -> BatchCounts:
        self.documents += other.documents
        self.characters += other.characters
        self.statements += other.statements
        self.errors += other.errors
        return self


Progress = Callable[[BatchCounts], None]  # told the running counts as a job goes


def extract_partition(records: Iterable[Record]) -> Iterator[Output]:
    """Every output row of the records, a record at a time: for each
    document its ``documents`` row, then its ``statements`` rows in text order."""
    for record in records:
        yield from extract_record(record)


def extract_record(record: Record) -> Iterator[Output]:
    if isinstance(record, BadInput):
        yield ERRORS.name, error_row(record.input, record.reason, record.row)
        return
    try:
        found = record.documents() if isinstance(record, FileInput) else [(record.row, record.document())]
    except InputError as exc:
        row = record.row if isinstance(record, TableRow) else None
        yield ERRORS.name, error_row(record.input, exc.reason, row)  # the row says where: the reason alone
        return
    for row, doc in found:
        yield from extract_one(record.input, row, doc)


def extract_one(input: str, row: int, doc: Document) -> Iterator[Output]:
    """A document's row and its statements' rows, or the error that stopped it."""
    try:
        statements = extract_document(doc)
    except (LuoshiError, ValueError, ArithmeticError, LookupError, TypeError, RecursionError) as exc:
        # A fault of the extractor on one text must not end a job of millions.
        reason = f"提取失败（{type(exc).__name__}）：这篇文档没有结果，其余文档照常处理；请报告这个问题"
        yield ERRORS.name, error_row(input, reason, row, doc.name)
        return
    doc_id = document_id(doc.text)
    yield (
        DOCUMENTS.name,
        document_row(
            doc_id=doc_id,
            name=doc.name,
            text=doc.text,
            title=doc.title,
            source=doc.source,
            published=doc.published,
            region=doc.region,
            loader=doc.loader,
            skip=doc.skip,
            input=input,
            row=row,
        ),
    )
    for seq, s in enumerate(statements):
        yield STATEMENTS.name, statement_row(s, doc_id, seq)
