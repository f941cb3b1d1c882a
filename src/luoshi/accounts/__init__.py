"""Accounts of the web scoreboard: users with roles (admin, owner, viewer),
argon2 password hashes, API tokens, sessions, owner assignment of targets,
progress reports by owners (their figures made evidence documents by
``luoshi.progress_evidence``) and an audit log.

Modules: ``records`` (the records and errors), ``passwords``, ``users``,
``tokens``, ``sessions``, ``ownership``, ``progress``, ``audit``;
``accounts`` puts them together as ``Accounts``.
"""

from luoshi.accounts.accounts import Accounts
from luoshi.accounts.records import (
    AccountError,
    AuditEntry,
    PermissionDenied,
    ProgressReport,
    Recorded,
    Role,
    User,
    Withdrawn,
    target_key,
)

__all__ = [
    "AccountError",
    "Accounts",
    "AuditEntry",
    "PermissionDenied",
    "ProgressReport",
    "Recorded",
    "Role",
    "User",
    "Withdrawn",
    "target_key",
]
