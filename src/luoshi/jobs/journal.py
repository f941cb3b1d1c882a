"""Upload jobs as the store keeps them (table ``upload_jobs``, migration
0009): the history outlives the server, and so does what each user's jobs
cost (the per-user CPU budget is over 24 hours, not since start-up).

Writes go through ``writing()`` — the server's main handle under its write
lock, since DuckDB has one writer — and reads through ``reading()``, a
handle of the calling thread. ``JobJournal.over(store)`` gives both over one
handle, one thread at a time, for callers without a server.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from typing import TypeVar

from luoshi.jobs.records import Job, JobKind, JobState
from luoshi.store import Store, StoreError
from luoshi.store.backend import Row, driver_errors
from luoshi.store.sql import SqlStore

S = TypeVar("S", bound=Store)
_COLUMNS = (
    "id, username, kind, file_name, state, created_at, rows_total, documents_total, documents_done,"
    " documents_stored, documents_skipped, statements, cpu_seconds, error, started_at, finished_at, cancelled_by"
)
_UPDATE = (
    "UPDATE upload_jobs SET state = ?, rows_total = ?, documents_total = ?, documents_done = ?,"
    " documents_stored = ?, documents_skipped = ?, statements = ?, cpu_seconds = ?, error = ?, started_at = ?,"
    " finished_at = ?, cancelled_by = ? WHERE id = ?"
)


class JobJournal:
    def __init__(
        self, writing: Callable[[], AbstractContextManager[SqlStore]],
        reading: Callable[[], AbstractContextManager[SqlStore]],
    ) -> None:  # fmt: skip
        """``writing()``: a context giving the store to write through, alone;
        ``reading()``: one giving a store this thread may read through."""
        self._writing = writing
        self._reading = reading

    @classmethod
    def over(cls, store: SqlStore, writing: Callable[[], AbstractContextManager[SqlStore]] | None = None) -> JobJournal:
        """The journal in ``store`` with no server around it: reads and
        writes through ``writing()`` (the one a ``StoreSink`` over the same
        handle uses, so that they take turns), else a lock of its own."""
        alone = writing or one_writer(store)
        return cls(alone, alone)

    def create(self, username: str, kind: JobKind, file_name: str) -> Job:
        now = datetime.now(UTC)
        with self._writing() as store, _guard(store, "cannot record the upload job"), store.backend.transaction():
            (row,) = store.backend.execute(
                "INSERT INTO upload_jobs (username, kind, file_name, state, created_at) VALUES (?, ?, ?, ?, ?)"
                " RETURNING id",
                [username, kind.value, file_name, JobState.QUEUED.value, _naive(now)],
            )
        return Job(int(row[0]), username, kind, file_name, JobState.QUEUED, now)

    def save(self, job: Job) -> None:
        """Write the job's state and progress (everything but who, what and when made)."""
        with self._writing() as store, _guard(store, f"cannot record upload job {job.id}"):
            store.backend.execute(
                _UPDATE,
                [
                    job.state.value, job.rows_total, job.documents_total, job.documents_done,
                    job.documents_stored, job.documents_skipped, job.statements, job.cpu_seconds, job.error,
                    _naive(job.started_at), _naive(job.finished_at), job.cancelled_by, job.id,
                ],
            )  # fmt: skip

    def get(self, job_id: int) -> Job | None:
        with self._reading() as store, _guard(store, "cannot read upload jobs"):
            rows = store.backend.execute(f"SELECT {_COLUMNS} FROM upload_jobs WHERE id = ?", [job_id])
        return _job(rows[0]) if rows else None

    def recent(self, username: str | None = None, limit: int = 50) -> list[Job]:
        """Jobs newest first: of ``username``, or everyone's (None)."""
        sql, params = f"SELECT {_COLUMNS} FROM upload_jobs", []
        if username is not None:
            sql += " WHERE username = ?"
            params.append(username)
        sql += " ORDER BY created_at DESC, id DESC LIMIT ?"
        with self._reading() as store, _guard(store, "cannot read upload jobs"):
            rows = store.backend.execute(sql, [*params, max(0, int(limit))])
        return [_job(row) for row in rows]

    def cpu_since(self, username: str, since: datetime) -> float:
        """CPU seconds of the user's jobs made since ``since``."""
        with self._reading() as store, _guard(store, "cannot read upload jobs"):
            (row,) = store.backend.execute(
                "SELECT COALESCE(SUM(cpu_seconds), 0) FROM upload_jobs WHERE username = ? AND created_at >= ?",
                [username, _naive(since)],
            )
        return float(row[0])

    def interrupt_unfinished(self, message: str) -> int:
        """Mark jobs left queued or running (by a server that stopped) as
        failed with ``message``; how many there were."""
        with self._writing() as store, _guard(store, "cannot record upload jobs"), store.backend.transaction():
            rows = store.backend.execute(
                "UPDATE upload_jobs SET state = ?, error = ?, finished_at = ? WHERE state IN (?, ?) RETURNING id",
                [JobState.FAILED.value, message, _naive(datetime.now(UTC)), JobState.QUEUED.value,
                 JobState.RUNNING.value],
            )  # fmt: skip
        return len(rows)


def one_writer(store: S) -> Callable[[], AbstractContextManager[S]]:
    """``store`` one thread at a time: a handle serves one thread at once."""
    lock = threading.RLock()

    @contextmanager
    def alone() -> Iterator[S]:
        with lock:
            yield store

    return alone


def _guard(store: SqlStore, doing: str) -> AbstractContextManager[None]:
    if not isinstance(store, SqlStore):
        raise StoreError(f"upload jobs need an SQL store, not {type(store).__name__}")
    return driver_errors(store.backend, doing)


def _naive(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC).replace(tzinfo=None)


def _aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


def _job(row: Row) -> Job:
    (id_, username, kind, file_name, state, created, rows_total, docs_total, done, stored, skipped, statements,
     cpu, error, started, finished, cancelled_by) = row  # fmt: skip
    return Job(
        id=int(id_),
        username=username,
        kind=JobKind(kind),
        file_name=file_name,
        state=JobState(state),
        created_at=_aware(created) or datetime.now(UTC),
        rows_total=rows_total,
        documents_total=docs_total,
        documents_done=int(done),
        documents_stored=int(stored),
        documents_skipped=int(skipped),
        statements=int(statements),
        cpu_seconds=float(cpu),
        error=error,
        started_at=_aware(started),
        finished_at=_aware(finished),
        cancelled_by=cancelled_by,
    )
