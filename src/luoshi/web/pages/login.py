"""Log in (``/login``) and out (``/logout``): the form with its own CSRF
cookie, attempts limited, and the session cookie."""

from __future__ import annotations

import math
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.web.auth import LOGIN_COOKIE, SESSION_COOKIE, check_csrf, check_login_csrf, client_address, state_of
from luoshi.web.errors import WebError
from luoshi.web.pages.render import Who, render
from luoshi.web.ratelimit import LoginLimiter

router = APIRouter(include_in_schema=False)


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
    limiter: LoginLimiter = request.app.state.login_limiter
    attempt = limiter.admit(username, client_address(request))  # counted as failed until the password is right
    if attempt.wait > 0:
        seconds = math.ceil(attempt.wait)
        raise WebError(429, f"登录失败次数过多，请 {seconds} 秒后再试", {"Retry-After": str(seconds)})
    state = state_of(request)
    # Checking a password takes tens of milliseconds on purpose: not under the write lock.
    user = state.accounts().authenticate(username.strip(), password)
    if user is None:
        return render(request, "login.html", who, 401, csrf=csrf, next=_local(next), failed=username)
    limiter.succeeded(attempt)
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
