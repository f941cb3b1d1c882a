"""The audit log: who changed what, when, with the object before and after.
Callers pass only what may be shown: never a password, hash or token."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from luoshi.accounts.records import AuditEntry
from luoshi.store.backend import Backend, Row
from luoshi.store.rows import utc_naive

_COLUMNS = "id, occurred_at, username, action, object, before_json, after_json"
_BULK_COLUMNS = [("occurred_at", "TIMESTAMP"), *((c, "TEXT") for c in ("username", "action", "object", "before_json",
                                                                        "after_json"))]  # fmt: skip


def write(
    db: Backend, by: str, action: str, obj: str, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> None:
    """One entry; call it inside the transaction of the change it records."""
    db.execute(
        "INSERT INTO audit_log (occurred_at, username, action, object, before_json, after_json)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [utc_naive(None), by, action, obj, _dump(before), _dump(after)],
    )


def write_many(
    db: Backend, entries: Sequence[tuple[str, str, str, dict[str, Any] | None, dict[str, Any] | None]]
) -> None:
    """Entries (by, action, object, before, after) in one insert: a bulk
    upload logs a document per row, and an INSERT each costs milliseconds."""
    now = utc_naive(None)
    rows = [(now, by, action, obj, _dump(before), _dump(after)) for by, action, obj, before, after in entries]
    db.insert("audit_log", _BULK_COLUMNS, rows)


def read(db: Backend, limit: int = 200, obj: str | None = None) -> list[AuditEntry]:
    """Entries, newest first; only those about ``obj`` when given."""
    sql = f"SELECT {_COLUMNS} FROM audit_log"
    params: list[Any] = []
    if obj is not None:
        sql += " WHERE object = ?"
        params.append(obj)
    sql += " ORDER BY occurred_at DESC, id DESC LIMIT ?"
    params.append(max(0, int(limit)))
    return [_entry(row) for row in db.execute(sql, params)]


def _dump(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _entry(row: Row) -> AuditEntry:
    id_, at, username, action, obj, before, after = row
    return AuditEntry(
        id=int(id_),
        at=aware(at),
        username=username,
        action=action,
        object=obj,
        before=None if before is None else json.loads(before),
        after=None if after is None else json.loads(after),
    )


def aware(moment: datetime) -> datetime:
    """A stored (naive UTC) timestamp as an aware one."""
    return moment.replace(tzinfo=UTC)
