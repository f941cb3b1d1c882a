"""Every 通报 issued, kept in the store (table ``bulletins``, migration
``0012_bulletins_and_reminders``): its scope, date, number, the category it
reported for each target, and its whole content as JSON — so the next 通报
of the scope says what changed, and a past one downloads as it was issued.

A scope is a region, a period and (for one owner's 通报) an owner. One
通报 a scope a day: issuing again on the same date replaces that day's."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from luoshi.bulletin.content import Bulletin
from luoshi.store.backend import Backend, driver_errors
from luoshi.store.rows import utc_naive

_COLUMNS = "id, region, period, owner, as_of, number, issued_at, issued_by, title, counts"


@dataclass(frozen=True, slots=True)
class Issued:
    """A stored 通报, without its content."""

    id: int
    region: str
    period: str
    owner: str | None
    as_of: date
    number: int
    issued_at: datetime  # aware, UTC
    issued_by: str
    title: str
    counts: tuple[tuple[str, int], ...]  # (category, tasks) as reported


def scope_of(region: str, period: str, owner: str | None) -> str:
    return json.dumps([region, period, owner or ""], ensure_ascii=False)


def _issued(row: tuple[Any, ...]) -> Issued:
    id_, region, period, owner, as_of, number, issued_at, issued_by, title, counts = row
    return Issued(
        int(id_),
        region,
        period,
        owner or None,
        as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of)),
        int(number),
        issued_at.replace(tzinfo=UTC),
        issued_by,
        title,
        tuple((str(c), int(n)) for c, n in json.loads(counts)),
    )


class Snapshots:
    """The ``bulletins`` table of an SQL store."""

    def __init__(self, db: Backend) -> None:
        self._db = db

    def previous(
        self, region: str, period: str, owner: str | None, before: date
    ) -> tuple[int, str, dict[str, str]] | None:
        """The latest 通报 of the scope dated before ``before``: its number, date
        (ISO) and the category it reported for each target key."""
        with driver_errors(self._db, "cannot read the stored bulletins"):
            rows = self._db.execute(
                "SELECT number, as_of, statuses FROM bulletins WHERE scope = ? AND as_of < ?"
                " ORDER BY as_of DESC LIMIT 1",
                [scope_of(region, period, owner), before],
            )
        if not rows:
            return None
        number, as_of, statuses = rows[0]
        day = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
        return int(number), day.isoformat(), dict(json.loads(statuses))

    def next_number(self, region: str, period: str, owner: str | None, as_of: date) -> int:
        """第N期: one more than the 通报 of the scope before ``as_of`` (the
        same day's number again when it is issued anew)."""
        with driver_errors(self._db, "cannot read the stored bulletins"):
            rows = self._db.execute(
                "SELECT count(*) FROM bulletins WHERE scope = ? AND as_of < ?",
                [scope_of(region, period, owner), as_of],
            )
        return int(rows[0][0]) + 1

    def save(self, b: Bulletin, by: str) -> int:
        """Store ``b`` (replacing its scope's 通报 of the same date); its id."""
        scope = scope_of(b.region, b.period, b.owner)
        counts = json.dumps(b.counts(), ensure_ascii=False)
        statuses = json.dumps(b.statuses(), ensure_ascii=False, sort_keys=True)
        content = json.dumps(b.to_json(), ensure_ascii=False)
        with driver_errors(self._db, "cannot store the bulletin"), self._db.transaction():
            self._db.execute("DELETE FROM bulletins WHERE scope = ? AND as_of = ?", [scope, b.as_of])
            self._db.execute(
                "INSERT INTO bulletins (scope, region, period, owner, as_of, number, issued_at, issued_by, title,"
                " counts, statuses, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [scope, b.region, b.period, b.owner, b.as_of, b.number, utc_naive(b.issued_at), by, b.title,
                 counts, statuses, content],
            )  # fmt: skip
            rows = self._db.execute("SELECT id FROM bulletins WHERE scope = ? AND as_of = ?", [scope, b.as_of])
        return int(rows[0][0])

    def list(self, region: str | None = None, limit: int = 200) -> list[Issued]:
        """Stored 通报, newest first; of ``region`` only when given."""
        sql = f"SELECT {_COLUMNS} FROM bulletins"
        params: list[Any] = []
        if region:
            sql += " WHERE region = ?"
            params.append(region)
        sql += " ORDER BY as_of DESC, id DESC LIMIT ?"
        params.append(max(0, int(limit)))
        with driver_errors(self._db, "cannot read the stored bulletins"):
            return [_issued(r) for r in self._db.execute(sql, params)]

    def content(self, bulletin_id: int) -> Bulletin | None:
        """The 通报 as it was issued, to render again."""
        with driver_errors(self._db, "cannot read the stored bulletins"):
            rows = self._db.execute("SELECT content FROM bulletins WHERE id = ?", [int(bulletin_id)])
        return Bulletin.from_json(json.loads(rows[0][0])) if rows else None
