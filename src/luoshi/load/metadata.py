"""Document metadata the loaders read off a value or the top of a text:
publication dates and titles. Nothing here guesses beyond what is written.
"""

from __future__ import annotations

import re
from datetime import date

from luoshi.load.chrome import split_lines

_DATE = r"(\d{4})\s*(?:[-/]\s*(\d{1,2})\s*[-/]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)"
_DATE_VALUE = re.compile(_DATE + r"(?:[\sT].*)?", re.DOTALL)
# 时间：2026-02-12 / 发布日期：2026年2月12日; some portals put the date on the next line.
# The label opens a line or follows another label on it (来源：南方日报　发布时间：2025-11-22).
_HEADER_LABEL = (
    r"(?:^|[ \t\u3000|｜])[ \t【\[（(]*(?:(?:发布|发表)?时间|(?:发布|发表)日期)[ \t]*[:：][ \t]*(?:\r?\n[ \t]*)?"
)
_HEADER_DATE = re.compile(_HEADER_LABEL + _DATE, re.MULTILINE)
HEADER_CHARS = 1000
"""How far into a text a header date line is looked for."""
MAX_TITLE_CHARS = 60
# The same labels in a saved web page, where tags and &nbsp; may stand between
# label and date (<td>发布日期：</td><td>2026-02-12</td>). A bare 时间/日期 must
# not end a longer word: 会议时间：2026-03-01 is in the prose, not a header.
_PAGE_DATE = re.compile(
    r"(?:(?:发布|发表)(?:时间|日期)|(?<![\u4e00-\u9fff])(?:时间|日期))[ \t]*[:：]"
    r"(?:\s|&nbsp;|&#160;|<[^<>]{0,300}>)*" + _DATE
)
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(.+)$", re.MULTILINE)


def parse_date(value: str | None) -> date | None:
    """``YYYY-MM-DD``, ``YYYY/MM/DD`` or ``YYYY年M月D日`` (a time may follow); else None."""
    match = _DATE_VALUE.fullmatch(value.strip()) if value else None
    return _to_date(match) if match else None


def header_date(text: str) -> date | None:
    """The date of a ``时间：`` / ``发布时间：`` / ``发布日期：`` line near the top of ``text``."""
    match = _HEADER_DATE.search(text[:HEADER_CHARS])
    return _to_date(match) if match else None


def labelled_date(page: str) -> date | None:
    """The first valid date labelled 发布时间 / 发布日期 / 时间 / 日期 anywhere in an HTML page."""
    for match in _PAGE_DATE.finditer(page):
        found = _to_date(match)
        if found is not None:
            return found
    return None


def guess_title(text: str, skip: tuple[tuple[int, int], ...] = ()) -> str | None:
    """The first markdown heading, else the first non-empty line, outside ``skip``.

    None when that candidate is longer than MAX_TITLE_CHARS: then it is prose.
    """
    candidate = _first_heading(text, skip) or _first_line(text, skip)
    return candidate if candidate and len(candidate) <= MAX_TITLE_CHARS else None


def _to_date(match: re.Match[str]) -> date | None:
    year, month, day = match.group(1), match.group(2) or match.group(4), match.group(3) or match.group(5)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None  # 2026-02-30 and the like: ignored, like any unreadable date


def _first_heading(text: str, skip: tuple[tuple[int, int], ...]) -> str | None:
    for match in _HEADING.finditer(text):
        if not _skipped(match.start(), skip):
            return match.group(1).strip().rstrip("#").strip() or None
    return None


def _first_line(text: str, skip: tuple[tuple[int, int], ...]) -> str | None:
    for line in split_lines(text):
        if line.body and not _skipped(line.start, skip):
            return line.body
    return None


def _skipped(offset: int, skip: tuple[tuple[int, int], ...]) -> bool:
    return any(start <= offset < end for start, end in skip)
