"""审计 (``/audit``): the latest entries of the audit log, for admins, in
words: Chinese actions, field-name: value pairs, Beijing time."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from luoshi.accounts import Role
from luoshi.accounts.audit_words import worded
from luoshi.web.auth import state_of
from luoshi.web.links import document_href
from luoshi.web.pages.render import Who, render

router = APIRouter(include_in_schema=False)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, who: Who) -> HTMLResponse:
    who.require(Role.ADMIN)
    entries = state_of(request).accounts().audit_log(500)
    return render(request, "audit.html", who, entries=[(e, worded(e), object_href(e.object)) for e in entries])


def object_href(obj: str) -> str | None:
    """The page of what an entry is about: a document's, a target's; none for a user or a job."""
    kind, colon, rest = obj.partition(":")
    if kind == "document" and colon:
        return document_href(rest)
    if kind == "bulletin" and colon:
        return f"/bulletins#bulletin-{rest}"
    if kind in ("user", "upload_job", "owner") and colon:
        return None
    return "/targets?" + urlencode({"key": obj}, quote_via=quote)
