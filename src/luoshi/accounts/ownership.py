"""Who reports on a target: the owner an admin assigned, else the 牵头单位
the document names, else — for an owner that is a place (兴安盟) — the
targets of that place and the places inside it."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from luoshi.accounts.records import AccountError, PermissionDenied, Role, User, target_key
from luoshi.accounts.users import Users
from luoshi.store.links_table import part_of
from luoshi.store.rows import utc_naive
from luoshi.track.authority import responsible
from luoshi.types import Statement


def owner_lookup(assigned: Mapping[str, str]) -> Callable[[Statement], str | None]:
    """Who answers for a target, for linking (``TrackIndex.owner_of``): the
    owner in ``assigned`` (``Ownership.assigned_owners``), else the one its
    document names."""

    def owner_of(target: Statement) -> str | None:
        return assigned.get(target_key(target)) or target.owner

    return owner_of


class Ownership(Users):
    def assign_owner(self, target: Statement, owner: str, *, by: User) -> None:
        """Make ``owner`` the one who reports on ``target`` (admins only)."""
        if by.role is not Role.ADMIN:
            raise PermissionDenied(f"用户 {by.username}（{by.role.value}）不能指定责任单位：只有管理员可以")
        owner = owner.strip()
        if not owner:
            raise AccountError("责任单位不能为空")
        key = target_key(target)
        before = self.owner_of(target)
        with self._guard(f"cannot assign the owner of {key}"), self._db.transaction():
            self._db.execute(
                "INSERT INTO owner_assignments (target, owner, assigned_by, assigned_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (target) DO UPDATE SET owner = excluded.owner, assigned_by = excluded.assigned_by,"
                " assigned_at = excluded.assigned_at",
                [key, owner, by.username, utc_naive(self._now())],
            )
            # whose unconfirmed uploads settle it changed
            self.store.relink({(target.region, part_of(target.period))})
            self._audit(by.username, "owner.assign", key, {"owner": before}, {"owner": owner})

    def assigned_owners(self) -> dict[str, str]:
        """target_key -> owner, for every assignment made."""
        with self._guard("cannot read owner assignments"):
            rows = self._db.execute("SELECT target, owner FROM owner_assignments ORDER BY target")
        return {str(k): str(v) for k, v in rows}

    def owner_of(self, target: Statement) -> str | None:
        """The assigned owner, else the owner the target's document names."""
        with self._guard("cannot read owner assignments"):
            rows = self._db.execute("SELECT owner FROM owner_assignments WHERE target = ?", [target_key(target)])
        return str(rows[0][0]) if rows else target.owner

    def may_report(self, user: User, target: Statement) -> bool:
        if user.disabled:
            return False
        if user.role is Role.ADMIN:
            return True
        if user.role is not Role.OWNER or not user.owner:
            return False
        return responsible(user.owner, target, self.owner_of(target))
