"""The pages, in Simplified Chinese, one module per page: ``board`` (总览,
the scoreboard and its download), ``regions`` (地区, maps), ``indicators``
(指标, charts), ``documents`` (文档, a text with its figures), ``compare``
(比较, the 31-province table), ``targets`` (a target's own page with
progress, owner and audit), ``upload`` (and ``upload_job``, a job's page),
``places`` (a league's, city's, port's or partner's own page), ``events``
(事件, the timeline), ``sources`` (来源, what is fetched from the web),
``bulletins`` (通报: the current one to download, those issued), ``audit``
and ``login`` (log in and out); ``render`` holds the templates and the error
page, ``choices`` what several pages' filters offer. ``router`` serves them
all."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from luoshi.web.auth import visitor
from luoshi.web.errors import WebError
from luoshi.web.inputs import plain_inputs
from luoshi.web.pages import (
    audit,
    board,
    bulletins,
    compare,
    documents,
    events,
    indicators,
    login,
    places,
    regions,
    sources,
    targets,
    upload,
    upload_job,
)  # fmt: skip
from luoshi.web.pages.render import error_page


def _login_if_required(request: Request) -> None:
    """With log-in required, every page but the log-in form's asks for it
    first: before a 404 or a 422 could tell an anonymous visitor what exists."""
    if request.app.state.login_required and request.url.path != "/login" and visitor(request).user is None:
        raise WebError(401, "请先登录")


router = APIRouter(include_in_schema=False, dependencies=[Depends(_login_if_required), Depends(plain_inputs)])
_PAGES = (
    board, bulletins, regions, places, events, indicators, documents, compare, sources, targets, upload, upload_job,
    audit, login,
)  # fmt: skip
for _page in _PAGES:
    router.include_router(_page.router)

__all__ = ["error_page", "router"]
