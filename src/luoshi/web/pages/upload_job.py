"""An upload job's page (``/upload/jobs/{id}``): its state and progress,
refreshed every few seconds while it runs, the documents it stored, and a
button to cancel it (its uploader or an admin; ``/upload/jobs/{id}/cancel``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.accounts import Role
from luoshi.web.auth import check_csrf
from luoshi.web.pages.render import Who, render
from luoshi.web.upload_jobs import jobs_of

router = APIRouter(include_in_schema=False)
REFRESH_SECONDS = 2


@router.get("/upload/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, who: Who, job_id: int) -> HTMLResponse:
    user = who.require(Role.ADMIN, Role.OWNER)
    jobs = jobs_of(request)
    job = jobs.job_for(user, job_id)
    refresh = None if job.state.finished else REFRESH_SECONDS
    return render(request, "upload_job.html", who, job=job, cancelling=jobs.runner.cancelling(job.id), refresh=refresh)


@router.post("/upload/jobs/{job_id}/cancel")
def cancel_form(request: Request, who: Who, job_id: int, csrf: Annotated[str, Form()]) -> Response:
    user = who.require(Role.ADMIN, Role.OWNER)
    check_csrf(request, who, csrf)
    jobs_of(request).cancel(user, job_id)
    return RedirectResponse(f"/upload/jobs/{job_id}", status_code=303)
