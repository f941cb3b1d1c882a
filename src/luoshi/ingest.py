"""Reading files into a store: load, extract, store. Documents are stored
a chunk at a time (``Store.add_documents``: one transaction a chunk, the
stored links brought up to date once for it, not once a document); a chunk
that cannot be stored as a whole is stored document by document. The same
input twice changes nothing: documents are known by the SHA-256 of their
text, and a run that stops leaves whole documents.

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
from luoshi.types import Document, Statement

# A chunk, one transaction, ends at whichever comes first. Past a few dozen
# documents a chunk gains little: a transaction's fixed costs are spread.
CHUNK_DOCUMENTS = 64
CHUNK_CHARS = 4_000_000

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


class Writer:
    """Extracted documents on their way into a store, a chunk at a time;
    ``flush`` (or leaving it as a context manager) stores what is waiting."""

    def __init__(self, store: Store, summary: IngestSummary) -> None:
        self.store, self.summary = store, summary
        self._waiting: list[tuple[StoredDocument, list[Statement]]] = []
        self._chars = 0

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:
            self.flush()

    def knows(self, doc_id: str) -> bool:
        """Stored already, or waiting to be."""
        return any(doc.id == doc_id for doc, _ in self._waiting) or self.store.has_document(doc_id)

    def add(self, record: StoredDocument, statements: list[Statement]) -> None:
        self._waiting.append((record, statements))
        self._chars += len(record.text)
        if len(self._waiting) >= CHUNK_DOCUMENTS or self._chars >= CHUNK_CHARS:
            self.flush()

    def flush(self) -> None:
        waiting, self._waiting, self._chars = self._waiting, [], 0
        for result in self.store.add_documents(waiting) if waiting else ():
            if result.added:
                self.summary.new += 1
                self.summary.statements_added += result.statements
            else:  # the same text earlier in the run, or another process stored it meanwhile
                self.summary.unchanged += 1


def ingest_file(path: Path, store: Store, summary: IngestSummary, source_type: SourceType | None = None) -> None:
    """Load one file and store each of its documents with its statements,
    of ``source_type`` when given (see the module docstring)."""
    with Writer(store, summary) as writer:
        read_file(path, writer, source_type)


def read_file(path: Path, writer: Writer, source_type: SourceType | None = None) -> None:
    """Load one file and hand each of its documents, extracted, to ``writer``."""
    from luoshi.extract import extract_document  # on first use: the web server imports this module for document_id

    try:
        docs = load_path(path)
    except InputError as exc:
        writer.summary.failed.append((exc.source, exc.reason))
        return
    for doc in docs:
        record = trusted(stored(doc), source_type)
        if writer.knows(record.id):
            writer.summary.unchanged += 1
            continue
        writer.add(record, extract_document(doc))


def ingest(
    paths: Iterable[str], store: Store, progress: Callable[[Path], None] | None = None,
    source_type: SourceType | None = None,
) -> IngestSummary:  # fmt: skip
    """Ingest files, folders and globs into ``store`` (of ``source_type``
    when given, else each of the type it suggests); ``progress`` after each
    file is read (its documents may wait for the rest of their chunk)."""
    summary = IngestSummary()
    with Writer(store, summary) as writer:
        for path in files_of(paths, summary):
            read_file(path, writer, source_type)
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
