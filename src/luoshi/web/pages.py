"""The pages, in Simplified Chinese: 总览 (scoreboard), 地区 (maps), 指标
(charts), 文档 (a text with its figures), 比较 (the 31-province table), a
target's own page with progress and audit, log-in, uploads and the audit log.
Templates escape every value; chart data goes in as JSON, never as script."""

from __future__ import annotations

import json
import math
import secrets
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from luoshi.accounts import AccountError, PermissionDenied, Role
from luoshi.gazetteer import Gazetteer
from luoshi.store import StatementQuery
from luoshi.track.status import Status
from luoshi.track.tables import (
    QUALIFIER_WORDS,
    SCOREBOARD_COLUMNS,
    compare_rows,
    figure_words,
    period_words,
    scoreboard_rows,
)
from luoshi.types import Kind
from luoshi.web import actions, charts
from luoshi.web.auth import LOGIN_COOKIE, SESSION_COOKIE, Visitor, check_csrf, check_login_csrf, state_of, visitor
from luoshi.web.downloads import compare_columns, table_file
from luoshi.web.errors import WebError
from luoshi.web.highlight import KIND_WORDS, pieces
from luoshi.web.lookups import find_target, owners
from luoshi.web.state import WebState
from luoshi.web.uploads import attached_file, read_upload
from luoshi.web.views import (
    STATUS_CLASS,
    board_rows,
    document_href,
    filter_rows,
    owner_of,
    status_counts,
    target_href,
)

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals.update(
    target_href=target_href, period_words=period_words, figure_words=figure_words, qualifier_words=QUALIFIER_WORDS
)
templates.env.filters["label"] = charts.indicator_label
# What the audit log's action codes mean, for people.
ACTION_WORDS = {
    "owner.assign": "指定牵头单位",
    "progress.record": "填报进展",
    "token.issue": "发放 API 令牌",
    "token.revoke": "撤销 API 令牌",
    "user.add": "添加用户",
    "user.disable": "停用用户",
    "user.set_password": "修改密码",
}


def my_targets_href(owner: str) -> str:
    """An owner's own targets: a place's (兴安盟) by region, a department's by owner."""
    place = Gazetteer.default().by_name(owner)
    return "/?" + urlencode({"region": place.name} if place is not None and place.code else {"owner": owner})


templates.env.globals["my_targets_href"] = my_targets_href
templates.env.filters["action"] = lambda code: ACTION_WORDS.get(code, code)
templates.env.filters["json_text"] = lambda value: json.dumps(value, ensure_ascii=False)  # escaped as text after
Who = Annotated[Visitor, Depends(visitor)]
PAGE_ROWS = 200
SEARCH_HITS = 200
NMG_NAME = "内蒙古自治区"


def render(request: Request, name: str, who: Visitor, code: int = 200, **context: Any) -> HTMLResponse:
    if request.app.state.login_required and who.user is None and name not in ("login.html", "error.html"):
        raise WebError(401, "请先登录")
    context.update(request=request, who=who, path=request.url.path)
    return templates.TemplateResponse(request, name, context, status_code=code)


def error_page(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if status == 401 and request.method == "GET":
        return RedirectResponse("/login?" + urlencode({"next": str(request.url.path)}), status_code=303)
    context = {"request": request, "who": getattr(request.state, "visitor", None) or Visitor(), "status": status}
    context["message"] = message
    context["path"] = request.url.path
    return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=headers)


def _json(data: Any) -> str:
    # Inside <script type="application/json">: Jinja's tojson would escape
    # too, but the data is built here and checked once.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# -- 总览 ---------------------------------------------------------------------------
def _default_period(request: Request, region: str | None, years: list[str]) -> str | None:
    """The latest year with an outcome for any of the region's targets, else the latest year."""
    state = state_of(request)
    for year in years:
        if any(a.status is not Status.NO_DATA for a in state.scoreboard(region, year)):
            return year
    return years[0] if years else None


@router.get("/", response_class=HTMLResponse)
def board(
    request: Request, who: Who, region: str | None = None, period: str | None = None, owner: str | None = None,
    indicator: str | None = None, status: str | None = None, page: int = 1,
) -> HTMLResponse:  # fmt: skip
    state = state_of(request)
    index = state.index()
    regions = state.cached(("regions",), lambda: charts.target_regions(index))
    if region is None:
        region = NMG_NAME if NMG_NAME in regions else (regions[0] if regions else None)
    region = region or None
    years = state.cached(("years", region), lambda: charts.target_years(index, region))
    if period is None:
        period = _default_period(request, region, years)
    period = period or None
    view = state.cached(
        ("board view", region, period, owner, indicator, status, page),
        lambda: _board_view(request, region, period, owner, indicator, status, page),
    )
    query = {k: v for k, v in (("region", region), ("period", period), ("owner", owner), ("indicator", indicator)) if v}
    return render(
        request, "board.html", who, **view,
        regions=charts.region_choices(regions, region), years=years, region=region, period=period,
        owner=owner or "", indicator=indicator or "", status=status or "", query=query,
        statuses=[(s.value, s.word) for s in STATUS_CLASS],
    )  # fmt: skip


def _board_view(
    request: Request, region: str | None, period: str | None, owner: str | None, indicator: str | None,
    status: str | None, page: int,
) -> dict[str, Any]:  # fmt: skip
    """What the scoreboard shows for a filter, the table already rendered:
    the same for every visitor until the store changes."""
    state = state_of(request)
    every = board_rows(state.scoreboard(region, period), owners(state_of(request)), state.document_ids())
    # Numerals that name a programme (六个倍增计划) are listed apart: they are no quantity to meet.
    tracked = [r for r in every if r.assessment.link.trackable]
    named_only = [r for r in filter_rows(every, owner, indicator, None) if not r.assessment.link.trackable]
    rows = filter_rows(tracked, owner, indicator, status)
    pages = max(1, math.ceil(len(rows) / PAGE_ROWS))
    page = min(max(1, page), pages)
    shown = rows[(page - 1) * PAGE_ROWS : page * PAGE_ROWS]
    counts = status_counts(filter_rows(tracked, owner, indicator, None))
    named = {r.target.indicator: r.target.indicator_name for r in tracked if r.target.indicator}
    table = templates.get_template("board_table.html").render(rows=shown, named_only=named_only if page == 1 else [])
    return {
        "table": Markup(table),
        "total": len(rows),
        "counts": counts,
        "page": page,
        "pages": pages,
        "indicators": sorted(
            (i, n if i.startswith("other:") and n else charts.indicator_label(i), 0) for i, n in named.items()
        ),
        "chart": _json({"counts": counts}),
    }


@router.get("/board.{fmt}")
def board_download(
    request: Request, who: Who, fmt: str, region: str | None = None, period: str | None = None,
    owner: str | None = None, indicator: str | None = None, status: str | None = None,
) -> Response:  # fmt: skip
    """The 任务分解表 of what the scoreboard shows, as Excel or CSV."""
    if fmt not in ("csv", "xlsx"):
        raise WebError(404, "只提供 .csv 和 .xlsx 下载")
    if request.app.state.login_required:
        who.require()
    state = state_of(request)
    region, period = region or None, period or None
    assigned = owners(state)
    every = board_rows(state.scoreboard(region, period), assigned, state.document_ids())
    shown = [r.assessment for r in filter_rows(every, owner, indicator, status) if r.assessment.link.trackable]
    rows = scoreboard_rows(shown, lambda t: owner_of(t, assigned))
    stem = "任务分解表_" + "_".join(x for x in (region, period) if x)
    return table_file(rows, SCOREBOARD_COLUMNS, stem, fmt)


def _indicator_choices(state: WebState, chosen: str | None) -> list[tuple[str, str, int]]:
    offered = state.cached(("indicators",), lambda: charts.indicators(state.index()))
    if chosen and chosen not in {i for i, _, _ in offered}:
        offered = [(chosen, charts.indicator_label(chosen), 0), *offered]
    return offered


# -- 地区 ---------------------------------------------------------------------------
@router.get("/regions", response_class=HTMLResponse)
def regions_page(
    request: Request, who: Who, period: str | None = None, indicator: str | None = None, kind: str = "actual"
) -> HTMLResponse:
    state = state_of(request)
    index = state.index()
    years = state.cached(("years", None), lambda: charts.target_years(index, None))
    kind = "target" if kind == "target" else "actual"
    ids = state.document_ids()

    def coloured(year: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """(provinces, leagues) by code for one year."""
        if indicator:
            data = state.cached(("series", indicator), lambda: charts.series(index, indicator, ids))
            values = _values_by_code(data, year, kind)
            return (
                {c: v for c, v in values.items() if c.endswith("0000")},
                {c: v for c, v in values.items() if c.startswith("15") and not c.endswith("0000")},
            )
        whole = state.scoreboard(None, year)
        leagues = charts.met_shares(whole, "prefecture")
        leagues.update(charts.met_shares(whole, "port"))
        return charts.met_shares(whole, "province"), leagues

    def map_of(year: str) -> tuple[dict[str, Any], dict[str, Any]]:
        return state.cached(("map", indicator, kind, year), lambda: coloured(year))

    period = period or _year_with_data(years, map_of)
    provinces, leagues = map_of(period)
    payload = {
        "metric": "indicator" if indicator else "share",
        "label": charts.indicator_label(indicator) if indicator else "目标完成率",
        "period": period,
        "kind": kind,
        "provinces": provinces,
        "leagues": leagues,
    }
    return render(
        request, "regions.html", who, years=years, period=period, indicator=indicator or "", kind=kind,
        indicators=_indicator_choices(state, indicator), data=_json(payload),
    )  # fmt: skip


def _year_with_data(years: list[str], coloured: Callable[[str], tuple[dict[str, Any], dict[str, Any]]]) -> str:
    """The latest year, not after this one, whose maps show any figure."""
    this_year = date.today().year
    candidates = [y for y in years if int(y) <= this_year] or years
    for year in candidates:
        provinces, leagues = coloured(year)
        if any(v.get("value") is not None or v.get("with_data") for v in (*provinces.values(), *leagues.values())):
            return year
    return candidates[0] if candidates else str(this_year - 1)


def _values_by_code(data: dict[str, dict[str, dict[str, Any]]], period: str, kind: str) -> dict[str, dict[str, Any]]:
    gaz = Gazetteer.default()
    out = {}
    for region, years in data.items():
        r = gaz.by_name(region)
        point = years.get(period, {}).get(kind)
        if r is not None and r.code and point is not None:
            out[r.code] = {"name": r.name, **point}
    return out


# -- 指标 ---------------------------------------------------------------------------
@router.get("/indicators", response_class=HTMLResponse)
def indicator_page(
    request: Request, who: Who, indicator: str = "gdp_growth", region: str | None = None, period: str | None = None
) -> HTMLResponse:
    state = state_of(request)
    index = state.index()
    ids = state.document_ids()
    data = state.cached(("series", indicator), lambda: charts.series(index, indicator, ids))
    years = sorted({y for per in data.values() for y in per if y.isdigit()})
    period = period or (years[-1] if years else "")
    region = region or (NMG_NAME if NMG_NAME in data else next(iter(sorted(data)), ""))
    order = sorted(data, key=_by_code)
    payload = {"label": charts.indicator_label(indicator), "region": region, "period": period, "series": data,
               "years": years, "order": order}  # fmt: skip
    return render(
        request, "indicator.html", who, indicator=indicator, region=region, period=period, years=years,
        regions=order,
        indicators=_indicator_choices(state, indicator), data=_json(payload),
    )  # fmt: skip


def _by_code(name: str) -> str:
    found = Gazetteer.default().by_name(name)
    return (found.code or "") if found else "~" + name


# -- 文档 ---------------------------------------------------------------------------
@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, who: Who, q: str = "") -> HTMLResponse:
    """The stored documents, or where a phrase is said in them (``q``)."""
    q = q.strip()
    hits = state_of(request).reader().search(q, limit=SEARCH_HITS) if q else []
    found = [(h, *h.snippet.partition(q), document_href(h.doc_id, h.start, h.end)) for h in hits]
    return render(
        request, "documents.html", who, documents=state_of(request).documents(), q=q, hits=found, most=SEARCH_HITS
    )


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, who: Who, doc_id: str, at: str | None = None) -> HTMLResponse:
    store = state_of(request).reader()
    doc = store.document(doc_id)
    if doc is None:
        raise WebError(404, f"没有这份文档：{doc_id}")
    statements = sorted(store.statements(StatementQuery(doc=doc.id)), key=lambda s: (s.start, s.end))
    focus = _span(at)
    cut = pieces(doc.text, statements, focus)
    focus_at = next((i for i, p in enumerate(cut) if p.focus), None)
    return render(
        request, "document.html", who, doc=doc, statements=statements, pieces=cut, focus=focus, focus_at=focus_at,
        kind_words=KIND_WORDS,
    )  # fmt: skip


def _span(at: str | None) -> tuple[int, int] | None:
    if not at:
        return None
    start, _, end = at.partition("-")
    if not (start.isdigit() and end.isdigit()) or int(start) > int(end):
        raise WebError(422, f"参数 at 应为“起点-终点”，不是 {at}")
    return int(start), int(end)


# -- 比较 ---------------------------------------------------------------------------
@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request, who: Who, indicator: str = "gdp_growth", kind: str = "target", period: str | None = None
) -> Response:
    state = state_of(request)
    chosen = Kind.TARGET if kind != "actual" else Kind.ACTUAL
    years = state.cached(("years", None), lambda: charts.target_years(state.index(), None))
    period = period or state.cached(
        ("compare year", indicator, chosen), lambda: _compare_year(state, indicator, chosen)
    )
    found = state.compare(indicator, chosen, period)
    rows = compare_rows(found, chosen)
    ids = state.document_ids()
    links = [
        document_href(ids[r.first.statement.doc], r.first.statement.start, r.first.statement.end)
        if r.first and r.first.statement.doc in ids else None
        for r in found
    ]  # fmt: skip
    values = [r.first.statement.value if r.first else None for r in found]
    query = urlencode({"indicator": indicator, "kind": chosen.value, "period": period})
    return render(
        request, "compare.html", who, rows=list(zip(rows, links, values, strict=True)), indicator=indicator,
        kind=chosen.value, period=period, years=years, query=query, reported=sum(1 for r in found if r.figures),
        indicators=_indicator_choices(state, indicator),
    )  # fmt: skip


def _compare_year(state: WebState, indicator: str, kind: Kind) -> str:
    """The latest year, not after this one, in which any region reports the
    figure asked for: targets of this year, outcomes of the last. (Reads the
    index: call it through ``state.cached``, under the lock uploads take.)"""
    index = state.index()
    groups = index.targets if kind is Kind.TARGET else index.outcomes
    this_year = date.today().year
    years = {y for (_, i, _, y) in groups if i == indicator and y.isdigit() and int(y) <= this_year}
    return max(years) if years else str(this_year if kind is Kind.TARGET else this_year - 1)


@router.get("/compare.{fmt}")
def compare_download(request: Request, who: Who, fmt: str, indicator: str, kind: str, period: str) -> Response:
    if fmt not in ("csv", "xlsx"):
        raise WebError(404, "只提供 .csv 和 .xlsx 下载")
    if request.app.state.login_required:
        who.require()
    chosen = Kind.TARGET if kind != "actual" else Kind.ACTUAL
    rows = compare_rows(state_of(request).compare(indicator, chosen, period), chosen)
    return table_file(rows, compare_columns(chosen), f"{indicator}_{chosen.value}_{period}", fmt)


# -- a target: progress, owner, audit ---------------------------------------------------
@router.get("/targets", response_class=HTMLResponse)
def target_page(request: Request, who: Who, key: str) -> HTMLResponse:
    state = state_of(request)
    t = find_target(state, key)
    ids = state.document_ids()
    rows = board_rows([a for a in state.scoreboard(t.region, t.period) if a.target == t], owners(state), ids)
    accounts = state.accounts()
    return render(
        request, "target.html", who, row=rows[0], key=key, ids=ids,
        may_report=who.user is not None and accounts.may_report(who.user, t),
        reports=[(r, _report_href(state, r.doc_id)) for r in accounts.progress_reports(t)],
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
    attachment: Annotated[UploadFile | None, File()] = None,
) -> Response:  # fmt: skip
    user = who.require(Role.ADMIN, Role.OWNER)
    check_csrf(request, who, csrf)
    t = find_target(state_of(request), key)
    try:
        number = float(value)
    except ValueError:
        raise WebError(422, f"进展数值不是数字：{value}") from None
    if not math.isfinite(number):
        raise WebError(422, "进展数值必须是有限的数")
    attached = attached_file(attachment)
    try:
        actions.record_progress(state_of(request), user, t, number, period.strip(), note, attached)
    except PermissionDenied as exc:
        raise WebError(403, str(exc)) from exc
    except AccountError as exc:
        raise WebError(422, str(exc)) from exc
    return RedirectResponse(target_href(t) + "#progress", status_code=303)


@router.post("/targets/owner")
def owner_form(
    request: Request, who: Who, key: Annotated[str, Form()], owner: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
) -> Response:  # fmt: skip
    user = who.require(Role.ADMIN)
    check_csrf(request, who, csrf)
    t = find_target(state_of(request), key)
    if not owner.strip():
        raise WebError(422, "牵头单位不能为空")
    try:
        actions.assign_owner(state_of(request), user, t, owner.strip())
    except PermissionDenied as exc:
        raise WebError(403, str(exc)) from exc
    return RedirectResponse(target_href(t), status_code=303)


@router.get("/reports/{report_id}/attachment")
def attachment(request: Request, who: Who, report_id: int) -> Response:
    who.require()
    found = state_of(request).accounts().attachment(report_id)
    if found is None:
        raise WebError(404, "没有这个附件")
    name, data = found
    disposition = f"attachment; filename*=UTF-8''{quote(name, safe='')}"
    return Response(data, media_type="application/octet-stream", headers={"Content-Disposition": disposition})


# -- uploads -------------------------------------------------------------------------------
@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, who: Who) -> HTMLResponse:
    who.require(Role.ADMIN, Role.OWNER)
    return render(request, "upload.html", who, limit=request.app.state.max_upload // 1024 // 1024)


@router.post("/upload/{what}")
def upload_form(
    request: Request, who: Who, what: str, file: Annotated[UploadFile, File()], csrf: Annotated[str, Form()]
) -> Response:
    if what not in ("document", "statistics"):
        raise WebError(404, "没有这种上传")
    who.require(*((Role.ADMIN, Role.OWNER) if what == "document" else (Role.ADMIN,)))
    check_csrf(request, who, csrf)
    data = read_upload(file, request.app.state.max_upload, "文件")
    add = actions.add_document if what == "document" else actions.add_statistics
    result = add(state_of(request), data, file.filename)
    return RedirectResponse(document_href(result.documents[0][1]), status_code=303)


# -- audit ------------------------------------------------------------------------------
@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, who: Who) -> HTMLResponse:
    who.require(Role.ADMIN)
    entries = state_of(request).accounts().audit_log(500)
    return render(request, "audit.html", who, entries=entries)


# -- log in and out -------------------------------------------------------------------------
@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, who: Who, next: str = "/") -> Response:
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html", who, csrf=token, next=_local(next), failed=None)
    _cookie(request, response, LOGIN_COOKIE, token, 3600)
    return response


@router.post("/login")
def login(
    request: Request, who: Who, username: Annotated[str, Form()], password: Annotated[str, Form()],
    csrf: Annotated[str, Form()], next: Annotated[str, Form()] = "/",
) -> Response:  # fmt: skip
    check_login_csrf(request, csrf)
    limiter = request.app.state.login_limiter
    keys = (("ip", request.client.host if request.client else "?"), ("user", username.strip().lower()))
    wait = limiter.wait(*keys)
    if wait > 0:
        seconds = math.ceil(wait)
        raise WebError(429, f"登录失败次数过多，请 {seconds} 秒后再试", {"Retry-After": str(seconds)})
    state = state_of(request)
    # Checking a password takes tens of milliseconds on purpose: not under the write lock.
    user = state.accounts().authenticate(username.strip(), password)
    if user is None:
        limiter.failed(*keys)
        return render(request, "login.html", who, 401, csrf=csrf, next=_local(next), failed=username)
    limiter.succeeded(*keys)
    with state.writing() as store:
        sid, _ = state.accounts(store).start_session(user)
    response: Response = RedirectResponse(_local(next), status_code=303)
    _cookie(request, response, SESSION_COOKIE, sid, 12 * 3600)
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(request: Request, who: Who, csrf: Annotated[str, Form()]) -> Response:
    check_csrf(request, who, csrf)
    if who.session:
        with state_of(request).writing() as store:
            state_of(request).accounts(store).end_session(who.session)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _local(target: str) -> str:
    """Only paths on this site: a login link cannot send anyone elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=request.app.state.secure_cookies,
        path="/",
    )
