"""What each owner is reminded of: their targets that lag (欠进度, 未完成,
逾期未完成) or are nearly due (临期) — the categories bulletin.yaml marks
``remind`` — each with its figures, how far behind, its 完成时限 and a link
to its page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlencode

from luoshi.bulletin.content import task_of
from luoshi.bulletin.report import scoreboard_as_of
from luoshi.bulletin.words import category_of
from luoshi.store import Store
from luoshi.store.sql import SqlStore
from luoshi.track.board import Assessment, store_scoreboard


@dataclass(frozen=True, slots=True)
class DueTask:
    key: str  # target key
    name: str
    status: str  # status id: behind, overdue, due_soon …
    category: str  # 欠进度, 逾期未完成, 临期 …
    target: str
    latest: str
    shortfall: str
    deadline: str
    link: str

    def as_json(self) -> dict[str, str]:
        return {
            "key": self.key,
            "name": self.name,
            "status": self.status,
            "status_word": self.category,
            "target": self.target,
            "latest": self.latest,
            "shortfall": self.shortfall,
            "deadline": self.deadline,
            "link": self.link,
        }


def target_link(base_url: str, key: str) -> str:
    """The target's page on the web scoreboard (``luoshi.web.links.target_href``)."""
    return f"{base_url}/targets?" + urlencode({"key": key}, quote_via=quote)


def _assigned(store: Store) -> dict[str, str]:
    if not isinstance(store, SqlStore):
        return {}
    from luoshi.accounts import Accounts

    return Accounts(store).assigned_owners()


def board_for(
    store: Store, region: str | None, period: str | None, as_of: date, due_within: int | None
) -> Sequence[Assessment]:
    if region:
        return scoreboard_as_of(store, region, period, None, as_of, due_within)
    return store_scoreboard(store, None, period, as_of=as_of, due_within=due_within)


def due_by_owner(
    board: Sequence[Assessment], assigned: dict[str, str], owners: Sequence[str], base_url: str, region: str | None
) -> dict[str, list[DueTask]]:
    """owner → their tasks to remind of, for each owner in ``owners`` (by
    the owner assigned on the web, else the one the documents name)."""
    wanted = set(owners)
    out: dict[str, list[DueTask]] = {o: [] for o in owners}
    for a in board:
        owner = a.owner(assigned)
        if owner not in wanted or not category_of(a.status.value).remind:
            continue
        t = task_of(a, owner, region or a.target.region)
        out[owner].append(
            DueTask(t.key, t.name, t.status, t.category, t.target, t.latest, t.shortfall, t.deadline,
                    target_link(base_url, t.key))
        )  # fmt: skip
    return out


def owner_tasks(
    store: Store,
    owners: Sequence[str],
    base_url: str,
    region: str | None,
    period: str | None,
    as_of: date,
    due_within: int | None,
) -> dict[str, list[DueTask]]:
    """Every configured owner's tasks to remind of, as of a day."""
    board = board_for(store, region, period, as_of, due_within)
    return due_by_owner(board, _assigned(store), owners, base_url, region)
