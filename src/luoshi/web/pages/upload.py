"""上传 (``/upload``): the form with the visitor's latest upload jobs, and a
document, a statistics table or a task list sent from it (``/upload/document``,
``/upload/statistics``, ``/upload/tasks``) handed to a job, whose page the
form then shows."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.accounts import Role
from luoshi.clock import BEIJING
from luoshi.given_metadata import MAX_TITLE_CHARS, GivenMetadata, region_options
from luoshi.jobs import Job, JobKind
from luoshi.source_types import CHOOSABLE, SourceType
from luoshi.web import writes
from luoshi.web.auth import Visitor, check_csrf, state_of
from luoshi.web.errors import WebError
from luoshi.web.pages.choices import main_region
from luoshi.web.pages.render import Who, render
from luoshi.web.upload_jobs import jobs_of
from luoshi.web.uploads import read_upload

router = APIRouter(include_in_schema=False)
RECENT_JOBS = 10
# What may be uploaded, by the form's address: a task list (任务分解表) by admins only.
_KINDS = {"document": JobKind.DOCUMENT, "statistics": JobKind.STATISTICS, "tasks": JobKind.TASKS}


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, who: Who) -> HTMLResponse:
    who.require(Role.ADMIN, Role.OWNER)
    state = state_of(request)
    main = main_region(state)
    return render(
        request, "upload.html", who, limit=request.app.state.max_upload // 1024 // 1024, source_types=CHOOSABLE,
        owner_report=SourceType.OWNER_REPORT, main_region=main, region_options=region_options(main),
        latest=(datetime.now(BEIJING).date() + timedelta(days=1)).isoformat(), max_title=MAX_TITLE_CHARS,
        jobs=_recent_jobs(request, who), job_limits=jobs_of(request).runner.limits,
    )  # fmt: skip


def _recent_jobs(request: Request, who: Visitor) -> list[Job]:
    """The visitor's latest upload jobs (an admin's: everyone's)."""
    user = who.require()
    return jobs_of(request).start().jobs(None if user.role is Role.ADMIN else user.username, RECENT_JOBS)


@router.post("/upload/{what}")
def upload_form(
    request: Request, who: Who, what: str, file: Annotated[UploadFile, File()], csrf: Annotated[str, Form()],
    source_type: Annotated[str | None, Form(max_length=40)] = None,
    region: Annotated[str | None, Form(max_length=40)] = None,
    published: Annotated[str | None, Form(max_length=40)] = None,
    title: Annotated[str | None, Form(max_length=400)] = None,
) -> Response:  # fmt: skip
    if what not in _KINDS:
        raise WebError(404, "没有这种上传")
    user = who.require(*((Role.ADMIN, Role.OWNER) if what == "document" else (Role.ADMIN,)))
    check_csrf(request, who, csrf)
    job_kind = _KINDS[what]
    # a task list is of its own type: what it is decides, not a choice
    kind = writes.source_type_field(source_type) if job_kind is not JobKind.TASKS else None
    given = writes.metadata_fields(region, published, title) if what != "statistics" else GivenMetadata()
    data = read_upload(file, request.app.state.max_upload, "文件")
    job = jobs_of(request).submit(writes.Upload(user, data, file.filename, kind, given), job_kind)
    return RedirectResponse(f"/upload/jobs/{job.id}", status_code=303)  # its progress, then its documents
