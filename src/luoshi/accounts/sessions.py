"""Sign-in sessions of the web pages: the session id lives in the browser's
cookie, its sha256 here, beside the session's CSRF token and expiry."""

from __future__ import annotations

import secrets
from datetime import timedelta

from luoshi.accounts.records import AccountError, User
from luoshi.accounts.tokens import digest
from luoshi.accounts.users import JOINED_USER_COLUMNS, Users, user_from_row
from luoshi.store.rows import utc_naive


class Sessions(Users):
    def start_session(self, user: User, lifetime: timedelta = timedelta(hours=12)) -> tuple[str, str]:
        """(session_id, csrf_token) of a new session for a signed-in user."""
        current = self.user_by_id(user.id)
        if current is None or current.disabled:
            raise AccountError(f"用户 {user.username} 不存在或已停用，不能登录")
        session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = self._now()
        with self._guard("cannot start a session"), self._db.transaction():
            # expired sessions are cleared here, as there is no background job to do it
            self._db.execute("DELETE FROM sessions WHERE expires_at < ?", [utc_naive(now)])
            self._db.execute(
                "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                [digest(session_id), user.id, csrf, utc_naive(now), utc_naive(now + lifetime)],
            )
        return session_id, csrf

    def session(self, session_id: str) -> tuple[User, str] | None:
        """(user, csrf_token) of a live session; None when unknown, expired,
        or its user is disabled."""
        if not session_id:
            return None
        with self._guard("cannot read sessions"):
            rows = self._db.execute(
                f"SELECT {JOINED_USER_COLUMNS}, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id"
                " WHERE s.id_hash = ? AND s.expires_at > ? AND NOT u.disabled",
                [digest(session_id), utc_naive(self._now())],
            )
        if not rows:
            return None
        return user_from_row(rows[0][:-1]), str(rows[0][-1])

    def end_session(self, session_id: str) -> None:
        with self._guard("cannot end a session"):
            self._db.execute("DELETE FROM sessions WHERE id_hash = ?", [digest(session_id)])
