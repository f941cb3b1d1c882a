"""Times as people in China read them: Beijing time (Asia/Shanghai, UTC+8).

Stored times stay UTC (naive ones are read as UTC, as the store keeps
them); every time shown on a page, in an export or in a CLI listing goes
through here, so that it carries its zone. tzdata is a dependency: a
system without /usr/share/zoneinfo still knows Asia/Shanghai.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")
ZONE_WORDS = "北京时间"


def beijing(moment: datetime) -> datetime:
    """``moment`` in Beijing time; a naive time is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING)


def beijing_text(moment: datetime | None, seconds: bool = True) -> str:
    """2025-06-30 14:05:09 for a page or a table whose heading says 北京时间;
    empty for no time."""
    if moment is None:
        return ""
    return beijing(moment).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def beijing_iso(moment: datetime | None) -> str | None:
    """2025-06-30T14:05:09+08:00 for JSON and exports: the offset says the zone."""
    if moment is None:
        return None
    return beijing(moment).isoformat(timespec="seconds")
