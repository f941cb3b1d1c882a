"""What every page shares: the Jinja templates with their globals and
filters, ``render`` (which also asks for a log-in where one is required),
``kept_page`` (a page rendered once until the store changes), the error
page and chart data as JSON for a page's script. Templates escape
every value; chart data goes in as JSON, never as script."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from luoshi.accounts.audit_words import action_words, worded
from luoshi.clock import beijing_text
from luoshi.gazetteer import Gazetteer
from luoshi.progress_evidence import number_words
from luoshi.track.tables import QUALIFIER_WORDS, figure_words, period_words
from luoshi.web import charts
from luoshi.web.auth import Visitor, state_of, visitor
from luoshi.web.errors import WebError
from luoshi.web.links import target_href

templates = Jinja2Templates(directory=Path(__file__).parent.parent / "templates")
templates.env.globals.update(
    target_href=target_href,
    period_words=period_words,
    figure_words=figure_words,
    qualifier_words=QUALIFIER_WORDS,
    number_words=number_words,
)
templates.env.filters["label"] = charts.indicator_label


def my_targets_href(owner: str) -> str:
    """An owner's own targets: a place's (兴安盟) by region, a department's by owner."""
    place = Gazetteer.default().by_name(owner)
    return "/?" + urlencode({"region": place.name} if place is not None and place.code else {"owner": owner})


templates.env.globals["my_targets_href"] = my_targets_href
templates.env.filters["action"] = action_words
templates.env.filters["worded"] = worded  # an audit entry as field-name: value pairs
templates.env.filters["beijing"] = beijing_text  # every time on a page; headings say 北京时间
Who = Annotated[Visitor, Depends(visitor)]


def render(request: Request, name: str, who: Visitor, code: int = 200, **context: Any) -> HTMLResponse:
    if request.app.state.login_required and who.user is None and name not in ("login.html", "error.html"):
        raise WebError(401, "请先登录")
    context.update(request=request, who=who, path=request.url.path)
    return templates.TemplateResponse(request, name, context, status_code=code)


def kept_page(request: Request, who: Visitor, key: tuple[Any, ...], make: Callable[[], HTMLResponse]) -> HTMLResponse:
    """The page ``make`` renders, kept (``WebState.page``) under ``key``,
    which names what of the request the page shows, and the visitor as
    every page shows them (name, role, the log-out form's CSRF token):
    one visitor's page is never another's. Kept gzipped too, for the
    browsers that take it: the GZip middleware leaves an encoded answer
    as it is, and would compress the same bytes again on every request."""

    def rendered() -> tuple[bytes, bytes, int]:
        response = make()
        body = bytes(response.body)
        return body, gzip.compress(body, compresslevel=9, mtime=0), response.status_code

    body, gzipped, status = state_of(request).page((*key, who.user, who.csrf), rendered)
    if "gzip" in request.headers.get("accept-encoding", ""):  # as the middleware decides
        return HTMLResponse(gzipped, status, headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    return HTMLResponse(body, status)


def error_page(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if status == 401 and request.method == "GET":
        return RedirectResponse("/login?" + urlencode({"next": str(request.url.path)}), status_code=303)
    context = {"request": request, "who": getattr(request.state, "visitor", None) or Visitor(), "status": status}
    context["message"] = message
    context["path"] = request.url.path
    return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=headers)


def script_json(data: Any) -> str:
    """``data`` for a ``<script type="application/json">``: Jinja's tojson
    would escape too, but the data is built here and checked once."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
