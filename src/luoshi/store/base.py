"""The store's narrow interface. DuckDB (a file, the default) and
PostgreSQL (a shared server) implement it and pass the same tests.

A document is identified by the SHA-256 of its text: storing the same text
twice changes nothing. Its name is a label, unique within the store: a
different text under a stored name is stored as ``NAME (2)`` (see
``luoshi.store.names``), so a name, like an id, always means one document.
Each document goes in with its statements inside one transaction, so a
crash leaves it either wholly stored or absent.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from types import TracebackType

from luoshi.errors import LuoshiError
from luoshi.source_types import SourceType
from luoshi.types import Kind, Statement


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document as kept: its full text (offsets of its statements point
    into it) and metadata."""

    id: str  # sha256 hex of the text
    name: str
    text: str
    source: str | None = None  # path or URL it was read from
    title: str | None = None
    region: str | None = None
    published: date | None = None
    loader: str = "text"
    skip: tuple[tuple[int, int], ...] = ()
    ingested_at: datetime | None = None
    statement_count: int = 0
    # Who brought it and how much it counts (luoshi.source_types,
    # luoshi.track.authority). None as given: nobody said — the store keeps
    # that as UNKNOWN, and linking an unstored document infers the type from
    # its title as a trusted import would.
    source_type: SourceType | None = None
    uploaded_by: str | None = None  # the username of a web upload or progress report
    owner: str | None = None  # the 责任单位 it was submitted for, if an owner's
    confirmed_by: str | None = None  # who vouched for it (an admin, or TRUSTED_IMPORT); None: unconfirmed
    confirmed_at: datetime | None = None

    @property
    def confirmed(self) -> bool:
        """Whether its figures count for every target (else only for its owner's)."""
        return self.confirmed_by is not None


@dataclass(frozen=True, slots=True)
class StatementQuery:
    """Filters of ``luoshi statements``; None means any."""

    region: str | None = None  # full name (内蒙古自治区)
    indicator: str | None = None  # id, or indicator_name
    kind: Kind | None = None
    period: str | None = None
    doc: str | None = None  # document id (or a unique prefix of it) or name
    limit: int | None = None
    offset: int = 0  # rows to skip first (pages of a listing)


@dataclass(frozen=True, slots=True)
class SearchHit:
    doc_id: str
    name: str
    start: int  # offsets of the match in the document text
    end: int
    snippet: str


@dataclass(frozen=True, slots=True)
class AddResult:
    added: bool  # False: a document with the same text was already stored
    doc_id: str
    statements: int
    name: str  # the name it is stored under: the one given, or NAME (n) when that was taken

    def as_stored(self, statements: Sequence[Statement]) -> list[Statement]:
        """Statements given with a document that was added, as the store
        reads them back: under its stored name and with its id."""
        return [replace(s, doc=self.name, doc_id=self.doc_id) for s in statements]


class StoreError(LuoshiError):
    """The store cannot be opened or written (locked, full disk, bad URL).
    A LuoshiError, so the CLI reports it in one line like any other."""


class Store(ABC):
    """One store, opened from a path or URL by ``luoshi.store.open_store``."""

    url: str

    # -- lifecycle ---------------------------------------------------------
    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @abstractmethod
    def fork(self) -> Store:
        """Another handle on the same store, for use in another thread (a
        handle serves one thread at a time); close it when done."""

    @abstractmethod
    def schema_version(self) -> int:
        """How many named migrations have been applied."""

    # -- writing -------------------------------------------------------------
    @abstractmethod
    def add_document(self, doc: StoredDocument, statements: Sequence[Statement]) -> AddResult:
        """Store a document and its statements in one transaction; a document
        whose id is already stored is left as it is. A name another document
        holds is not taken over: the document is stored as ``NAME (n)``, and
        its statements come back with that name (``AddResult.name``)."""

    def add_documents(self, items: Sequence[tuple[StoredDocument, Sequence[Statement]]]) -> list[AddResult]:
        """Store several documents, each as ``add_document`` does; a store
        may do it faster together (``SqlStore``: in one transaction)."""
        return [self.add_document(doc, statements) for doc, statements in items]

    @abstractmethod
    def replace_statements(self, doc_id: str, statements: Sequence[Statement]) -> int:
        """Swap a document's statements for new ones (re-extraction), in one
        transaction; returns how many are stored now."""

    # -- reading -------------------------------------------------------------
    @abstractmethod
    def has_document(self, doc_id: str) -> bool: ...

    @abstractmethod
    def documents(self) -> list[StoredDocument]:
        """Every document, without its text (``text`` is empty), newest first."""

    @abstractmethod
    def document(self, ref: str) -> StoredDocument | None:
        """One document with its text, by id, name, or unique id prefix."""

    @abstractmethod
    def document_id(self, name: str) -> str | None:
        """The id of the document stored under ``name`` (names are unique)."""

    @abstractmethod
    def statements(self, query: StatementQuery = StatementQuery()) -> list[Statement]:
        """Statements matching the query, by document then offset."""

    def event_statements(self) -> list[Statement]:
        """Every event statement, in the order stored (a document's before a
        later document's)."""
        return self.statements(StatementQuery(kind=Kind.EVENT))

    def statements_of_documents(self, doc_ids: Collection[str]) -> list[Statement]:
        """The statements of some documents (by id), by document then offset."""
        return [s for doc_id in sorted(doc_ids) for s in self.statements(StatementQuery(doc=doc_id))]

    @abstractmethod
    def iter_statements(self, batch: int = 10_000) -> Iterator[Statement]:
        """Every statement, streamed (exports)."""

    @abstractmethod
    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        """Documents containing ``text`` verbatim (Chinese included), with
        the offsets of each match."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """{'documents': n, 'statements': m}."""
