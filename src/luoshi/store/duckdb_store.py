"""The default store: one DuckDB file.

DuckDB lets one process at a time open a file for writing. A second luoshi
process waits for the first to close the file (up to ``LUOSHI_LOCK_TIMEOUT``
seconds, default 30), then gives up with a message saying so.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import duckdb

from luoshi.store.backend import Backend, Column, Row
from luoshi.store.base import StoreError
from luoshi.store.migrations import MIGRATIONS, Migration
from luoshi.store.rows import quoted
from luoshi.store.sql import SqlStore

DEFAULT_LOCK_TIMEOUT = 30.0
# The Arrow type of each SQL type a table of luoshi's is declared with.
_ARROW = {
    "TEXT": "string", "INTEGER": "int32", "BIGINT": "int64", "BOOLEAN": "bool",
    "DOUBLE": "float64", "DOUBLE PRECISION": "float64",
    "DATE": "date32", "TIMESTAMP": "timestamp[us]",
}  # fmt: skip


class DuckDBStore(SqlStore):
    """A store in a DuckDB file, created (and migrated) on first open."""

    def __init__(
        self, path: str | Path, migrations: Sequence[Migration] = MIGRATIONS, lock_timeout: float | None = None
    ) -> None:
        timeout = lock_timeout_from_env() if lock_timeout is None else lock_timeout
        super().__init__(DuckDBBackend(Path(path).expanduser(), timeout), migrations)


def lock_timeout_from_env() -> float:
    raw = os.environ.get("LUOSHI_LOCK_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_LOCK_TIMEOUT
    try:
        return max(0.0, float(raw))
    except ValueError:
        raise StoreError(f"LUOSHI_LOCK_TIMEOUT: not a number of seconds: {raw!r}") from None


class DuckDBBackend(Backend):
    dialect = "duckdb"
    errors = (duckdb.Error,)

    def __init__(self, path: Path, lock_timeout: float, con: duckdb.DuckDBPyConnection | None = None) -> None:
        self.url = self.target = str(path)
        self._path = path
        self._con = connect(path, lock_timeout) if con is None else con
        self._cursors: set[duckdb.DuckDBPyConnection] = set()

    def fork(self) -> DuckDBBackend:
        # A cursor is a connection of its own to the database this process
        # already has open: no second file lock to wait for.
        return DuckDBBackend(self._path, 0.0, quiet(self._con.cursor()))

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._con.execute(sql, list(params)).fetchall()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._con.begin()
        try:
            yield
        except BaseException:
            with suppress(duckdb.Error):  # keep the first error, not a failed rollback's
                self._con.rollback()
            raise
        self._con.commit()

    def insert(self, table: str, columns: Sequence[Column], rows: Sequence[Row]) -> None:
        # The rows go in as one Arrow table, which DuckDB scans in place:
        # executemany would run one INSERT per row (about 50 times slower),
        # and a list parameter per column (unnest) converts value by value:
        # 150,000 link rows took 2.6-2.8 s of CPU that way, 0.9-1.7 s so.
        if not rows:
            return
        import pyarrow as pa  # on the first write: serving reads only

        arrays = []
        for (name, kind), column in zip(columns, zip(*rows, strict=True), strict=True):
            try:
                arrays.append(pa.array(column, type=pa.type_for_alias(_ARROW[kind])))
            except (pa.ArrowInvalid, pa.ArrowTypeError) as e:  # reported as DuckDB reports a bad value
                raise duckdb.ConversionException(f"{table}.{name}: {e}") from e
        incoming = pa.Table.from_arrays(arrays, names=[name for name, _ in columns])
        view = f"_luoshi_incoming_{table}"
        self._con.register(view, incoming)
        try:
            names = quoted([name for name, _ in columns])
            self._con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {view}")
        finally:
            self._con.unregister(view)

    def serve_many(self) -> None:
        # DuckDB splits a query over every core by default, and the hand-offs
        # cost CPU that concurrent requests need: a page of a region's
        # statements at ten million took 4.4-4.6 ms of CPU on two threads,
        # 3.1-3.4 ms on one (bench/scale.py's store). The setting is the
        # database's, so every connection of this process has it.
        self._con.execute("SET threads = 1")

    def stream(self, sql: str, params: Sequence[Any], batch: int) -> Generator[list[Row], None, None]:
        cursor = self._con.cursor()  # its own connection: other calls may run meanwhile
        self._cursors.add(cursor)
        try:
            cursor.execute(sql, list(params))
            while rows := cursor.fetchmany(batch):
                yield rows
        finally:
            self._cursors.discard(cursor)
            cursor.close()

    def close(self) -> None:
        # A reader left unfinished would keep the file (and its lock) open.
        for cursor in list(self._cursors):
            cursor.close()
        self._con.close()


def quiet(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    # DuckDB's progress bar writes to stdout: a long migration would corrupt
    # a command's JSON output. It is a setting of each connection.
    con.execute("SET enable_progress_bar = false")
    return con


def connect(path: Path, lock_timeout: float) -> duckdb.DuckDBPyConnection:
    """Open (or create) the file, waiting while another process holds it."""
    if not path.parent.is_dir():
        raise StoreError(f"{path}: folder {path.parent} does not exist; create it or choose another store path")
    if path.is_dir():
        raise StoreError(f"{path}: is a folder; give the path of a DuckDB file")
    deadline = time.monotonic() + lock_timeout
    delay = 0.05
    while True:
        try:
            return quiet(duckdb.connect(str(path)))
        except duckdb.Error as exc:
            message = str(exc)
            if "Could not set lock" not in message and "Conflicting lock" not in message:
                raise StoreError(_cannot_open(path, message)) from exc
            left = deadline - time.monotonic()
            if left <= 0:
                raise StoreError(_in_use(path, message, lock_timeout)) from exc
            time.sleep(min(delay, left))
            delay = min(delay * 2, 0.5)


def _cannot_open(path: Path, message: str) -> str:
    if "not a valid DuckDB database" in message:
        return f"{path}: not a DuckDB database file; give another store path or move that file away"
    detail = message.strip().splitlines()[0] if message.strip() else "unknown error"
    return f"{path}: cannot open the DuckDB store ({detail})"


def _in_use(path: Path, message: str, waited: float) -> str:
    pid = re.search(r"PID (\d+)", message)
    holder = f"PID {pid.group(1)}" if pid else "another process"
    return (
        f"{path}: the store is in use by another luoshi process ({holder} holds it; waited {waited:g} s);"
        " try again when it has finished"
    )
