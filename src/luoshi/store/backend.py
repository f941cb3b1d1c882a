"""What a database must offer the shared store code: a handful of calls
that DuckDB and PostgreSQL each implement in a few lines.

SQL given to ``execute`` uses ``?`` placeholders and no literal ``%``; each
back end turns it into its own parameter style.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Generator, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from luoshi.store.base import StoreError

Row = tuple[Any, ...]
Column = tuple[str, str]  # (name, SQL type)
BIGRAM_COLUMNS: tuple[Column, ...] = (("gram", "TEXT"), ("doc_no", "INTEGER"))


class Backend(ABC):
    dialect: str  # "duckdb" or "postgres": picks dialect-specific migration SQL
    url: str  # the path or URL of the store, password hidden
    target: str  # what error messages name: the url, and the schema if one was given
    errors: tuple[type[BaseException], ...]  # the driver's exceptions

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run one statement; the rows it returns (empty for none)."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """Commit on leaving normally, roll back on any exception."""

    @abstractmethod
    def insert(self, table: str, columns: Sequence[Column], rows: Sequence[Row]) -> None:
        """Bulk insert, the fastest way the database has."""

    def insert_bigrams(self, doc_no: int, grams: Collection[str]) -> None:
        """Store a document's bigrams: the search index of a PostgreSQL store
        without pg_trgm (``luoshi.store.search``), written with every
        document, so back ends may do better than ``insert``."""
        self.insert("doc_bigrams", BIGRAM_COLUMNS, [(gram, doc_no) for gram in grams])

    @abstractmethod
    def stream(self, sql: str, params: Sequence[Any], batch: int) -> Generator[list[Row], None, None]:
        """The rows of a query, ``batch`` at a time, without holding them all."""

    @abstractmethod
    def fork(self) -> Backend:
        """Another connection to the same database, for another thread: a
        connection may be used by one thread at a time."""

    def serve_many(self) -> None:  # noqa: B027 - optional: PostgreSQL plans each query's workers itself
        """From now on many small queries run at once (a server under load):
        each query is best run on one core, the others left to the rest."""

    def lock_schema(self) -> None:  # noqa: B027 - optional: one writer at a time already on DuckDB
        """Serialize migrations between processes (inside a transaction)."""

    @abstractmethod
    def close(self) -> None: ...


@contextmanager
def driver_errors(db: Backend, doing: str) -> Iterator[None]:
    """The driver's errors become a one-line StoreError naming the store."""
    try:
        yield
    except db.errors as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"{db.target}: {doing} ({detail})") from exc
