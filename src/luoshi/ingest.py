"""Reading files into a store: load, extract, store — one document, one
transaction. The same input twice changes nothing: documents are known by
the SHA-256 of their text.

This is the trusted import (``luoshi ingest``, run by whoever holds the
store): what it stores is vouched for from the start, with the source type
it was told, else the one its loader and title suggest
(``luoshi.track.authority.infer_source_type``). Web uploads are not: they go
through ``luoshi.accounts.provenance``, which sets who brought them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from luoshi.errors import InputError
from luoshi.load import iter_paths, load_path
from luoshi.source_types import TRUSTED_IMPORT, SourceType
from luoshi.store import Store, StoredDocument
from luoshi.store.sql import SqlStore
from luoshi.track.authority import infer_source_type
from luoshi.track.rules import track_rules
from luoshi.track.stored_links import relink
from luoshi.types import Document

# Documents whose statements were not extracted from prose: imported
# statistics, owners' progress reports (luoshi.accounts) and task lists
# (luoshi.tasks: owners and deadlines from their columns) carry their own.
NOT_EXTRACTED = frozenset({"stats", "progress", "tasks"})


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
    """A loaded document as the store keeps it, saying nothing yet of who
    brought it: ``trusted`` makes it a trusted import's, an upload gets its
    uploader's (``luoshi.accounts.provenance``). Stored as it is, nobody
    vouches for it: the store keeps its type as unknown."""
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


def trusted(doc: StoredDocument, source_type: SourceType | None = None) -> StoredDocument:
    """``doc`` as a trusted import stores it: of ``source_type``, else of
    the type its loader and title suggest, and vouched for from the start."""
    kind = source_type or infer_source_type(doc.name, doc.title, doc.loader, track_rules())
    return replace(
        doc,
        source_type=kind,
        uploaded_by=None,
        owner=None,
        confirmed_by=TRUSTED_IMPORT,
        confirmed_at=datetime.now(UTC),
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


def ingest_file(path: Path, store: Store, summary: IngestSummary, source_type: SourceType | None = None) -> None:
    """Load one file and store each of its documents with its statements,
    of ``source_type`` when given (see the module docstring)."""
    from luoshi.extract import extract_document  # on first use: the web server imports this module for document_id

    try:
        docs = load_path(path)
    except InputError as exc:
        summary.failed.append((exc.source, exc.reason))
        return
    for doc in docs:
        record = trusted(stored(doc), source_type)
        if store.has_document(record.id):
            summary.unchanged += 1
            continue
        result = store.add_document(record, extract_document(doc))
        if result.added:
            summary.new += 1
            summary.statements_added += result.statements
        else:  # another process stored it meanwhile
            summary.unchanged += 1


def ingest(
    paths: Iterable[str], store: Store, progress: Callable[[Path], None] | None = None,
    source_type: SourceType | None = None,
) -> IngestSummary:  # fmt: skip
    """Ingest files, folders and globs into ``store`` (of ``source_type``
    when given, else each of the type it suggests)."""
    summary = IngestSummary()
    for path in files_of(paths, summary):
        ingest_file(path, store, summary, source_type)
        if progress is not None:
            progress(path)
    if summary.new:
        after_writes(store)
    return summary


def after_writes(store: Store) -> bool:
    """After a run of writes (an ingest, a reprocessing, a batch load): the
    statements rewritten in the order pages read them when enough arrived
    since the last time (DuckDB, ``luoshi.store.statement_order``); whether
    they were."""
    return isinstance(store, SqlStore) and store.reorder_if_due()


def reprocess(store: Store, progress: Callable[[str], None] | None = None) -> tuple[int, int]:
    """Extract every stored document again from its stored text (after the
    extractor changed); returns (documents, statements)."""
    from luoshi.extract import extract_document

    docs = statements = 0
    # Relinked once at the end, not once a document: each would relink the
    # partitions it touches, most of them again and again.
    with links_deferred(store):
        for listed in store.documents():
            full = store.document(listed.id)
            if full is None or full.loader in NOT_EXTRACTED:
                continue
            statements += store.replace_statements(full.id, extract_document(as_document(full)))
            docs += 1
            if progress is not None:
                progress(full.name)
    after_writes(store)
    return docs, statements


@contextmanager
def links_deferred(store: Store) -> Iterator[None]:
    """Writes inside leave the stored links stale; on leaving, every link is
    rebuilt (``luoshi.track.stored_links.relink``) — also after a failure,
    for what was written before it."""
    if not isinstance(store, SqlStore) or not store.keeps_links:
        yield
        return
    store.keeps_links = False
    try:
        yield
    finally:
        store.keeps_links = True
        relink(store)
