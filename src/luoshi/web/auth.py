"""Who is asking: a session cookie (pages) or a bearer token (the API), and
what they may do. Forms carry the session's CSRF token; the login form, which
comes before any session, carries one bound to a cookie of its own."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from fastapi import Request

from luoshi.accounts import Role, User
from luoshi.web.errors import WebError
from luoshi.web.proxies import TrustedProxies
from luoshi.web.server_state import WebState

SESSION_COOKIE = "luoshi_session"
LOGIN_COOKIE = "luoshi_login"  # the login form's CSRF token


@dataclass(frozen=True)
class Visitor:
    user: User | None = None
    csrf: str | None = None  # the session's CSRF token (None for tokens and anonymous visitors)
    session: str | None = None
    by_token: bool = False

    def require(self, *roles: Role) -> User:
        """The user, if logged in with one of ``roles``; else 401 or 403."""
        if self.user is None:
            raise WebError(401, "请先登录（页面）或提供 API 令牌（Authorization: Bearer …）")
        if roles and self.user.role not in roles:
            wanted = "、".join(r.value for r in roles)
            raise WebError(403, f"用户 {self.user.username}（{self.user.role.value}）无此权限，需要角色：{wanted}")
        return self.user


def state_of(request: Request) -> WebState:
    state: WebState = request.app.state.luoshi
    return state


def client_address(request: Request) -> str:
    """The client's address: the socket peer, or what a trusted proxy says
    it saw (web/proxies.py); an app without the setting trusts no one."""
    proxies: TrustedProxies = getattr(request.app.state, "trusted_proxies", TrustedProxies())
    peer = request.client.host if request.client else None
    return proxies.client_address(peer, request.headers.getlist("x-forwarded-for"))


def visitor(request: Request) -> Visitor:
    """The visitor of a request, read once and kept on the request."""
    known: Visitor | None = getattr(request.state, "visitor", None)
    if known is not None:
        return known
    accounts = state_of(request).accounts()
    found = Visitor()
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = accounts.user_for_token(header[7:].strip())
        if user is None:
            raise WebError(401, "API 令牌无效、已撤销或其用户已停用")
        found = Visitor(user, by_token=True)
    elif sid := request.cookies.get(SESSION_COOKIE):
        session = accounts.session(sid)
        if session is not None:
            found = Visitor(session[0], session[1], sid)
    request.state.visitor = found
    return found


def may_read_api(request: Request) -> None:
    """The API's gate (a dependency of its routers): with log-in required,
    no answer without a token, before any 404 or 422 could tell what exists."""
    if request.app.state.login_required and visitor(request).user is None:
        raise WebError(401, "此服务需要登录：请提供 API 令牌（Authorization: Bearer …）")


def check_csrf(request: Request, who: Visitor, given: str | None) -> None:
    """A cookie-authenticated write must echo the session's CSRF token (a
    form field, or the X-CSRF-Token header for scripts); a token-authenticated
    one needs none, since a browser never adds the Authorization header itself."""
    if who.by_token:
        return
    given = given or request.headers.get("x-csrf-token")
    if who.csrf is None or not given or not _same(who.csrf, given):
        raise WebError(403, "表单已失效（CSRF 校验未通过），请刷新页面后重试")


def check_login_csrf(request: Request, given: str | None) -> None:
    cookie = request.cookies.get(LOGIN_COOKIE)
    if not cookie or not given or not _same(cookie, given):
        raise WebError(403, "登录表单已失效（CSRF 校验未通过），请刷新页面后重试")


def _same(token: str, given: str) -> bool:
    """Constant-time equality; as bytes, since compare_digest refuses str
    with any non-ASCII character (which a forged form may well hold)."""
    return secrets.compare_digest(token.encode(), given.encode("utf-8", "replace"))
