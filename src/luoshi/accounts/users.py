"""Users, their roles and passwords: the base every other part of
``Accounts`` builds on (the connection, the clock, the audit log)."""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from luoshi.accounts import audit, passwords
from luoshi.accounts.records import AccountError, AuditEntry, Role, User
from luoshi.store.backend import Row, driver_errors
from luoshi.store.rows import utc_naive
from luoshi.store.search import keeps_bigrams
from luoshi.store.sql import SqlStore

_USERNAME = re.compile(r"[\w.@-]{1,64}")
USER_COLUMNS = "id, username, role, owner, display_name, disabled, created_at"
JOINED_USER_COLUMNS = ", ".join(f"u.{c.strip()}" for c in USER_COLUMNS.split(","))  # users joined as ``u``


def user_from_row(row: Row) -> User:
    id_, username, role, owner, display_name, disabled, created_at = row
    return User(int(id_), username, Role(role), owner, display_name, bool(disabled), audit.aware(created_at))


def describe(user: User) -> dict[str, Any]:
    """A user as the audit log shows it (no secrets)."""
    return {
        "username": user.username,
        "role": user.role.value,
        "owner": user.owner,
        "display_name": user.display_name,
        "disabled": user.disabled,
    }


def normal_username(username: str) -> str:
    return username.strip().lower()


class Users:
    """Users over a store's database connection (DuckDB or PostgreSQL)."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store
        self._db = store.backend

    # -- shared ----------------------------------------------------------------
    def _guard(self, doing: str) -> AbstractContextManager[None]:
        return driver_errors(self._db, doing)

    @staticmethod
    def _now() -> datetime:
        return datetime.now(UTC)

    def _audit(
        self, by: str, action: str, obj: str, before: dict[str, Any] | None, after: dict[str, Any] | None
    ) -> None:
        audit.write(self._db, by, action, obj, before, after)

    def _remove_document(self, doc_id: str) -> None:
        """Undo ``add_document`` of a document whose record (a progress report,
        an upload's audit entry) could not be written."""
        # Two transactions: DuckDB refuses to delete a row whose referencing
        # rows were deleted in the same transaction (a documented limitation
        # of its foreign keys).
        with self._guard(f"cannot remove document {doc_id}"):
            with self._db.transaction():
                rows = self._db.execute("SELECT doc_no FROM documents WHERE id = ?", [doc_id])
                if rows and keeps_bigrams(self._db):  # PostgreSQL without pg_trgm: luoshi.store.search
                    self._db.execute("DELETE FROM doc_bigrams WHERE doc_no = ?", [rows[0][0]])
                touched = self.store.partitions_of_document(doc_id)
                self._db.execute("DELETE FROM statements WHERE doc_id = ?", [doc_id])
                self._db.execute("UPDATE documents SET statement_count = 0 WHERE id = ?", [doc_id])
                self.store.relink(touched)
            with self._db.transaction():
                self._db.execute("DELETE FROM documents WHERE id = ?", [doc_id])

    def audit_log(self, limit: int = 200, object: str | None = None) -> list[AuditEntry]:  # noqa: A002 - the API's name
        """Audit entries, newest first; ``object`` (user:NAME, or a target_key) narrows them."""
        with self._guard("cannot read the audit log"):
            return audit.read(self._db, limit, object)

    def _require(self, username: str) -> User:
        found = self.user(username)
        if found is None:
            raise AccountError(f"没有用户 {username}")
        return found

    # -- users -------------------------------------------------------------------
    def add_user(
        self,
        username: str,
        password: str,
        role: Role,
        owner: str | None = None,
        display_name: str | None = None,
        *,
        by: str = "cli",
    ) -> User:
        """A new user; AccountError for a bad or taken username, a weak
        password, or an owner role without the 责任单位 it reports for."""
        name = normal_username(username)
        if not _USERNAME.fullmatch(name):
            raise AccountError(f"用户名 {username!r} 不可用：只能由 1-64 个字母、数字、汉字或 . _ - @ 组成")
        try:
            role = Role(role)
        except ValueError:
            raise AccountError(f"未知角色 {role!r}：应为 admin、owner 或 viewer") from None
        owner = (owner or "").strip() or None
        display_name = (display_name or "").strip() or None
        if role is Role.OWNER and owner is None:
            raise AccountError(f"用户 {name} 的角色为 owner，必须指定其责任单位（--owner，如 自治区商务厅）")
        passwords.check_password(password, name)
        hashed = passwords.hash_password(password)
        with self._guard(f"cannot add user {name}"), self._db.transaction():
            if self._db.execute("SELECT 1 FROM users WHERE username = ?", [name]):
                raise AccountError(f"用户名 {name} 已存在")
            (row,) = self._db.execute(
                "INSERT INTO users (username, password_hash, role, owner, display_name, disabled, created_at)"
                f" VALUES (?, ?, ?, ?, ?, FALSE, ?) RETURNING {USER_COLUMNS}",
                [name, hashed, role.value, owner, display_name, utc_naive(self._now())],
            )
            user = user_from_row(row)
            self._audit(by, "user.add", f"user:{name}", None, describe(user))
        return user

    def users(self) -> list[User]:
        with self._guard("cannot read users"):
            rows = self._db.execute(f"SELECT {USER_COLUMNS} FROM users ORDER BY username")
        return [user_from_row(r) for r in rows]

    def user(self, username: str) -> User | None:
        with self._guard("cannot read users"):
            rows = self._db.execute(f"SELECT {USER_COLUMNS} FROM users WHERE username = ?", [normal_username(username)])
        return user_from_row(rows[0]) if rows else None

    def user_by_id(self, user_id: int) -> User | None:
        with self._guard("cannot read users"):
            rows = self._db.execute(f"SELECT {USER_COLUMNS} FROM users WHERE id = ?", [int(user_id)])
        return user_from_row(rows[0]) if rows else None

    def disable(self, username: str, *, by: str = "cli") -> User:
        """Disable a user: they can no longer sign in, and their sessions and
        tokens end now."""
        before = self._require(username)
        with self._guard(f"cannot disable user {before.username}"), self._db.transaction():
            self._db.execute("UPDATE users SET disabled = TRUE WHERE id = ?", [before.id])
            self._db.execute("DELETE FROM sessions WHERE user_id = ?", [before.id])
            self._db.execute(
                "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                [utc_naive(self._now()), before.id],
            )
            (row,) = self._db.execute(f"SELECT {USER_COLUMNS} FROM users WHERE id = ?", [before.id])
            after = user_from_row(row)
            self._audit(by, "user.disable", f"user:{before.username}", describe(before), describe(after))
        return after

    def set_password(self, username: str, password: str, *, by: str = "cli") -> None:
        user = self._require(username)
        passwords.check_password(password, user.username)
        hashed = passwords.hash_password(password)
        with self._guard(f"cannot set the password of {user.username}"), self._db.transaction():
            self._db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [hashed, user.id])
            # the change is recorded, never the password or its hash
            self._audit(by, "user.set_password", f"user:{user.username}", None, {"password": "changed"})

    def authenticate(self, username: str, password: str) -> User | None:
        """The user, when the password is theirs and they are not disabled;
        else None (which of the three is not said)."""
        name = normal_username(username)
        with self._guard("cannot read users"):
            rows = self._db.execute(f"SELECT {USER_COLUMNS}, password_hash FROM users WHERE username = ?", [name])
        if not rows:
            passwords.dummy_verify(password)
            return None
        user, hashed = user_from_row(rows[0][:-1]), str(rows[0][-1])
        if not passwords.verify(hashed, password) or user.disabled:
            return None
        if passwords.needs_rehash(hashed):
            with self._guard(f"cannot update the password hash of {name}"):
                self._db.execute(
                    "UPDATE users SET password_hash = ? WHERE id = ?", [passwords.hash_password(password), user.id]
                )
        return user
