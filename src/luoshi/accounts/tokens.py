"""API tokens: shown once when issued, kept only as their sha256."""

from __future__ import annotations

import hashlib
import secrets

from luoshi.accounts.records import AccountError, User
from luoshi.accounts.users import JOINED_USER_COLUMNS, Users, user_from_row
from luoshi.store.rows import utc_naive

PREFIX = "ls_"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class Tokens(Users):
    def issue_token(self, username: str, label: str = "", *, by: str = "cli") -> str:
        """A new token for the user; the only time its value is seen."""
        user = self._require(username)
        if user.disabled:
            raise AccountError(f"用户 {user.username} 已停用，不能签发令牌")
        token = PREFIX + secrets.token_urlsafe(32)
        label = label.strip()
        with self._guard(f"cannot issue a token to {user.username}"), self._db.transaction():
            (row,) = self._db.execute(
                "INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                [user.id, digest(token), label, utc_naive(self._now())],
            )
            self._audit(by, "token.issue", f"user:{user.username}", None, {"token_id": int(row[0]), "label": label})
        return token

    def user_for_token(self, token: str) -> User | None:
        """The user a live token belongs to; None when unknown, revoked or
        the user is disabled."""
        if not token.startswith(PREFIX):
            return None
        with self._guard("cannot read tokens"):
            rows = self._db.execute(
                f"SELECT {JOINED_USER_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id"
                " WHERE t.token_hash = ? AND t.revoked_at IS NULL AND NOT u.disabled",
                [digest(token)],
            )
        return user_from_row(rows[0]) if rows else None

    def revoke_token(self, token: str, *, by: str) -> None:
        """End a token; AccountError when it is unknown or already revoked."""
        with self._guard("cannot revoke a token"), self._db.transaction():
            rows = self._db.execute(
                "SELECT t.id, t.label, u.username FROM api_tokens t JOIN users u ON u.id = t.user_id"
                " WHERE t.token_hash = ? AND t.revoked_at IS NULL",
                [digest(token)],
            )
            if not rows:
                raise AccountError("令牌不存在或已撤销")
            token_id, label, username = rows[0]
            self._db.execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ?", [utc_naive(self._now()), token_id])
            self._audit(
                by,
                "token.revoke",
                f"user:{username}",
                {"token_id": int(token_id), "label": label, "revoked": False},
                {"token_id": int(token_id), "label": label, "revoked": True},
            )
