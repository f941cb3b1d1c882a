"""Reading files into a store: load, extract, store — one document, one
transaction. The same input twice changes nothing: documents are known by
the SHA-256 of their text."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from luoshi.errors import InputError
from luoshi.extract import extract_document
from luoshi.load import iter_paths, load_path
from luoshi.store import Store, StoredDocument
from luoshi.types import Document

# Documents whose statements were not extracted from prose: imported
# statistics and owners' progress reports (luoshi.accounts) carry their own.
NOT_EXTRACTED = frozenset({"stats", "progress"})


@dataclass
class IngestSummary:
    """What one ingest run did."""

    new: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    statements_added: int = 0


def document_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stored(doc: Document) -> StoredDocument:
    """A loaded document as the store keeps it."""
    return StoredDocument(
        id=document_id(doc.text),
        name=doc.name,
        text=doc.text,
        source=doc.source,
        title=doc.title,
        region=doc.region,
        published=doc.published,
        loader=doc.loader,
        skip=doc.skip,
    )


def as_document(d: StoredDocument) -> Document:
    """A stored document, ready to be extracted again."""
    return Document(
        name=d.name,
        text=d.text,
        title=d.title,
        region=d.region,
        published=d.published,
        source=d.source,
        loader=d.loader,
        skip=d.skip,
    )


def files_of(paths: Iterable[str], summary: IngestSummary) -> Iterator[Path]:
    """Every file the paths name; a path that names nothing is a failure."""
    for given in paths:
        try:
            yield from iter_paths([given])
        except InputError as exc:
            summary.failed.append((exc.source, exc.reason))


def ingest_file(path: Path, store: Store, summary: IngestSummary) -> None:
    """Load one file and store each of its documents with its statements."""
    try:
        docs = load_path(path)
    except InputError as exc:
        summary.failed.append((exc.source, exc.reason))
        return
    for doc in docs:
        record = stored(doc)
        if store.has_document(record.id):
            summary.unchanged += 1
            continue
        result = store.add_document(record, extract_document(doc))
        if result.added:
            summary.new += 1
            summary.statements_added += result.statements
        else:  # another process stored it meanwhile
            summary.unchanged += 1


def ingest(paths: Iterable[str], store: Store, progress: Callable[[Path], None] | None = None) -> IngestSummary:
    """Ingest files, folders and globs into ``store``."""
    summary = IngestSummary()
    for path in files_of(paths, summary):
        ingest_file(path, store, summary)
        if progress is not None:
            progress(path)
    return summary


def reprocess(store: Store, progress: Callable[[str], None] | None = None) -> tuple[int, int]:
    """Extract every stored document again from its stored text (after the
    extractor changed); returns (documents, statements)."""
    docs = statements = 0
    for listed in store.documents():
        full = store.document(listed.id)
        if full is None or full.loader in NOT_EXTRACTED:
            continue
        statements += store.replace_statements(full.id, extract_document(as_document(full)))
        docs += 1
        if progress is not None:
            progress(full.name)
    return docs, statements
