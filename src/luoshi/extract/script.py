"""Traditional script read as simplified, character for character.

Extraction reads every document through its simplified form, so that
萬/億/噸, 進出口總值, 內蒙古 and 預期目標 meet the same units, indicator
names, gazetteer and cues as their simplified spellings. The conversion is
OpenCC's ``t2s`` (phrases first, then characters) and keeps the length of
the text, so an offset found in the simplified form is the same offset in
the original.
"""

from __future__ import annotations

import re
from functools import cache

import opencc

# The Unified Ideographs with extension A, and the compatibility block.
_HAN_BLOCKS = ((0x3400, 0xA000), (0xF900, 0xFB00))
# Corner brackets are traditional typography's quotation marks; the rules
# (quoted slogans, names stripped of quote marks) know the simplified ones.
_QUOTE_MARKS = str.maketrans("「」『』", "“”‘’")


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _traditional_only() -> re.Pattern[str]:
    """Characters that only traditional script writes, taken from OpenCC:
    those it simplifies and restores again (億→亿→億). A character simplified
    script also writes goes back to another one (乾县: 乾→干→幹; 昇腾:
    昇→升→升), so a simplified text naming one is not taken for traditional."""
    chars = [chr(c) for lo, hi in _HAN_BLOCKS for c in range(lo, hi)]
    simple = _t2s().convert("\n".join(chars)).split("\n")
    back = opencc.OpenCC("s2t").convert("\n".join(simple)).split("\n")
    only = "".join(c for c, s, b in zip(chars, simple, back, strict=True) if s != c and b == c)
    return re.compile(f"[{re.escape(only)}]")


def has_traditional(text: str) -> bool:
    """Does the text write any character only traditional script writes?
    One scan of a compiled character class: simplified texts pay little."""
    return _traditional_only().search(text) is not None


def simplified(text: str) -> str:
    """``text`` with its traditional lines in simplified script, the same
    length. Lines with no traditional-only character are left as they are,
    so a simplified text quoting one traditional name keeps its own words."""
    if not has_traditional(text):
        return text
    pattern = _traditional_only()
    return "".join(_line(line) if pattern.search(line) else line for line in text.splitlines(keepends=True))


def _line(line: str) -> str:
    out = _t2s().convert(line)
    if len(out) != len(line):
        # A phrase changed length: character by character keeps offsets 1:1.
        out = "".join(_char(c) for c in line)
    return out.translate(_QUOTE_MARKS)


@cache
def _char(c: str) -> str:
    out = _t2s().convert(c)
    return out if len(out) == 1 else c
