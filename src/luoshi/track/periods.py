"""Periods as tracking reads them. A period inside a year is cumulative from
January, as the extractor and the statistics import write it: ``2025-10`` is
January–October, ``2025-Q3`` the first three quarters, ``2025-H1`` the first
half. ``2025-H2`` (the second half alone) and ``2025-M11`` (November alone)
are not figures to date; ``2025-12-08`` (a running total 截至 that day) is."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

_PERIOD = re.compile(
    r"((?:19|20)\d{2})(?:-((?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?|M(?:0[1-9]|1[0-2])|Q[1-4]|H[12]|(?:19|20)\d{2}))?"
)


@lru_cache(maxsize=4096)
def split(period: str) -> tuple[str, str | None]:
    """('2025', '10') for 2025-10, ('2025', None) for 2025; a multi-year
    span or anything else is its own whole: ('2021-2025', None)."""
    m = _PERIOD.fullmatch(period)
    if m is None or (m.group(2) or "").startswith(("19", "20")):
        return period, None
    return m.group(1), m.group(2)


@lru_cache(maxsize=4096)
def share_elapsed(period: str) -> float | None:
    """序时进度: the share of its year a period covers (2025-11 → 11/12,
    2025-Q1 → 0.25, 2025-H1 → 0.5, 2025 → 1.0); None when it is no figure
    to date (2025-H2)."""
    _, part = split(period)
    if part is None:
        return 1.0
    if part.startswith("Q"):
        return int(part[1]) / 4
    if part == "H1":
        return 0.5
    if part == "H2" or part.startswith("M"):
        return None
    if "-" in part:  # a day: the share of the year up to it
        year = int(period[:4])
        try:
            day = date(year, int(part[:2]), int(part[3:]))
        except ValueError:  # 截至2月30日: no such day
            return None
        return day.timetuple().tm_yday / date(year, 12, 31).timetuple().tm_yday
    return int(part) / 12


def within(actual: str, target: str) -> bool:
    """Whether an outcome for ``actual`` speaks to a target for ``target``:
    the same period, or a part of the target's year to date."""
    if actual == target:
        return True
    whole, part = split(actual)
    return part is not None and whole == target and share_elapsed(actual) is not None


def year_before(period: str) -> str | None:
    """The same period a year earlier (2025-10 → 2024-10); None for a span."""
    whole, part = split(period)
    if not whole.isdigit():
        return None
    prev = str(int(whole) - 1)
    return prev if part is None else f"{prev}-{part}"
