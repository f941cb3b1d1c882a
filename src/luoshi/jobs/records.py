"""The records of upload jobs: what a job is, the states it passes
through, the limits it runs under and the refusals a submission may meet.

A job's state is kept as an English code (the column, the API's ``state``)
and shown by its Chinese word (``JobState.label``); a job moves only
forward: 排队中 → 处理中 → 已完成 / 已取消 / 失败 (a queued job may be
cancelled or fail without ever running).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from luoshi.errors import LuoshiError


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.CANCELLED, JobState.FAILED)


_LABELS = {
    JobState.QUEUED: "排队中",
    JobState.RUNNING: "处理中",
    JobState.DONE: "已完成",
    JobState.CANCELLED: "已取消",
    JobState.FAILED: "失败",
}


class JobKind(StrEnum):
    DOCUMENT = "document"  # any file ``luoshi ingest`` reads; a bulk CSV gives a document per row
    STATISTICS = "statistics"  # a statistics table: one document, a statement per row
    TASKS = "tasks"  # a task list (任务分解表, luoshi.tasks): one document, its rows' targets

    @property
    def label(self) -> str:
        return {JobKind.DOCUMENT: "文档", JobKind.STATISTICS: "统计表", JobKind.TASKS: "任务分解表"}[self]


@dataclass(frozen=True, slots=True)
class JobLimits:
    """What one job, and one user, may cost.

    ``rows``: data rows of a table (a bulk CSV's rows, a statistics table's
    rows); ``documents``: documents a job stores; ``cpu_seconds``: CPU time
    of a job, its extraction worker and its storing together;
    ``queued_per_user``: jobs of one user not yet finished (queued or
    running); ``cpu_seconds_per_user_day``: CPU time of one user's jobs
    started in the last 24 hours. ``workers``: jobs running at once (each
    in a process of its own, one core each)."""

    rows: int = 200_000
    documents: int = 200_000
    cpu_seconds: float = 1800.0
    queued_per_user: int = 5
    cpu_seconds_per_user_day: float = 3 * 3600.0
    workers: int = 1

    def __post_init__(self) -> None:
        for name in ("rows", "documents", "cpu_seconds", "queued_per_user", "cpu_seconds_per_user_day", "workers"):
            if getattr(self, name) <= 0:
                raise ValueError(f"job limit {name} must be positive, not {getattr(self, name)}")


@dataclass(frozen=True, slots=True)
class Job:
    """One upload, from submission to its end. ``documents_total`` is known
    once the worker has read the file (None before); ``documents_done``
    counts documents handled (stored, or found already stored:
    ``documents_skipped``); a cancelled job keeps the documents it stored,
    each whole."""

    id: int
    username: str
    kind: JobKind
    file_name: str
    state: JobState
    created_at: datetime  # UTC, as every time here
    rows_total: int | None = None
    documents_total: int | None = None
    documents_done: int = 0
    documents_stored: int = 0
    documents_skipped: int = 0
    statements: int = 0
    cpu_seconds: float = 0.0
    error: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    cancelled_by: str | None = None
    # (name, id, statements added or None: already stored) of the first
    # documents it handled, for its page; in memory only (the documents
    # themselves are in the store)
    documents: tuple[tuple[str, str, int | None], ...] = ()

    @property
    def progress(self) -> float | None:
        """The share of documents handled, 0..1; None while unknown."""
        if self.state is JobState.DONE:
            return 1.0
        if not self.documents_total:
            return None
        return min(1.0, self.documents_done / self.documents_total)


class JobRefused(LuoshiError):
    """A submission or a cancellation that cannot be accepted; the message
    (Chinese) names the limit or the reason. ``status``: the HTTP status a
    web layer answers with (413 too large for a job, 429 too much for a
    user now, 403 not yours, 404 no such job, 409 already finished)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
