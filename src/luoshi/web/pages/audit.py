"""审计 (``/audit``): the latest entries of the audit log, for admins."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from luoshi.accounts import Role
from luoshi.web.auth import state_of
from luoshi.web.pages.render import Who, render

router = APIRouter(include_in_schema=False)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, who: Who) -> HTMLResponse:
    who.require(Role.ADMIN)
    entries = state_of(request).accounts().audit_log(500)
    return render(request, "audit.html", who, entries=entries)
