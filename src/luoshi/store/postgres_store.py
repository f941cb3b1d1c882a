"""The shared-server store: PostgreSQL through psycopg 3.

The tables live in the connection's schema: the first of its search_path
(``?options=-csearch_path%3Dmyschema`` in the URL) or ``schema=``, which is
created when missing. Bulk inserts use COPY.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Generator, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql as pgsql

from luoshi.store.backend import Backend, Column, Row
from luoshi.store.base import StoreError
from luoshi.store.migrations import MIGRATIONS, Migration
from luoshi.store.rows import quoted
from luoshi.store.sql import SqlStore

CONNECT_TIMEOUT = 10  # seconds, unless the URL says otherwise
_cursor_names = itertools.count()
# Held while a schema is created or migrated, one lock per schema name.
_LOCK = "SELECT pg_advisory_xact_lock(hashtext('luoshi'), hashtext(%s))"


class PostgresStore(SqlStore):
    """A store in a PostgreSQL schema, its tables created on first open."""

    def __init__(self, url: str, schema: str | None = None, migrations: Sequence[Migration] = MIGRATIONS) -> None:
        super().__init__(PostgresBackend(url, schema), migrations)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    url = re.sub(r"(://[^:/@?]*:)[^@/?]*@", r"\1***@", url)
    return re.sub(r"(password=)[^&]*", r"\1***", url)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class PostgresBackend(Backend):
    dialect = "postgres"
    errors = (psycopg.Error,)

    def __init__(self, url: str, schema: str | None) -> None:
        self._given = (url, schema)
        self.url = redact(url)
        self.target = self.url + (f" (schema {schema})" if schema else "")
        extra: dict[str, Any] = {} if "connect_timeout" in url else {"connect_timeout": CONNECT_TIMEOUT}
        try:
            self._con = psycopg.connect(url, autocommit=True, **extra)
        except psycopg.Error as exc:
            raise StoreError(
                f"{self.target}: cannot connect to PostgreSQL ({_first_line(exc)});"
                " check that the server is running and the URL"
            ) from exc
        try:
            # PostgreSQL compiles a query whose plan costs more than a
            # threshold before running it: 0.5 s of JIT for a 0.2 s query of
            # a region's indicators at ten million statements. No query of
            # luoshi's runs long enough to repay it.
            self._con.execute("SET jit = off")
            self._enter_schema(schema)
        except BaseException:
            self._con.close()
            raise

    def _enter_schema(self, schema: str | None) -> None:
        try:
            if schema is not None:
                with self._con.transaction():  # the same lock as migrations: two processes may race here
                    self._con.execute(_LOCK, [schema])
                    self._con.execute(pgsql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(pgsql.Identifier(schema)))
                self._con.execute(pgsql.SQL("SET search_path TO {}").format(pgsql.Identifier(schema)))
            row = self._con.execute("SELECT current_schema()").fetchone()
        except psycopg.Error as exc:
            raise StoreError(f"{self.target}: cannot use schema {schema} ({_first_line(exc)})") from exc
        if row is None or row[0] is None:
            raise StoreError(f"{self.target}: no schema of the search_path exists; create it or pass schema=")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._con.cursor() as cur:
            cur.execute(sql.replace("?", "%s"), list(params) if params else None)  # type: ignore[arg-type]
            return cur.fetchall() if cur.description else []

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._con.transaction():
            yield

    def insert(self, table: str, columns: Sequence[Column], rows: Sequence[Row]) -> None:
        if not rows:
            return
        names = quoted([name for name, _ in columns])
        with self._con.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[arg-type]
            for row in rows:
                copy.write_row(row)

    def insert_bigrams(self, doc_no: int, grams: Collection[str]) -> None:
        # COPY's text format written in one piece: write_row per bigram costs
        # more than the server's work. Bigrams hold no whitespace, so tabs and
        # line breaks need no escaping; backslashes do. Sorted, they go into
        # the index's pages in order (about 15% faster).
        if not grams:
            return
        data = "".join(f"{gram}\t{doc_no}\n" for gram in sorted(grams)).replace("\\", "\\\\")
        with self._con.cursor() as cur, cur.copy("COPY doc_bigrams (gram, doc_no) FROM STDIN") as copy:
            copy.write(data)

    def stream(self, sql: str, params: Sequence[Any], batch: int) -> Generator[list[Row], None, None]:
        # A server-side cursor WITH HOLD: it outlives the transaction that
        # declared it, so writes made while the rows are read commit at once
        # instead of waiting inside a transaction the reader keeps open.
        name = f"luoshi_stream_{next(_cursor_names)}"
        with self._con.cursor(name=name, withhold=True) as cur:
            cur.execute(sql.replace("?", "%s"), list(params) if params else None)  # type: ignore[arg-type]
            while rows := cur.fetchmany(batch):
                yield rows

    def fork(self) -> PostgresBackend:
        return PostgresBackend(*self._given)

    def lock_schema(self) -> None:
        self._con.execute(_LOCK.replace("%s", "current_schema()"))

    def close(self) -> None:
        self._con.close()
