"""通报: the current 通报 of what the scoreboard shows (``/bulletin.docx``,
``/bulletin.pdf``, beside its Excel download; written, not kept), the list
of 通报 issued (``/bulletins``) with each one's download as issued, and
the admins' form to issue the current one (kept, audited)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.accounts import Role
from luoshi.bulletin import Bulletin, Snapshots, build_bulletin, bulletin_bytes, issue
from luoshi.bulletin.fonts import FontsMissing
from luoshi.clock import beijing
from luoshi.gazetteer import Gazetteer
from luoshi.store.sql import SqlStore
from luoshi.web.auth import check_csrf, state_of
from luoshi.web.errors import WebError
from luoshi.web.pages.render import Who, render
from luoshi.web.server_state import WebState
from luoshi.web.targets_by_key import owners

router = APIRouter(include_in_schema=False)
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _snapshots(state: WebState) -> Snapshots:
    store = state.reader()
    if not isinstance(store, SqlStore):
        raise WebError(404, "此存储不保存通报")
    return Snapshots(store.backend)


def _region(region: str | None) -> str:
    found = Gazetteer.default().by_name(region or "")
    if not region or found is None:
        raise WebError(422, "地区：请选择一个地区（如 内蒙古自治区）再生成通报")
    return found.name


def current_bulletin(state: WebState, region: str, period: str, owner: str | None) -> Bulletin:
    """The 通报 of the scoreboard's targets as of today, numbered after
    those issued and compared with the last one (as ``luoshi report``)."""
    now = beijing(datetime.now().astimezone())
    board = state.scoreboard(region, period)
    assigned = owners(state)
    owner_of = {id(a): a.owner(assigned) for a in board}
    if owner:
        board = [a for a in board if owner in (owner_of[id(a)] or "")]
        named = {owner_of[id(a)] for a in board}
        owner = (named.pop() or owner) if len(named) == 1 else owner
    snaps = _snapshots(state)
    return build_bulletin(
        board, lambda a: owner_of[id(a)], region=region, period=period, owner=owner, as_of=now.date(), issued_at=now,
        number=snaps.next_number(region, period, owner, now.date()),
        previous=snaps.previous(region, period, owner, now.date()),
    )  # fmt: skip


def _file(b: Bulletin, fmt: str) -> Response:
    if fmt not in MEDIA:
        raise WebError(404, "通报只提供 .docx 和 .pdf 下载")
    try:
        data = bulletin_bytes(b, fmt)
    except FontsMissing as exc:
        raise WebError(503, str(exc)) from None
    name = f"通报_{b.owner or b.region}_{b.period}_第{b.number}期_{b.as_of.isoformat()}.{fmt}"
    disposition = f"attachment; filename*=UTF-8''{quote(name, safe='')}"
    return Response(data, media_type=MEDIA[fmt], headers={"Content-Disposition": disposition})


@router.get("/bulletin.{fmt}")
def current_download(
    request: Request, who: Who, fmt: str, region: str | None = None, period: str | None = None,
    owner: str | None = None,
) -> Response:  # fmt: skip
    """The current 通报 of a region and year (and owner), not kept."""
    if fmt not in MEDIA:
        raise WebError(404, "通报只提供 .docx 和 .pdf 下载")
    if request.app.state.login_required:
        who.require()
    if not period:
        raise WebError(422, "年份：请选择年份再生成通报")
    state = state_of(request)
    return _file(current_bulletin(state, _region(region), period, owner or None), fmt)


@router.get("/bulletins", response_class=HTMLResponse)
def bulletins_page(request: Request, who: Who, region: str | None = None) -> HTMLResponse:
    issued = _snapshots(state_of(request)).list(region or None)
    return render(request, "bulletins.html", who, issued=issued, region=region or "")


@router.get("/bulletins/{bulletin_id}.{fmt}")
def issued_download(request: Request, who: Who, bulletin_id: int, fmt: str) -> Response:
    """A 通报 as it was issued."""
    if request.app.state.login_required:
        who.require()
    found = _snapshots(state_of(request)).content(bulletin_id)
    if found is None:
        raise WebError(404, f"没有编号为 {bulletin_id} 的通报")
    return _file(found, fmt)


@router.post("/bulletins")
def issue_form(
    request: Request, who: Who, csrf: Annotated[str, Form()], region: Annotated[str, Form(max_length=40)],
    period: Annotated[str, Form(max_length=20)], owner: Annotated[str | None, Form(max_length=100)] = None,
) -> Response:  # fmt: skip
    """Issue the current 通报 (admins): kept for download and for the next one's comparison."""
    user = who.require(Role.ADMIN)
    check_csrf(request, who, csrf)
    state = state_of(request)
    b = current_bulletin(state, _region(region), period.strip(), (owner or "").strip() or None)
    with state.writing() as store:
        bulletin_id = issue(store, b, user.username)
    return RedirectResponse("/bulletins?" + urlencode({"issued": bulletin_id}), status_code=303)
