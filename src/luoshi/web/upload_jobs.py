"""Uploads as jobs (issue 10): an uploaded file is handed to the app's
``luoshi.jobs.JobRunner`` and the request answers at once with the job; a
worker process extracts it, and its documents are stored here, batch by
batch, as their uploader's (``Provenance.record_uploads``: an owner's as
责任单位报送, unconfirmed; every document's upload audited), then made
visible to the board every few seconds (``WebState.added_many``).

A request never extracts, so a 100,000-row file no longer holds a server
thread and the GIL for hours: reads go on while it is stored, and the
uploader (or an admin) may cancel it. The job API lives here too:
``GET /api/v1/jobs``, ``GET /api/v1/jobs/{id}``, ``POST /api/v1/jobs/{id}/cancel``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request, Response

from luoshi.accounts import AccountError, PermissionDenied, Role, User, audit
from luoshi.accounts.provenance import upload_type
from luoshi.clock import beijing_iso
from luoshi.jobs import Extracted, Job, JobJournal, JobKind, JobLimits, JobRefused, JobRunner, JobState, StoredBatch
from luoshi.jobs.counting import count_rows
from luoshi.jobs.worker import failure_words
from luoshi.load import SUPPORTED_SUFFIXES
from luoshi.source_types import SourceType
from luoshi.store import StoredDocument
from luoshi.store.sql import SqlStore
from luoshi.tasks.grid import SUFFIXES as TASK_SUFFIXES
from luoshi.types import Statement
from luoshi.web.auth import Visitor, check_csrf, may_read_api, visitor
from luoshi.web.errors import WebError
from luoshi.web.inputs import plain_inputs
from luoshi.web.server_state import WebState
from luoshi.web.writes import Upload

MAX_WAIT_SECONDS = 60.0
_PUBLISH_SECONDS = 5.0  # how stale the board may be while a job stores documents (each time, caches go)
# A batch is stored under the server's one lock, which every page also takes
# (for its cached answer): 50 short documents hold it about 15 ms, and the
# job then waits as long again before the next, so that a page waits for a
# batch at most that long, whatever the size of the upload.
_BATCH_DOCUMENTS = 50
_YIELD_SHARE = 1.0


@dataclass(frozen=True, slots=True)
class JobUpload:
    """What storing a job's documents needs to know of its upload."""

    user: User
    file_name: str
    sha256: str
    source_type: SourceType | None


class WebSink:
    """Stores a job's batches in the server's store as their uploader's
    upload, under the write lock, and links them into the index when the
    runner says to publish."""

    def __init__(self, state: WebState) -> None:
        self.state = state
        self._uploads: dict[int, JobUpload] = {}
        self._unpublished: list[tuple[StoredDocument, Sequence[Statement]]] = []
        self._lock = threading.Lock()

    def expect(self, job: Job, upload: JobUpload) -> None:
        with self._lock:
            self._uploads[job.id] = upload

    def store(self, job: Job, batch: Sequence[Extracted]) -> StoredBatch:
        with self._lock:
            upload = self._uploads[job.id]
        # stored when it is: the listing kept by WebState.added_many then matches the store's
        now = datetime.now(UTC)
        items = [(replace(e.record, ingested_at=now), e.statements) for e in batch]
        with self.state.writing() as store:
            done = self.state.accounts(store).record_uploads(
                upload.user, items, file_name=upload.file_name, file_sha256=upload.sha256,
                source_type=upload.source_type,
            )  # fmt: skip
        added = [
            (u.document, [replace(s, doc=u.document.name, doc_id=u.document.id) for s in statements])
            for u, (_, statements) in zip(done, items, strict=True)
            if u.added
        ]
        with self._lock:
            self._unpublished.extend(added)
        return StoredBatch([(u.document.name, u.document.id, u.statements if u.added else None) for u in done])

    def publish(self) -> None:
        with self._lock:
            documents, self._unpublished = self._unpublished, []
        if documents:
            self.state.added_many(documents)

    def ended(self, job: Job) -> None:
        with self._lock:
            self._uploads.pop(job.id, None)


class UploadJobs:
    """The app's upload jobs: a runner over the server's store (started on
    the first upload, or with the app) and the sink storing their batches."""

    def __init__(self, state: WebState, limits: JobLimits | None = None) -> None:
        self.sink = WebSink(state)

        def log(by: str, action: str, obj: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
            with state.writing() as store:
                if isinstance(store, SqlStore):  # the app's stores are; a bare Store keeps no log
                    with store.backend.transaction():
                        audit.write(store.backend, by, action, obj, before, after)

        journal = JobJournal(lambda: _writing(state), lambda: _reading(state))
        self.runner = JobRunner(
            journal, self.sink, limits, audit=log, publish_seconds=_PUBLISH_SECONDS, yield_share=_YIELD_SHARE,
            batch_documents=_BATCH_DOCUMENTS,
        )  # fmt: skip
        self._started = False
        self._lock = threading.Lock()

    def start(self) -> JobRunner:
        with self._lock:
            if not self._started:
                self.runner.start()
                self._started = True
        return self.runner

    def close(self) -> None:
        with self._lock:
            if self._started:
                self.runner.close()
                self._started = False

    def submit(self, upload: Upload, kind: JobKind) -> Job:
        """A job for ``upload``, or the 4xx saying why not: a role or source
        type its uploader may not upload with, a file type no loader reads, a
        title given for many documents, a file over a job's limits, an
        uploader over theirs."""
        _check_uploader(upload.user, kind, upload.source_type)
        name = upload.file_name
        _check_suffix(name, kind)
        if kind is JobKind.DOCUMENT and upload.given.title is not None:
            rows = count_rows(upload.data, name, kind)
            if rows is not None and rows > 1:
                raise WebError(422, f"标题：{name} 含 {rows} 份文档，标题只能给单份文档")
        sink_upload = JobUpload(upload.user, name, upload.sha256, upload.source_type)
        runner = self.start()
        try:
            return runner.submit(
                upload.user.username, kind, name, upload.data, source=f"上传：{name}",
                given=None if upload.given.empty else upload.given,
                before_start=lambda job: self.sink.expect(job, sink_upload),
            )  # fmt: skip
        except JobRefused as exc:
            raise WebError(exc.status, exc.message) from exc

    def job_for(self, who: User, job_id: int) -> Job:
        """The job, if ``who`` uploaded it or is an admin; else 404 (never
        telling others' jobs apart from none)."""
        job = self.start().job(job_id)
        if job is None or (job.username != who.username and who.role is not Role.ADMIN):
            raise WebError(404, f"没有编号为 {job_id} 的上传任务")
        return job

    def wait(self, job_id: int, seconds: float) -> Job:
        """The job once finished, or as it stands after ``seconds``."""
        deadline = time.monotonic() + min(max(seconds, 0.0), MAX_WAIT_SECONDS)
        runner = self.start()
        while True:
            job = runner.job(job_id)
            assert job is not None
            if job.state.finished or time.monotonic() >= deadline:
                return job
            time.sleep(0.05)

    def cancel(self, who: User, job_id: int) -> Job:
        self.job_for(who, job_id)
        try:
            return self.start().cancel(job_id, who.username, admin=who.role is Role.ADMIN)
        except JobRefused as exc:
            raise WebError(exc.status, exc.message) from exc


def _reading(state: WebState) -> AbstractContextManager[SqlStore]:
    reader = state.reader()
    if not isinstance(reader, SqlStore):
        raise TypeError(f"upload jobs need an SQL store, not {type(reader).__name__}")
    return nullcontext(reader)


@contextmanager
def _writing(state: WebState) -> Iterator[SqlStore]:
    with state.writing() as store:
        if not isinstance(store, SqlStore):
            raise TypeError(f"upload jobs need an SQL store, not {type(store).__name__}")
        yield store


_STATISTICS_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
_READABLE = {JobKind.STATISTICS: _STATISTICS_SUFFIXES, JobKind.TASKS: TASK_SUFFIXES}
_LOADERS = {JobKind.STATISTICS: "stats", JobKind.TASKS: "tasks"}  # for the type an upload gets


def _check_suffix(name: str, kind: JobKind) -> None:
    """A type no loader reads is refused at once, not by a failed job."""
    suffix = PurePath(name).suffix.lower()
    readable = _READABLE.get(kind, SUPPORTED_SUFFIXES)
    if suffix not in readable:
        problem = failure_words(kind)
        raise WebError(
            400, f"{problem}{name}：不支持的文件类型 {suffix or '（无扩展名）'}；可上传 {' '.join(readable)}"
        )


def _check_uploader(user: User, kind: JobKind, source_type: SourceType | None) -> None:
    """Refuse before any work what storing would refuse: a viewer, an owner
    choosing a type, a type no upload may have."""
    probe = StoredDocument(id="", name="", text="", loader=_LOADERS.get(kind, "text"))
    try:
        upload_type(user, probe, source_type)
    except PermissionDenied as exc:
        raise WebError(403, str(exc)) from exc
    except AccountError as exc:
        raise WebError(422, str(exc)) from exc


def jobs_of(request: Request) -> UploadJobs:
    jobs: UploadJobs = request.app.state.upload_jobs
    return jobs


def job_json(job: Job, cancelling: bool = False) -> dict[str, Any]:
    return {
        "id": job.id,
        "state": job.state.value,
        "state_label": job.state.label,
        "kind": job.kind.value,
        "file_name": job.file_name,
        "username": job.username,
        "created_at": beijing_iso(job.created_at),
        "started_at": beijing_iso(job.started_at),
        "finished_at": beijing_iso(job.finished_at),
        "rows_total": job.rows_total,
        "documents_total": job.documents_total,
        "documents_done": job.documents_done,
        "documents_stored": job.documents_stored,
        "documents_skipped": job.documents_skipped,
        "statements": job.statements,
        "progress": job.progress,
        "cpu_seconds": round(job.cpu_seconds, 2),
        "error": job.error,
        "cancelled_by": job.cancelled_by,
        "cancelling": cancelling,
        "documents": documents_json(job),
        "href": f"/api/v1/jobs/{job.id}",
        "page": f"/upload/jobs/{job.id}",
        "cancel": f"/api/v1/jobs/{job.id}/cancel",
    }


def documents_json(job: Job) -> list[dict[str, Any]]:
    """The first documents a job handled, as a synchronous upload listed
    them: name, id, added (False: the same text was already stored), statements."""
    return [
        {"name": n, "id": i, "added": c is not None, "statements": c, "href": f"/documents/{i}"}
        for n, i, c in job.documents
    ]


def submitted(request: Request, response: Response, job: Job, wait: float) -> dict[str, Any]:
    """An upload endpoint's answer: 202 with the job (its link to follow);
    with ``wait`` seconds, the request first waits that long for the job —
    201 with the documents stored when it finished, its error (400) when it
    failed, else still 202."""
    jobs = jobs_of(request)
    if wait > 0:
        job = jobs.wait(job.id, wait)
    if job.state is JobState.FAILED:
        raise WebError(400, job.error or "上传任务失败")
    response.status_code = 201 if job.state is JobState.DONE else 202
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return {"job": job_json(job, jobs.runner.cancelling(job.id)), "documents": documents_json(job)}


WaitQuery = Annotated[
    float,
    Query(ge=0, le=MAX_WAIT_SECONDS, description="Seconds to wait for the job to finish (0: answer at once, 202)"),
]


# -- the job API -----------------------------------------------------------------------------------
# The API's gate and input checks, as on every other /api/v1 route.
router = APIRouter(prefix="/api/v1", dependencies=[Depends(may_read_api), Depends(plain_inputs)])


@router.get("/jobs", summary="Upload jobs, newest first: one's own (an admin: everyone's)")
def jobs(request: Request, limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
    user = visitor(request).require(Role.ADMIN, Role.OWNER)
    runner = jobs_of(request).start()
    mine = None if user.role is Role.ADMIN else user.username
    return {"items": [job_json(j, runner.cancelling(j.id)) for j in runner.jobs(mine, limit)]}


@router.get("/jobs/{job_id}", summary="One upload job: its state and progress (its uploader, an admin)")
def job(request: Request, job_id: int) -> dict[str, Any]:
    user = visitor(request).require(Role.ADMIN, Role.OWNER)
    found = jobs_of(request).job_for(user, _job_id(job_id))
    return job_json(found, jobs_of(request).runner.cancelling(found.id))


@router.post("/jobs/{job_id}/cancel", summary="Cancel an upload job (its uploader, an admin)")
def cancel(request: Request, job_id: int, csrf: Annotated[str | None, Form()] = None) -> dict[str, Any]:
    who: Visitor = visitor(request)
    user = who.require(Role.ADMIN, Role.OWNER)
    check_csrf(request, who, csrf)
    ended = jobs_of(request).cancel(user, _job_id(job_id))
    return job_json(ended, jobs_of(request).runner.cancelling(ended.id))


def _job_id(job_id: int) -> int:
    if not 0 < job_id < 2**62:
        raise WebError(404, f"没有编号为 {job_id} 的上传任务")
    return job_id
