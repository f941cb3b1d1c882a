"""A target's own page (``/targets?key=…``) with its progress reports and
audit, the forms that report, correct and withdraw progress, report a
commitment done and assign its owner, and a report's attachment."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.accounts import PermissionDenied, Role
from luoshi.store import StatementQuery
from luoshi.web import writes
from luoshi.web.auth import check_csrf, state_of
from luoshi.web.board_rows import board_rows
from luoshi.web.errors import WebError, account_refusals
from luoshi.web.inputs import name_field
from luoshi.web.links import document_href, target_href
from luoshi.web.pages.render import Who, render
from luoshi.web.server_state import WebState
from luoshi.web.targets_by_key import find_report, find_target, owners
from luoshi.web.uploads import attached_file

router = APIRouter(include_in_schema=False)
# A report's id as the store numbers it (BIGINT): anything larger names no report.
ReportId = Annotated[int, Path(ge=1, le=2**63 - 1)]


@router.get("/targets", response_class=HTMLResponse)
def target_page(request: Request, who: Who, key: str) -> HTMLResponse:
    state = state_of(request)
    t = find_target(state, key)
    ids = state.document_ids()
    rows = board_rows([a for a in state.scoreboard(t.region, t.period) if a.anchor == t], owners(state), ids)
    key = rows[0].key  # the target's own: any of its statements' keys, or an old name key, finds it
    accounts = state.accounts()
    return render(
        request, "target.html", who, row=rows[0], key=key, ids=ids,
        may_report=who.user is not None and accounts.may_report(who.user, t),
        reports=[
            (r, _report_href(state, r.doc_id), r.current and who.user is not None and accounts.may_edit(who.user, r))
            for r in accounts.progress_reports(t)
        ],
        audit=accounts.audit_log(object=key) if who.user else [],
        today=date.today(),
    )  # fmt: skip


def _report_href(state: WebState, doc_id: str) -> str:
    """The figure sentence of a progress report (its document's one statement)."""
    found = state.reader().statements(StatementQuery(doc=doc_id, limit=1))
    return document_href(doc_id, found[0].start, found[0].end) if found else document_href(doc_id)


@router.post("/targets/progress")
def progress_form(
    request: Request, who: Who, key: Annotated[str, Form()], value: Annotated[str, Form()],
    period: Annotated[str, Form()], csrf: Annotated[str, Form()], note: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "", attachment: Annotated[UploadFile | None, File()] = None,
) -> Response:  # fmt: skip
    user = who.require(Role.ADMIN, Role.OWNER)
    check_csrf(request, who, csrf)
    t = find_target(state_of(request), key)
    number = _number(value)
    attached = attached_file(attachment)
    with account_refusals():
        writes.record_progress(state_of(request), user, t, number, period.strip(), note, attached, unit or None)
    return RedirectResponse(target_href(t) + "#progress", status_code=303)


@router.post("/targets/done")
def done_form(
    request: Request, who: Who, key: Annotated[str, Form()], csrf: Annotated[str, Form()],
    note: Annotated[str, Form()] = "", attachment: Annotated[UploadFile | None, File()] = None,
) -> Response:  # fmt: skip
    """A commitment reported done (已完成) by its owner or an admin, with its evidence."""
    user = who.require(Role.ADMIN, Role.OWNER)
    check_csrf(request, who, csrf)
    t = find_target(state_of(request), key)
    attached = attached_file(attachment)
    with account_refusals():
        writes.record_completion(state_of(request), user, t, note, attached)
    return RedirectResponse(target_href(t) + "#progress", status_code=303)


@router.post("/reports/{report_id}/correct")
def correct_form(
    request: Request, who: Who, report_id: ReportId, value: Annotated[str, Form()], period: Annotated[str, Form()],
    csrf: Annotated[str, Form()], note: Annotated[str, Form()] = "", unit: Annotated[str, Form()] = "",
    attachment: Annotated[UploadFile | None, File()] = None,
) -> Response:  # fmt: skip
    """A correction of a report by its author or an admin: a new report superseding it."""
    user = who.require(Role.ADMIN, Role.OWNER)
    check_csrf(request, who, csrf)
    state = state_of(request)
    t = find_target(state, find_report(state, report_id).target)
    number = _number(value)
    attached = attached_file(attachment)
    with account_refusals():
        writes.correct_progress(state, user, report_id, t, number, period.strip(), note, attached, unit or None)
    return RedirectResponse(target_href(t) + "#progress", status_code=303)


@router.post("/reports/{report_id}/withdraw")
def withdraw_form(
    request: Request, who: Who, report_id: ReportId, csrf: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """A report withdrawn by its author or an admin: kept, no longer evidence."""
    user = who.require(Role.ADMIN, Role.OWNER)
    check_csrf(request, who, csrf)
    state = state_of(request)
    t = find_target(state, find_report(state, report_id).target)
    with account_refusals():
        writes.withdraw_progress(state, user, report_id, reason)
    return RedirectResponse(target_href(t) + "#progress", status_code=303)


def _number(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise WebError(422, f"进展数值不是数字：{value}") from None
    if not math.isfinite(number):
        raise WebError(422, "进展数值必须是有限的数")
    return number


@router.post("/targets/owner")
def owner_form(
    request: Request, who: Who, key: Annotated[str, Form()], owner: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
) -> Response:  # fmt: skip
    user = who.require(Role.ADMIN)
    check_csrf(request, who, csrf)
    t = find_target(state_of(request), key)
    owner = name_field(owner, "牵头单位")
    try:
        writes.assign_owner(state_of(request), user, t, owner)
    except PermissionDenied as exc:
        raise WebError(403, str(exc)) from exc
    return RedirectResponse(target_href(t), status_code=303)


@router.get("/reports/{report_id}/attachment")
def attachment(request: Request, who: Who, report_id: ReportId) -> Response:
    who.require()
    found = state_of(request).accounts().attachment(report_id)
    if found is None:
        raise WebError(404, "没有这个附件")
    name, data = found
    disposition = f"attachment; filename*=UTF-8''{quote(name, safe='')}"
    return Response(data, media_type="application/octet-stream", headers={"Content-Disposition": disposition})
