"""Deadlines in the status: a target with a deadline (the 完成时限 of a
task list, ``Statement.deadline``) that is not met is 逾期未完成 once the
day has passed and 临期 when it is at most ``due_soon_days`` ahead
(``rules/data/deadlines.yaml``, 30 by default; ``luoshi status
--due-within`` and ``luoshi serve --due-within`` change it). The day is
today in Beijing unless another is given (``--as-of``): a deadline is a day
in China.

Met means what the outcome says: 已完成 or 超额完成, or — before the year
is out — a level or count already reached to date (建成2个前置仓 by June:
the task is done though the year is not); a commitment without a figure is
met once a report says it is done (``luoshi.track.commitments``).
"""

from __future__ import annotations

from datetime import date, datetime

from luoshi.clock import BEIJING
from luoshi.errors import InputError
from luoshi.rules import load_yaml
from luoshi.track.status import Status

_MET = frozenset({Status.MET, Status.EXCEEDED})


def today() -> date:
    """Today in Beijing."""
    return datetime.now(BEIJING).date()


def due_soon_days() -> int:
    """Days ahead within which a deadline not yet met is 临期 (deadlines.yaml)."""
    return int(load_yaml("deadlines.yaml")["due_soon_days"])


def is_met(status: Status, progress: float | None, ceiling: bool) -> bool:
    """Whether a target stands met: its status says so, or an outcome to
    date already reaches a level or count target that is not a ceiling."""
    return status in _MET or (progress is not None and progress >= 1.0 and not ceiling)


def deadline_status(status: Status, met: bool, deadline: date | None, as_of: date, due_within: int) -> Status:
    """The status with the deadline applied (module docstring)."""
    if deadline is None or met:
        return status
    if as_of > deadline:
        return Status.OVERDUE
    if (deadline - as_of).days <= due_within:
        return Status.DUE_SOON
    return status


def parse_as_of(text: str, given_as: str = "--as-of") -> date:
    """A day given by a person (2025-07-01); InputError naming it otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(given_as, f"日期 {text!r} 写法不对：应写作 2025-07-01") from None
