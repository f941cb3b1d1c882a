"""Upload jobs run outside the request: ``JobRunner.submit`` checks the
limits, records the job and answers at once; a dispatcher thread later
starts a worker process for it (``luoshi.jobs.worker``) and stores what the
worker sends, batch by batch, through a ``JobSink``.

Why this shape:

- Extraction runs in a process of its own, one per job, started from a
  fork server (``multiprocessing``'s "forkserver": a clean process forked
  from a small server, never from the web server with its threads and
  database handles). A fresh process makes ``RLIMIT_CPU`` that job's limit,
  and ending a job is ending its process.
- Storing stays in the server's process, which alone may write a DuckDB
  file. Each batch is stored under the server's write lock and then the
  lock is let go, so reads interleave; the runner pauses after each batch
  for a share of the time it took (``yield_share``) so that a long job
  never holds the store for long stretches.
- Cancelling (by the uploader or an admin) is checked between batches and
  while waiting for the worker: the worker is ended and nothing more is
  stored. Documents already stored stay, each whole (every document goes in
  with its statements in one transaction): a partial upload is a set of
  complete documents, listed by the job, never a half-written one. Rolling
  them back would need a way to delete documents the store does not have,
  and they may already have been read and linked.
- A job's CPU time is its worker's and its storing's together; past the
  job's limit (or what is left of the uploader's daily budget) the job
  fails with a message naming the limit.
- Jobs left unfinished by a server that stopped are marked failed at the
  next start: the upload itself was a temporary file, now gone.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import queue
import shutil
import signal
import tempfile
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from luoshi.given_metadata import GivenMetadata
from luoshi.jobs.counting import count_rows
from luoshi.jobs.journal import JobJournal
from luoshi.jobs.records import Job, JobKind, JobLimits, JobRefused, JobState
from luoshi.jobs.sink import JobSink, StoredBatch
from luoshi.jobs.worker import WorkOrder, cpu_limit_message, documents_over, rows_over, run
from luoshi.store import StoreError

Audit = Callable[[str, str, str, dict[str, Any] | None, dict[str, Any] | None], None]
"""(by, action, object, before, after): an audit log entry."""

_log = logging.getLogger(__name__)
INTERRUPTED = "服务器在任务完成前停止，任务已中断；请重新上传"
_DAY = timedelta(hours=1) * 24
_POLL_SECONDS = 0.1  # how soon a cancellation reaches a job waiting for its worker
_KEPT_FINISHED = 200  # finished jobs kept in memory with the documents they stored
_LISTED_DOCUMENTS = 100  # documents a job remembers by name and id, for its page


class JobRunner:
    """Queues upload jobs and runs them, ``limits.workers`` at a time.

    ``sink`` stores batches; ``journal`` keeps the jobs; ``audit`` (when
    given) records submissions and cancellations; ``publish_seconds``: how
    often a running job makes its documents visible (``JobSink.publish``);
    ``yield_share``: the pause after storing a batch, as a share of the time
    storing it took."""

    def __init__(
        self, journal: JobJournal, sink: JobSink, limits: JobLimits | None = None, *,
        audit: Audit | None = None, publish_seconds: float = 2.0, yield_share: float = 0.5,
        batch_documents: int = 200,
    ) -> None:  # fmt: skip
        self.journal = journal
        self.sink = sink
        self.limits = limits or JobLimits()
        self.audit = audit
        self.publish_seconds = publish_seconds
        self.yield_share = yield_share
        self.batch_documents = batch_documents
        self._cv = threading.Condition()
        self._pending: deque[int] = deque()
        self._live: dict[int, Job] = {}  # queued and running
        self._finished: OrderedDict[int, Job] = OrderedDict()
        self._files: dict[int, tuple[Path, str, GivenMetadata | None]] = {}  # job id -> the upload's copy and labels
        self._cancelling: dict[int, str] = {}  # job id -> who asked
        self._threads: list[threading.Thread] = []
        self._closed = False
        self._context = multiprocessing.get_context("forkserver")
        # The fork server imports these once; each worker forked from it starts warm.
        # (the pipeline and cn2an by name: ``luoshi.extract`` and the numerals import them on first use)
        self._context.set_forkserver_preload(
            ["luoshi.jobs.worker", "luoshi.extract.pipeline", "cn2an", "luoshi.load", "luoshi.stats"]
        )

    # -- life --------------------------------------------------------------------
    def start(self) -> JobRunner:
        """Fail what a previous server left unfinished, then start dispatching."""
        self.journal.interrupt_unfinished(INTERRUPTED)
        for n in range(self.limits.workers):
            thread = threading.Thread(target=self._dispatch, name=f"luoshi-jobs-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def close(self, timeout: float = 10.0) -> None:
        """Stop: running jobs are ended (their workers too) and recorded as
        interrupted; queued ones never start."""
        with self._cv:
            self._closed = True
            for job_id in list(self._live):
                self._cancelling.setdefault(job_id, "")
            self._cv.notify_all()
        for thread in self._threads:
            thread.join(timeout)
        with self._cv:
            for job_id in list(self._pending):
                self._end(self._live[job_id], JobState.FAILED, error=INTERRUPTED)
            self._pending.clear()

    def __enter__(self) -> JobRunner:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- what callers do -------------------------------------------------------------
    def submit(
        self, username: str, kind: JobKind, file_name: str, data: bytes, *, source: str,
        given: GivenMetadata | None = None, before_start: Callable[[Job], None] | None = None,
    ) -> Job:  # fmt: skip
        """Accept an upload as a job, or refuse it (``JobRefused``) when it is
        over a limit of a job or of its uploader. ``file_name``: the name
        documents will take (made safe by the caller); ``source``: the
        label stored as their source; ``given``: what the uploader said of
        the document (region, date, title), in place of the loader's guess;
        ``before_start(job)`` is called once the job exists and before it
        can start (to tell the sink about it)."""
        rows = count_rows(data, file_name, kind)
        if rows is not None and rows > self.limits.rows:
            raise JobRefused(rows_over(rows, self.limits.rows), 413)
        if rows is not None and kind is JobKind.DOCUMENT and rows > self.limits.documents:
            raise JobRefused(documents_over(rows, self.limits.documents), 413)
        with self._cv:
            if self._closed:
                raise JobRefused("服务器正在停止，暂不接受上传；请稍后再试", 503)
            unfinished = sum(1 for j in self._live.values() if j.username == username)
            if unfinished >= self.limits.queued_per_user:
                raise JobRefused(
                    f"您已有 {unfinished} 个上传任务未完成，达到每人 {self.limits.queued_per_user} 个的上限；"
                    "请等待完成或取消后再上传",
                    429,
                )
            used = self._cpu_today(username)
            if used >= self.limits.cpu_seconds_per_user_day:
                raise JobRefused(
                    f"您 24 小时内的上传任务已用 {used:.0f} CPU 秒，达到每人每天 "
                    f"{self.limits.cpu_seconds_per_user_day:g} CPU 秒的上限；请稍后再上传",
                    429,
                )
            job = self.journal.create(username, kind, file_name)
            if before_start is not None:
                before_start(job)
            folder = Path(tempfile.mkdtemp(prefix=f"luoshi-job-{job.id}-"))
            path = folder / (Path(file_name).name or "upload")
            path.write_bytes(data)
            self._files[job.id] = (path, source, given)
            self._live[job.id] = job
            self._pending.append(job.id)
            self._cv.notify_all()
        self._audit(username, "upload_job.submit", job, None, {
            "file": file_name, "kind": kind.value, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
            "rows": rows,
        })  # fmt: skip
        return job

    def job(self, job_id: int) -> Job | None:
        """The job as it stands: live progress while it runs, else as recorded."""
        with self._cv:
            found = self._live.get(job_id) or self._finished.get(job_id)
        return found if found is not None else self.journal.get(job_id)

    def jobs(self, username: str | None = None, limit: int = 50) -> list[Job]:
        """Jobs newest first (of ``username``, or everyone's), live ones as they stand."""
        recorded = self.journal.recent(username, limit)
        with self._cv:
            return [self._live.get(j.id) or self._finished.get(j.id) or j for j in recorded]

    def cancelling(self, job_id: int) -> bool:
        """Whether a cancellation was asked for and the job has not ended yet."""
        with self._cv:
            return job_id in self._cancelling

    def cancel(self, job_id: int, by: str, *, admin: bool = False, wait: float = 5.0) -> Job:
        """Cancel a job, as its uploader or an admin: a queued one never
        runs; a running one stops before its next batch (waiting up to
        ``wait`` seconds for that, then answering as it stands)."""
        with self._cv:
            job = self._live.get(job_id)
            if job is None:
                ended = self.job(job_id)
                if ended is None:
                    raise JobRefused(f"没有编号为 {job_id} 的上传任务", 404)
                if ended.username != by and not admin:
                    raise JobRefused("只有上传者本人或管理员可以取消这个任务", 403)
                raise JobRefused(f"任务 {job_id} 已结束（{ended.state.label}），无法取消", 409)
            if job.username != by and not admin:
                raise JobRefused("只有上传者本人或管理员可以取消这个任务", 403)
            before = job.state
            if job.state is JobState.QUEUED:
                self._pending.remove(job_id)
                job = self._end(job, JobState.CANCELLED, cancelled_by=by)
            else:
                self._cancelling.setdefault(job_id, by)
                self._cv.notify_all()
                deadline = time.monotonic() + wait
                while job_id in self._live and (left := deadline - time.monotonic()) > 0:
                    self._cv.wait(left)
                job = self._live.get(job_id) or self._finished[job_id]
        self._audit(by, "upload_job.cancel", job, {"state": before.value}, {"state": job.state.value})
        return job

    # -- running -------------------------------------------------------------------------
    def _dispatch(self) -> None:
        while True:
            with self._cv:
                while not self._pending and not self._closed:
                    self._cv.wait()
                if self._closed:
                    return
                job_id = self._pending.popleft()
                job = self._update(self._live[job_id], state=JobState.RUNNING, started_at=datetime.now(UTC))
            outcome: tuple[JobState, str | None]
            try:
                self.journal.save(job)
                outcome = self._run(job)
            except Exception as exc:  # a bug or the store gone: the job fails, the dispatcher goes on
                _log.exception("upload job %s failed", job_id)
                why = "数据库暂不可用" if isinstance(exc, StoreError) else f"任务出错（{type(exc).__name__}）"
                outcome = JobState.FAILED, why + "；请稍后重新上传"
            finally:
                self._remove_copy(job_id)  # however it ended, before it says so
            with self._cv:
                if job_id in self._live:
                    self._finish(job_id, *outcome)

    def _run(self, job: Job) -> tuple[JobState, str | None]:
        """Run the job's worker and store what it sends; how the job ends, and why."""
        path, source, given = self._files[job.id]
        budget = min(self.limits.cpu_seconds, self.limits.cpu_seconds_per_user_day - self._cpu_today(job.username))
        if budget <= 0:
            return JobState.FAILED, cpu_limit_message(self.limits.cpu_seconds_per_user_day)
        order = WorkOrder(
            job.kind, str(path), source, self.limits.rows, self.limits.documents, budget, self.batch_documents,
            given=given,
        )  # fmt: skip
        inbox = self._context.Queue(maxsize=4)  # the worker waits when storing falls behind
        process = self._context.Process(target=run, args=(order, inbox), name=f"luoshi-job-{job.id}", daemon=True)
        process.start()
        try:
            return self._follow(job.id, process, inbox, budget)
        finally:
            if process.is_alive():
                process.kill()
            process.join(5)
            inbox.close()
            inbox.cancel_join_thread()  # batches left in the pipe are dropped, not waited for
            self.sink.publish()  # before the job says it is over: its documents are then on the board

    def _follow(self, job_id: int, process: Any, inbox: Any, budget: float) -> tuple[JobState, str | None]:
        """Store what the worker sends until it is done, fails, or the job
        is cancelled or over its CPU seconds; how the job ends, and why."""
        worker_cpu = store_cpu = 0.0
        last_publish = time.monotonic()
        while True:
            if self._stop_asked(job_id):
                return JobState.CANCELLED, None
            try:
                message = inbox.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                if not process.is_alive():
                    return JobState.FAILED, _died(process.exitcode, budget)
                continue
            worker_cpu = float(message[-1])
            if message[0] == "counted":
                self._progress(job_id, cpu=worker_cpu + store_cpu, documents_total=message[1], rows_total=message[2])
            elif message[0] == "batch":
                if self._stop_asked(job_id):
                    continue  # the next turn ends it; this batch is not stored
                started, clock = time.thread_time(), time.monotonic()
                with self._cv:
                    job = self._live[job_id]
                stored = self.sink.store(job, message[1])
                store_cpu += time.thread_time() - started
                self._progress(job_id, cpu=worker_cpu + store_cpu, batch=stored)
                if worker_cpu + store_cpu > budget:
                    return JobState.FAILED, cpu_limit_message(budget)
                if time.monotonic() - last_publish >= self.publish_seconds:
                    self.sink.publish()
                    last_publish = time.monotonic()
                time.sleep((time.monotonic() - clock) * self.yield_share)
            elif message[0] == "done":
                return JobState.DONE, None
            else:
                return JobState.FAILED, str(message[1])

    def _stop_asked(self, job_id: int) -> bool:
        with self._cv:
            return job_id in self._cancelling or self._closed

    def _progress(self, job_id: int, *, cpu: float, batch: StoredBatch | None = None, **totals: Any) -> None:
        with self._cv:
            job = self._live[job_id]
            changes: dict[str, Any] = {"cpu_seconds": cpu, **totals}
            if batch is not None:
                listed = (*job.documents, *batch.documents)
                changes.update(
                    documents_done=job.documents_done + len(batch.documents),
                    documents_stored=job.documents_stored + batch.stored,
                    documents_skipped=job.documents_skipped + batch.skipped,
                    statements=job.statements + batch.statements,
                    documents=listed[:_LISTED_DOCUMENTS],
                )
            job = self._update(job, **changes)
        self.journal.save(job)

    def _finish(self, job_id: int, state: JobState, error: str | None = None) -> None:
        with self._cv:
            job = self._live[job_id]
            by = self._cancelling.get(job_id)
            if state is JobState.CANCELLED and not by:  # the server is stopping: no user cancelled it
                state, error = JobState.FAILED, INTERRUPTED
            self._end(job, state, error=error, cancelled_by=by if state is JobState.CANCELLED else None)

    def _end(self, job: Job, state: JobState, *, error: str | None = None, cancelled_by: str | None = None) -> Job:
        """(Holding ``_cv``.) The job ends: recorded, moved out of the live
        ones, its temporary copy removed, whoever waits on it woken."""
        job = replace(job, state=state, error=error, cancelled_by=cancelled_by, finished_at=datetime.now(UTC))
        self.journal.save(job)
        self._live.pop(job.id, None)
        self._cancelling.pop(job.id, None)
        if job.started_at is None:  # never ran: its copy goes now; a running job's when its turn is over
            self._remove_copy(job.id)
        self._finished[job.id] = job
        self.sink.ended(job)
        while len(self._finished) > _KEPT_FINISHED:
            self._finished.popitem(last=False)
        self._cv.notify_all()
        return job

    def _remove_copy(self, job_id: int) -> None:
        """The job's temporary copy of its upload, removed."""
        with self._cv:
            path, _, _ = self._files.pop(job_id, (None, None, None))
        if path is not None:
            shutil.rmtree(path.parent, ignore_errors=True)

    def _update(self, job: Job, **changes: Any) -> Job:
        job = replace(job, **changes)
        self._live[job.id] = job
        return job

    def _cpu_today(self, username: str) -> float:
        return self.journal.cpu_since(username, datetime.now(UTC) - _DAY)

    def _audit(
        self, by: str, action: str, job: Job, before: dict[str, Any] | None, after: dict[str, Any] | None
    ) -> None:
        if self.audit is not None:
            self.audit(by, action, f"upload_job:{job.id}", before, after)


def _died(exitcode: int | None, budget: float) -> str:
    if exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
        return cpu_limit_message(budget)
    return f"处理进程意外退出（退出码 {exitcode}）；请重试，或把文件拆小后上传"
