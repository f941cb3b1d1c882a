"""The REST API under /api/v1: documents, statements, targets with status,
the comparison table, uploads, progress and owners. JSON in and out; every
figure carries the link to its source span."""

from __future__ import annotations

import math
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field
from pydantic_core import to_json

from luoshi.accounts import AuditEntry, PermissionDenied, ProgressReport, Recorded, Role
from luoshi.accounts.audit_words import worded
from luoshi.clock import beijing_iso
from luoshi.jobs import JobKind
from luoshi.source_types import SourceType
from luoshi.store import StatementQuery, StoredDocument
from luoshi.track.tables import compare_json, compare_rows
from luoshi.types import Kind
from luoshi.web import writes
from luoshi.web.auth import Visitor, check_csrf, may_read_api, state_of, visitor
from luoshi.web.board_rows import board_rows, filter_rows, row_json, status_counts
from luoshi.web.downloads import compare_columns, table_file
from luoshi.web.errors import WebError, account_refusals
from luoshi.web.inputs import MAX_NAME, MAX_OFFSET, MAX_QUERY_VALUE, name_field, plain_inputs
from luoshi.web.links import document_href, statement_json
from luoshi.web.targets_by_key import find_report, find_target, owners
from luoshi.web.upload_jobs import WaitQuery, jobs_of, submitted
from luoshi.web.uploads import attached_file, read_upload

router = APIRouter(prefix="/api/v1", dependencies=[Depends(may_read_api), Depends(plain_inputs)])
Who = Annotated[Visitor, Depends(visitor)]
MAX_PAGE = 1000
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items skipped (at most 10⁹)")]


def document_json(d: StoredDocument, with_text: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": d.id,
        "name": d.name,
        "title": d.title,
        "region": d.region,
        "published": d.published.isoformat() if d.published else None,
        "source": shown_source(d.source),
        "loader": d.loader,
        "ingested_at": beijing_iso(d.ingested_at),
        "statement_count": d.statement_count,
        "href": f"/documents/{d.id}",
        **provenance_json(d),
    }
    if with_text:
        out["text"] = d.text
    return out


def shown_source(source: str | None) -> str | None:
    """Where a document came from, as the API may show it: a URL or an
    upload's label as stored, a server path only by its file name (the
    server's folders are nobody's business)."""
    if source is None or "://" in source or not ("/" in source or "\\" in source):
        return source
    return PurePath(source.replace("\\", "/")).name


def provenance_json(d: StoredDocument) -> dict[str, Any]:
    """Who brought a document and whether its figures count for every target."""
    kind = d.source_type or SourceType.UNKNOWN
    return {
        "source_type": kind.value,
        "source_type_label": kind.label,
        "uploaded_by": d.uploaded_by,
        "owner": d.owner,
        "confirmed": d.confirmed,
        "confirmed_by": d.confirmed_by,
        "confirmed_at": beijing_iso(d.confirmed_at),
    }


def _page_links(request: Request, count: int, limit: int, offset: int) -> dict[str, Any]:
    more = count == limit
    return {
        "limit": limit,
        "offset": offset,
        "next": str(request.url.include_query_params(offset=offset + limit)) if more else None,
    }


@router.get("/documents", summary="Stored documents, newest first")
def documents(
    request: Request, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100, offset: Offset = 0
) -> dict[str, Any]:
    docs = state_of(request).documents()
    page = docs[offset : offset + limit]
    return {
        "items": [document_json(d) for d in page],
        "total": len(docs),
        **_page_links(request, len(page), limit, offset),
    }


@router.get("/documents/{doc}", summary="One document with its text and statements")
def document(request: Request, doc: str) -> dict[str, Any]:
    store = state_of(request).reader()
    found = store.document(doc)
    if found is None:
        raise WebError(404, f"没有这份文档：{doc}")
    ids = {found.name: found.id}
    statements = store.statements(StatementQuery(doc=found.id))
    return {**document_json(found, True), "statements": [statement_json(s, ids) for s in statements]}


@router.get("/search", summary="Where a phrase is said, verbatim (Chinese included), with the link to each span")
def search(
    request: Request, q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
) -> dict[str, Any]:  # fmt: skip
    hits = state_of(request).reader().search(q, limit)
    items = [
        {"doc_id": h.doc_id, "name": h.name, "start": h.start, "end": h.end, "snippet": h.snippet,
         "href": document_href(h.doc_id, h.start, h.end)}
        for h in hits
    ]  # fmt: skip
    return {"q": q, "items": items}


@router.get(
    "/statements", summary="Statements, filtered as `luoshi statements`, a page at a time",
    response_model=dict[str, Any],
)  # fmt: skip
def statements(
    request: Request,
    region: str | None = None,
    indicator: str | None = None,
    kind: Kind | None = None,
    period: str | None = None,
    doc: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    offset: Offset = 0,
) -> Response:
    state = state_of(request)
    query = StatementQuery(region, indicator, kind, period, doc, limit, offset)
    ids = state.document_ids()

    # A page is kept as its JSON text, one object: kept as a hundred dicts
    # of lists, a thousand pages made every full collection of the
    # garbage collector walk half a million objects, stalling other requests.
    def page() -> tuple[int, bytes]:
        items = [statement_json(s, ids) for s in state.reader().statements(query)]
        return len(items), to_json(items)

    count, items = state.remembered(("statements", query), page)
    links = to_json(_page_links(request, count, limit, offset))
    return Response(b'{"items":' + items + b"," + links[1:], media_type="application/json")


@router.get("/targets", summary="Targets with their status, outcome and evidence (the scoreboard)")
def targets(
    request: Request,
    region: str | None = None,
    period: str | None = None,
    owner: str | None = None,
    indicator: str | None = None,
    status: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 200,
    offset: Offset = 0,
) -> dict[str, Any]:
    state = state_of(request)
    ids = state.document_ids()
    rows = filter_rows(board_rows(state.scoreboard(region, period), owners(state), ids), owner, indicator, status)
    page = rows[offset : offset + limit]
    return {
        "counts": status_counts([r for r in rows if r.assessment.link.trackable]),  # as the page counts
        "total": len(rows),
        "items": [row_json(r, ids) for r in page],
        **_page_links(request, len(page), limit, offset),
    }


@router.get("/targets/one", summary="One target by key, with its progress reports and audit entries")
def target(request: Request, key: str, who: Who) -> dict[str, Any]:
    state = state_of(request)
    t = find_target(state_of(request), key)
    ids = state.document_ids()
    board = [a for a in state.scoreboard(t.region, t.period) if a.anchor == t]
    row = board_rows(board, owners(state), ids)[0]
    accounts = state.accounts()
    return {
        **row_json(row, ids),
        "may_report": who.user is not None and accounts.may_report(who.user, t),
        "progress_reports": [_report_json(r) for r in accounts.progress_reports(t)],
        "audit": [_audit_json(e) for e in accounts.audit_log(object=row.key)] if who.user else [],
    }


class OwnerChange(BaseModel):
    target: str = Field(max_length=MAX_QUERY_VALUE, description="A target's key, as /targets gives it")
    owner: str = Field(min_length=1, max_length=MAX_NAME, description="The department or league now responsible")


@router.put("/targets/owner", summary="Assign a target's owner (admin)")
def set_owner(request: Request, change: OwnerChange, who: Who) -> dict[str, Any]:
    user = who.require(Role.ADMIN)
    check_csrf(request, who, None)
    t = find_target(state_of(request), change.target)
    owner = name_field(change.owner, "牵头单位")
    try:
        writes.assign_owner(state_of(request), user, t, owner)
    except PermissionDenied as exc:
        raise WebError(403, str(exc)) from exc
    return {"target": change.target, "owner": owner}


@router.post("/progress", status_code=201, summary="Record progress on a target (its owner, or an admin)")
def progress(
    request: Request,
    who: Who,
    target: Annotated[str, Form()],
    value: Annotated[float, Form()],
    period: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
    unit: Annotated[str | None, Form(description="The target's when absent; 万吨 for 亿吨 taken as written")] = None,
    attachment: Annotated[UploadFile | None, File()] = None,
    csrf: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    user = who.require(Role.ADMIN, Role.OWNER)
    check_csrf(request, who, csrf)
    t = find_target(state_of(request), target)
    if not math.isfinite(value):
        raise WebError(422, "进展数值必须是有限的数")
    attached = attached_file(attachment)
    with account_refusals():
        recorded = writes.record_progress(state_of(request), user, t, value, period.strip(), note, attached, unit)
    return _recorded_json(request, recorded)


@router.post(
    "/progress/done", status_code=201, summary="Report a commitment without a figure done (its owner, or an admin)"
)
def progress_done(
    request: Request,
    who: Who,
    target: Annotated[str, Form()],
    note: Annotated[str, Form(description="What was done: the evidence, with or beside an attachment")] = "",
    attachment: Annotated[UploadFile | None, File()] = None,
    csrf: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    user = who.require(Role.ADMIN, Role.OWNER)
    check_csrf(request, who, csrf)
    t = find_target(state_of(request), target)
    attached = attached_file(attachment)
    with account_refusals():
        recorded = writes.record_completion(state_of(request), user, t, note, attached)
    return _recorded_json(request, recorded)


class ProgressCorrection(BaseModel):
    value: float = Field(allow_inf_nan=False, description="The corrected figure")
    period: str | None = Field(None, max_length=40, description="2025, 2025-10, 2025-Q3, 2025-H1; unchanged if absent")
    note: str | None = Field(None, max_length=2000, description="Unchanged if absent")
    unit: str | None = Field(None, max_length=40, description="Unchanged if absent")


ReportId = Annotated[int, Path(ge=1, le=2**63 - 1, description="A progress report's id")]


@router.put("/progress/{report_id}", summary="Correct a progress report (its author, or an admin)")
def correct_progress(request: Request, report_id: ReportId, change: ProgressCorrection, who: Who) -> dict[str, Any]:
    """A new report superseding this one; the old one stays listed but is no longer evidence."""
    user = who.require(Role.ADMIN, Role.OWNER)
    check_csrf(request, who, None)
    state = state_of(request)
    t = find_target(state, find_report(state_of(request), report_id).target)
    with account_refusals():
        recorded = writes.correct_progress(
            state, user, report_id, t, change.value, change.period, change.note, None, change.unit
        )
    return _recorded_json(request, recorded)


@router.delete("/progress/{report_id}", summary="Withdraw a progress report (its author, or an admin)")
def withdraw_progress(
    request: Request, report_id: ReportId, who: Who,
    reason: Annotated[str, Query(max_length=2000, description="Why, for the audit log")] = "",
) -> dict[str, Any]:  # fmt: skip
    """The report stays listed, marked withdrawn; it is no longer evidence."""
    user = who.require(Role.ADMIN, Role.OWNER)
    check_csrf(request, who, None)
    find_report(state_of(request), report_id)
    with account_refusals():
        withdrawn = writes.withdraw_progress(state_of(request), user, report_id, reason)
    return {"report": _report_json(withdrawn.report)}


def _recorded_json(request: Request, recorded: Recorded) -> dict[str, Any]:
    ids = state_of(request).document_ids()
    out: dict[str, Any] = {
        "report": _report_json(recorded.report),
        "statements": [statement_json(s, ids) for s in recorded.statements],
    }
    if recorded.replaced is not None:
        out["replaced"] = _report_json(recorded.replaced)
    return out


@router.get("/compare", summary="One indicator across the 31 provinces (`luoshi compare`)")
def compare(
    request: Request,
    indicator: str,
    kind: Kind,
    period: str,
    format: Annotated[str, Query(pattern="^(json|csv|xlsx)$")] = "json",
) -> Any:
    if kind not in (Kind.TARGET, Kind.ACTUAL):
        raise WebError(422, f"kind 只能是 target 或 actual，不能是 {kind.value}")
    rows = state_of(request).compare(indicator, kind, period)
    if format == "json":
        data = compare_json(rows)
        ids = state_of(request).document_ids()
        for row in data:
            for e in [*row["figures"], row["previous_same_document"]]:
                if e is not None:
                    e["href"] = document_href(ids[e["doc"]], e["start"], e["end"]) if e["doc"] in ids else None
        return {"indicator": indicator, "kind": kind.value, "period": period, "rows": data}
    return table_file(compare_rows(rows, kind), compare_columns(kind), f"{indicator}_{kind.value}_{period}", format)


SourceTypeForm = Annotated[
    str | None,
    Form(
        max_length=40,
        description="statistics, government_work_report, government_document, news or owner_report (or the Chinese "
        "word). An owner's upload is always owner_report; an admin's defaults to news (statistics for a table).",
    ),
]


@router.post(
    "/documents", status_code=202, summary="Upload a document: a job extracts and stores it (admin, owner)"
)  # fmt: skip
def upload_document(
    request: Request, response: Response, who: Who, file: Annotated[UploadFile, File()],
    csrf: Annotated[str | None, Form()] = None, source_type: SourceTypeForm = None,
    region: Annotated[str | None, Form(max_length=40, description="Its region, in place of the guess")] = None,
    published: Annotated[str | None, Form(max_length=40, description="Its publication date, YYYY-MM-DD")] = None,
    title: Annotated[str | None, Form(max_length=400, description="Its title, 2-200 characters")] = None,
    wait: WaitQuery = 0,
) -> dict[str, Any]:  # fmt: skip
    """An owner's upload counts for the targets that owner answers for, and
    for any other only once an admin confirms it (``/documents/{doc}/confirm``).
    A region, date or title given replaces what the loader reads off the text.
    The file becomes a job (202, ``job.href`` to follow; ``wait`` to wait for
    it: 201 with its documents once done)."""
    user = who.require(Role.ADMIN, Role.OWNER)
    check_csrf(request, who, csrf)
    kind = writes.source_type_field(source_type)
    given = writes.metadata_fields(region, published, title)
    data = read_upload(file, request.app.state.max_upload, "文件")
    job = jobs_of(request).submit(writes.Upload(user, data, file.filename, kind, given), JobKind.DOCUMENT)
    return submitted(request, response, job, wait)


@router.post(
    "/statistics", status_code=202, summary="Upload a statistics table (CSV or Excel) as outcomes, as a job (admin)"
)  # fmt: skip
def upload_statistics(
    request: Request, response: Response, who: Who, file: Annotated[UploadFile, File()],
    csrf: Annotated[str | None, Form()] = None, source_type: SourceTypeForm = None, wait: WaitQuery = 0,
) -> dict[str, Any]:  # fmt: skip
    user = who.require(Role.ADMIN)
    check_csrf(request, who, csrf)
    kind = writes.source_type_field(source_type)
    data = read_upload(file, request.app.state.max_upload, "统计表")
    job = jobs_of(request).submit(writes.Upload(user, data, file.filename, kind), JobKind.STATISTICS)
    return submitted(request, response, job, wait)


@router.post(
    "/tasks", status_code=202, summary="Upload a task list (任务分解表: Excel, Word, CSV) as targets, as a job (admin)"
)  # fmt: skip
def upload_tasks(
    request: Request, response: Response, who: Who, file: Annotated[UploadFile, File()],
    csrf: Annotated[str | None, Form()] = None,
    region: Annotated[str | None, Form(max_length=40, description="The list's region, if its title names none")] = None,
    published: Annotated[
        str | None, Form(max_length=40, description="The day it was issued, YYYY-MM-DD: its year is the list's")
    ] = None,
    wait: WaitQuery = 0,
) -> dict[str, Any]:  # fmt: skip
    """Each row a target with its 牵头单位, 责任单位 and 完成时限 (a task
    without a figure a commitment), of type 任务分解表; any bad row fails
    the job, naming every row."""
    user = who.require(Role.ADMIN)
    check_csrf(request, who, csrf)
    given = writes.metadata_fields(region, published, None)
    data = read_upload(file, request.app.state.max_upload, "任务分解表")
    job = jobs_of(request).submit(writes.Upload(user, data, file.filename, None, given), JobKind.TASKS)
    return submitted(request, response, job, wait)


class Confirmation(BaseModel):
    source_type: str | None = Field(
        None, max_length=40, description="The type it counts as from now on; its present type if absent"
    )


@router.post("/documents/{doc}/confirm", summary="Confirm a document: its figures count for every target (admin)")
def confirm_document(request: Request, doc: str, who: Who, confirmation: Confirmation | None = None) -> dict[str, Any]:
    """Until confirmed, an owner's upload settles only the targets that owner
    answers for; confirmed, it counts for all, by the type given here."""
    user = who.require(Role.ADMIN)
    check_csrf(request, who, None)
    kind = writes.source_type_field(confirmation.source_type if confirmation else None)
    return document_json(writes.confirm_document(state_of(request), user, doc, kind))


@router.get("/audit", summary="The audit log, newest first (admin)")
def audit(
    request: Request, who: Who, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 200, object: str | None = None
) -> dict[str, Any]:
    who.require(Role.ADMIN)
    entries = state_of(request).accounts().audit_log(limit, object)
    return {"items": [_audit_json(e) for e in entries]}


@router.get("/me", summary="Who the request is authenticated as")
def me(who: Who) -> dict[str, Any]:
    u = who.user
    if u is None:
        return {"user": None}
    return {"user": {"username": u.username, "role": u.role.value, "owner": u.owner, "display_name": u.display_name}}


def _report_json(r: ProgressReport) -> dict[str, Any]:
    return {
        "id": r.id,
        "target": r.target,
        "username": r.username,
        "owner": r.owner,
        "value": r.value,  # None: a commitment reported done
        "done": r.value is None,
        "unit": r.unit,
        "period": r.period,
        "note": r.note,
        "attachment": r.attachment_name,
        "created_at": beijing_iso(r.created_at),
        "doc_id": r.doc_id,
        "href": f"/documents/{r.doc_id}",
        "current": r.current,
        "state": r.state_word,
        "supersedes": r.supersedes,
        "superseded_by": r.superseded_by,
        "withdrawn_at": beijing_iso(r.withdrawn_at),
        "withdrawn_by": r.withdrawn_by,
    }


def _audit_json(e: AuditEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": beijing_iso(e.at),
        "username": e.username,
        "action": e.action,
        "object": e.object,
        "before": e.before,
        "after": e.after,
        "summary": worded(e).summary,  # in Chinese: who did what, and what changed
    }
