"""Cells a spreadsheet shows as text, never runs as a formula.

Owner names, quotes, titles and sources come from users and documents. A
cell that starts with ``= + - @`` (or a tab or carriage return, which some
programs skip before looking) is read as a formula by Excel, WPS and
LibreOffice when a CSV is opened, and openpyxl itself writes a string
starting with ``=`` as a formula: ``=HYPERLINK("http://x","y")`` as an owner
would become a live link in ``board.xlsx``. Such text gets a leading
apostrophe, as OWASP advises; the apostrophe is what a person types in Excel
to say "this is text".

The full-width forms ``＝ ＋ － ＠`` are guarded too: Excel and WPS in Chinese
and Japanese locales turn full-width operators typed into a cell into a
formula, and a CSV cell is read like typed input; the cost of a false alarm
is one apostrophe on a rare cell, the cost of a miss is a live formula.

Numbers stay numbers: a float or int is written as a numeric cell, and a
string that is only a number (``-5.2``, ``+3%``) is no formula either.
"""

from __future__ import annotations

import re
from typing import TypeVar

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # no XML 1.0 file can hold these

T = TypeVar("T")


def inert_cell(value: T) -> T | str:
    """``value`` as a CSV or Excel cell that cannot run: text a spreadsheet
    would take for a formula gets a leading apostrophe; anything else,
    numbers included, is returned as it is."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def xlsx_cell(value: T) -> T | str:
    """``inert_cell`` for a workbook, without the control characters XML
    cannot hold (openpyxl refuses the whole file over one)."""
    if isinstance(value, str):
        return inert_cell(_XML_ILLEGAL.sub("", value))
    return value
