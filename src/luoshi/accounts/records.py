"""The records and errors of accounts: users and their roles, progress
reports, audit entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from luoshi.errors import LuoshiError
from luoshi.store import StoredDocument
from luoshi.track.keys import target_key as target_key  # where accounts always found it
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


@dataclass(frozen=True, slots=True)
class ProgressReport:
    id: int
    target: str  # target_key of the target reported on
    username: str
    owner: str
    value: float | None  # None: a commitment reported done (已完成), no figure
    unit: str | None
    period: str
    note: str
    attachment_name: str | None
    created_at: datetime  # UTC
    doc_id: str  # the stored document holding the report
    supersedes: int | None = None  # the report this one corrects
    superseded_by: int | None = None  # the report that corrects this one
    withdrawn_at: datetime | None = None  # UTC
    withdrawn_by: str | None = None

    @property
    def current(self) -> bool:
        """Whether the report still counts as evidence: neither corrected nor withdrawn."""
        return self.superseded_by is None and self.withdrawn_at is None

    @property
    def state_word(self) -> str:
        if self.withdrawn_at is not None:
            return "已撤回"
        if self.superseded_by is not None:
            return f"已更正（见报告 {self.superseded_by}）"
        return "有效"


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
    replaced: ProgressReport | None = None  # the report it corrects, now superseded
    dropped: list[Statement] = field(default_factory=list)  # that report's statements, no longer evidence


@dataclass(frozen=True, slots=True)
class Withdrawn:
    """What ``withdraw_progress`` changed."""

    report: ProgressReport  # as it is now, withdrawn
    dropped: list[Statement]  # its statements, no longer evidence
