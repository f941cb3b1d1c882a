"""The records and errors of accounts: users and their roles, progress
reports, audit entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from luoshi.errors import LuoshiError
from luoshi.store import StoredDocument
from luoshi.types import Statement


class Role(StrEnum):
    ADMIN = "admin"  # manages users and owner assignments, may report on any target
    OWNER = "owner"  # a 责任单位: reports progress on its own targets
    VIEWER = "viewer"  # reads the scoreboard only


class AccountError(LuoshiError):
    """Bad input to accounts: a duplicate username, a weak password, an
    unknown user… The message (Chinese) names the problem."""


class PermissionDenied(AccountError):
    """A user may not do this; the message (Chinese) says who and why."""


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    role: Role
    owner: str | None  # the 责任单位 an owner reports for (自治区商务厅, 兴安盟)
    display_name: str | None
    disabled: bool
    created_at: datetime  # UTC


def target_key(s: Statement) -> str:
    """A target's stable id, for URLs and tables: document name and span."""
    return f"{s.doc}:{s.start}-{s.end}"


@dataclass(frozen=True, slots=True)
class ProgressReport:
    id: int
    target: str  # target_key of the target reported on
    username: str
    owner: str
    value: float
    unit: str | None
    period: str
    note: str
    attachment_name: str | None
    created_at: datetime  # UTC
    doc_id: str  # the stored document holding the report


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime  # UTC
    username: str  # who did it
    action: str  # user.add, token.issue, owner.assign, progress.record …
    object: str  # what it was done to: user:zhang, or a target_key
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class Recorded:
    """What ``record_progress`` stored."""

    report: ProgressReport
    document: StoredDocument
    statements: list[Statement]
