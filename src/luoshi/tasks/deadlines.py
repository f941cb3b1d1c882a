"""A task list's 完成时限 cell as the day the task is due.

Offices write deadlines in words: 2025年6月底前 (the last day of June),
三季度末 (30 September of the list's year), 年底前, 2025年12月31日前,
上半年, 6月中旬, 2025-2027年 (the end of the last year). A cell naming
several days (6月底前完成方案，12月底前建成) is due on the latest. A cell
saying the task never ends (长期坚持, 持续推进) has no deadline, and so has
an empty one; anything else is refused with what could be read. The words
are data (``rules/data/deadlines.yaml``); a day without a year is in the
list's year.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from luoshi.rules import load_yaml


class DeadlineError(ValueError):
    """A 完成时限 that names no day; the message (Chinese) says why."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """What a 完成时限 cell says: the day due, or None (长期坚持, empty)."""

    due: date | None
    words: str  # the cell as written, on one line


@dataclass(frozen=True)
class _Rules:
    no_deadline: tuple[str, ...]
    points: dict[str, tuple[int, int]]
    month_parts: dict[str, int | None]  # None: the month's last day
    months: dict[str, int]
    examples: str
    pattern: re.Pattern[str]


def _alternatives(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(map(str, words), key=len, reverse=True))


@cache
def _rules() -> _Rules:
    d = load_yaml("deadlines.yaml")
    months = {str(k): int(v) for k, v in d["months"].items()}
    parts = {str(k): (None if v == "end" else int(v)) for k, v in d["month_parts"].items()}
    points = {str(k): (int(v[0]), int(v[1])) for k, v in d["points"].items()}
    month = rf"(?:1[0-2]|0?[1-9]|{_alternatives(months)})"
    year = r"(?:19|20)\d{2}"
    pattern = re.compile(
        # 2025-06-30, 2025.6.30, 2025/6/30, 2025年6月30日 (a spreadsheet's date cell is the first)
        rf"(?P<iso>(?P<iy>{year})[-./年](?P<im>1[0-2]|0?[1-9])[-./月](?P<id>3[01]|[12]\d|0?[1-9])日?)"
        rf"|(?P<day>(?:(?P<dy>{year})年)?(?P<dm>{month})月(?P<dd>3[01]|[12]\d|0?[1-9])[日号])"
        rf"|(?P<month>(?:(?P<my>{year})年)?(?P<mm>{month})月(?:份)?(?P<part>{_alternatives(parts)})?)"
        rf"|(?P<point>(?:(?P<py>{year})年?)?(?P<pw>{_alternatives(points)})(?:{_alternatives(d['end_words'])})?)"
        rf"|(?P<span>{year}年?\s*[-—–~至到]\s*(?P<sy>{year})年)"
        rf"|(?P<year>(?P<yy>{year})年)"
    )
    return _Rules(tuple(map(str, d["no_deadline"])), points, parts, months, str(d["examples"]), pattern)


def _month(text: str, rules: _Rules) -> int:
    return int(text) if text.isdigit() else rules.months[text]


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _day(m: re.Match[str], year: int, rules: _Rules) -> date:
    """The day one match names (raises ValueError for a day that does not exist)."""
    if m.group("iso"):
        return date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    if m.group("day"):
        y = int(m.group("dy") or year)
        return date(y, _month(m.group("dm"), rules), int(m.group("dd")))
    if m.group("month"):
        y, mon = int(m.group("my") or year), _month(m.group("mm"), rules)
        part = rules.month_parts.get(m.group("part") or "")
        return date(y, mon, part if part is not None else _last_day(y, mon))
    if m.group("point"):
        mon, d = rules.points[m.group("pw")]
        return date(int(m.group("py") or year), mon, d)
    if m.group("span"):
        return date(int(m.group("sy")), 12, 31)
    return date(int(m.group("yy")), 12, 31)


def one_line(text: str) -> str:
    return " ".join(text.split())


def parse_deadline(text: str, year: int) -> Deadline:
    """The day a 完成时限 cell names (module docstring); ``year`` is the
    task list's, for a day written without one. DeadlineError when the
    cell names no day and says no 长期坚持."""
    words = one_line(text)
    plain = unicodedata.normalize("NFKC", words).replace(" ", "")
    if not plain:
        return Deadline(None, words)
    rules = _rules()
    days = []
    for m in rules.pattern.finditer(plain):
        try:
            days.append(_day(m, year, rules))
        except ValueError:
            raise DeadlineError(f"完成时限「{words}」中的日期「{m.group(0)}」不存在") from None
    if days:
        return Deadline(max(days), words)
    if any(w in plain for w in rules.no_deadline):
        return Deadline(None, words)
    raise DeadlineError(f"完成时限「{words}」无法识别：应写作 {rules.examples} 等")
