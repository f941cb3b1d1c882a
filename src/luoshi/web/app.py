"""The web application: ``create_app(store)`` gives a FastAPI app serving
the pages (Simplified Chinese) and the REST API (/api/v1) over one store.

    >>> from luoshi.store import open_store                 # doctest: +SKIP
    >>> app = create_app(open_store("luoshi.duckdb"))
    >>> uvicorn.run(app, host="127.0.0.1", port=8000)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from luoshi.accounts import AccountError, PermissionDenied
from luoshi.jobs import JobLimits
from luoshi.store import Store, StoreError
from luoshi.store.sql import SqlStore
from luoshi.track.memory import settle_for_serving
from luoshi.web import api, pages, places_api, upload_jobs
from luoshi.web.errors import WebError
from luoshi.web.inputs import shown
from luoshi.web.pages.board import default_board
from luoshi.web.proxies import TrustedProxies
from luoshi.web.ratelimit import LoginLimiter
from luoshi.web.server_state import WebState
from luoshi.web.upload_jobs import UploadJobs
from luoshi.web.uploads import megabytes

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("luoshi.web")
DEFAULT_MAX_UPLOAD = 50 * 1024 * 1024
# Scripts and styles only from the server itself: text from documents can
# never run, even if some page forgot to escape it.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
_HEADERS = [
    (b"content-security-policy", _CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class BodyLimit:
    """Refuses a request body past ``limit`` bytes: by its Content-Length
    before reading anything, else as soon as the bytes read pass it."""

    def __init__(self, app: ASGIApp, limit: int, slack: int = 1024 * 1024) -> None:
        self.app = app
        self.limit = limit  # what messages name: the largest file accepted
        self.bytes = limit + slack  # what is counted: the file and the form around it

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.bytes:
            await _too_large(self.limit)(scope, receive, send)
            return
        seen = 0
        over = False

        async def counted() -> Message:
            nonlocal seen, over
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.bytes:
                over = True
                raise WebError(413, _too_large_text(self.limit))
            return message

        started = False

        async def unless_over(message: Message) -> None:
            # Form parsing turns any error into its own 400: past the limit,
            # the app's answer is dropped for ours.
            nonlocal started
            if over:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, unless_over)
        except Exception:
            if not over:
                raise
        if over and not started:
            await _too_large(self.limit)(scope, receive, send)


def _too_large_text(limit: int) -> str:
    return f"上传内容太大，上限为 {megabytes(limit)}"


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"error": {"status": 413, "message": _too_large_text(limit)}}, status_code=413)


class CachedStatic(StaticFiles):
    """The shipped scripts, styles and maps change only with luoshi itself:
    browsers may keep them for a day instead of asking again on every page."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(
    store: Store, *, max_upload: int = DEFAULT_MAX_UPLOAD, login_required: bool = False, secure_cookies: bool = False,
    warm: bool = True, trusted_proxies: Iterable[str] | None = None, job_limits: JobLimits | None = None,
    due_within: int | None = None, own_process: bool = False,
) -> FastAPI:  # fmt: skip
    """The app over ``store`` (which it closes on shutdown). ``login_required``:
    pages and API need an account even to read. ``secure_cookies``: cookies
    only over HTTPS (behind a TLS proxy). ``warm``: link the targets of the
    board ``/`` shows first at start-up rather than on the first request. ``trusted_proxies``:
    addresses or CIDRs whose X-Forwarded-For names the client (None:
    ``$LUOSHI_TRUSTED_PROXIES``); a value that is neither raises ValueError.
    ``job_limits``: what an upload job and an uploader may cost (rows,
    documents, CPU seconds, unfinished jobs; ``luoshi.jobs.JobLimits``).
    ``due_within``: a target not met whose deadline is at most this many
    days ahead is 临期 (None: deadlines.yaml's ``due_soon_days``).
    ``own_process``: the app is all its process does (`luoshi serve`), so
    once warmed up the garbage collector is set for serving."""
    proxies = TrustedProxies.from_env() if trusted_proxies is None else TrustedProxies.parse(trusted_proxies)
    state = WebState(store, due_within)
    jobs = UploadJobs(state, job_limits)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=_warm, args=(state, own_process), name="luoshi-link", daemon=True).start()
        jobs.start()  # jobs a stopped server left unfinished are marked failed now, not at the first upload
        yield
        jobs.close()
        with state.lock:
            state.close()

    app = FastAPI(
        title="luoshi 落实 API",
        version="1",
        description="Targets, outcomes and the evidence for each figure, from Chinese government documents.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # Swagger UI would load from a CDN: offline offices get the schema itself
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.luoshi = state
    app.state.upload_jobs = jobs
    app.state.max_upload = max_upload
    app.state.login_required = login_required
    app.state.secure_cookies = secure_cookies
    app.state.trusted_proxies = proxies
    app.state.login_limiter = LoginLimiter()
    app.include_router(api.router)
    app.include_router(places_api.router)
    app.include_router(upload_jobs.router)
    app.include_router(pages.router)
    app.mount("/static", CachedStatic(directory=STATIC), name="static")
    _handle_errors(app)
    # Level 9 (Starlette's default) took 1.4 ms for a 75 KB page of statements
    # against 0.33 ms at 5, for 3 % fewer bytes: a tenth of a request's CPU.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=5)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=max_upload)
    return app


def _warm(state: WebState, own_process: bool = False) -> None:
    """The board ``/`` shows first, read and linked before anyone asks;
    then, in a server process of its own, the collector and the database
    are set for serving (``luoshi.track.memory.settle_for_serving``,
    ``Backend.serve_many``: requests, not one query, share the cores)."""
    region, period = default_board(state)
    if region is not None:
        state.scoreboard(region, period)
    if own_process:
        settle_for_serving()
        if isinstance(state.store, SqlStore):
            with state.lock:  # the store's own connection: writers use it under the lock
                state.store.backend.serve_many()


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    message = _printable(message)
    if _wants_json(request):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)
    return pages.error_page(request, status, message, headers)


def _printable(message: str) -> str:
    """A message as shown: a value it quotes cannot hide characters or run on for pages."""
    return shown(message, MAX_MESSAGE)


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return _error(request, exc.status, exc.message, exc.headers)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        # The store's message names its path or server and the driver's words: for the log, not the visitor.
        log.error("%s %s: %s", request.method, request.url.path, exc)
        return _error(request, 503, "数据库暂不可用，请稍后再试；如果一直如此，请告知管理员")

    @app.exception_handler(AccountError)
    async def refused(request: Request, exc: AccountError) -> Response:
        # Accounts say in Chinese what they refuse and why: a route that let one through still answers 4xx.
        return _error(request, 403 if isinstance(exc, PermissionDenied) else 422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, "参数无效：" + "；".join(_problem(e) for e in exc.errors()[:5]))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        log.info("%s %s: %s %s", request.method, request.url.path, exc.status_code, exc.detail)
        message = _HTTP_WORDS.get(exc.status_code, f"请求无法处理（{exc.status_code}）")
        return _error(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def failed(request: Request, exc: Exception) -> Response:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return _error(request, 500, "服务器内部错误，已记录在服务器日志中；请稍后再试或告知管理员")


MAX_MESSAGE = 500  # characters of an error message; what it quotes of a request is cut to fit
_HTTP_WORDS = {
    400: "请求格式有误，无法读取（表单或 JSON 不完整？）",
    404: "没有这个页面",
    405: "不支持这种请求方法",
    413: "请求内容太大",
    415: "不支持这种内容类型",
}
# What a pydantic check found, in words: {…} are the check's own limits.
_PROBLEM_WORDS = {
    "missing": "缺少此项",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为有限的数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "string_type": "应为文本",
    "string_too_short": "至少 {min_length} 个字符",
    "string_too_long": "最多 {max_length} 个字符",
    "string_pattern_mismatch": "格式不对",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "不能大于 {le}",
    "enum": "应为 {expected} 之一",
    "literal_error": "应为 {expected} 之一",
    "json_type": "不是有效的 JSON",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "list_type": "应为列表",
    "value_error": "取值无效",
    "too_long": "项数太多",
    "url_parsing": "不是有效的网址",
    "date_parsing": "应为日期（如 2025-06-30）",
    "date_from_datetime_parsing": "应为日期（如 2025-06-30）",
    "datetime_parsing": "应为日期时间",
}


def _problem(error: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body", "path", "header", "cookie"))
    kind = str(error.get("type", ""))
    if kind == "json_invalid":
        return f"请求正文不是有效的 JSON（第 {shown(where, 20)} 个字符处）"
    if kind == "value_error" and "UploadFile" in str(error.get("msg", "")):
        words = "应为上传的文件"
    else:
        words = _PROBLEM_WORDS.get(kind, "取值无效")
    try:
        words = words.format(**{k: _limit(v) for k, v in (error.get("ctx") or {}).items()})
    except (KeyError, IndexError, ValueError):
        words = "取值无效"
    return f"{shown(where or '请求')}：{words}"


def _limit(value: Any) -> str:
    """A check's limit as said (its ``expected`` lists say ``or``; numbers as written)."""
    return shown(str(value).replace("' or '", "、").replace("', '", "、").strip("'"), 80)
