"""Digits to numbers: Arabic (full-width, thousands separators) and Chinese.

Chinese numerals go through cn2an; scale words (万/亿) that end a Chinese
numeral are split off first, because the contract keeps them in the unit
(两千亿元 -> 2000 亿元) and cn2an rejects or folds them.
"""

from __future__ import annotations

from functools import lru_cache

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def parse_arabic(digits: str) -> float:
    """'1,234.5' / '１２３' -> float."""
    try:
        return float(digits)  # most figures as written; float() reads full-width digits too
    except ValueError:  # a thousands separator or a full-width point
        return float(digits.translate(_FULLWIDTH).replace(",", ""))


@lru_cache(maxsize=4096)
def parse_chinese(numeral: str) -> float | None:
    """'十五' -> 15.0, '两千' -> 2000.0; None when cn2an cannot read it."""
    import cn2an  # a quarter of a second to import: only once a Chinese numeral is read

    try:
        value = cn2an.cn2an(numeral, "normal")
    except (ValueError, KeyError, TypeError):
        return None
    return float(value)


_TRAILING = ("万亿", "亿", "万")  # the scales kept in the unit, longest first


def split_trailing_scale(numeral: str, scales: dict[str, float]) -> tuple[str, str]:
    """'十五万' -> ('十五', '万'); '两千亿' -> ('两千', '亿'); '八' -> ('八', '')."""
    for word in _TRAILING:
        if word in scales and numeral.endswith(word) and len(numeral) > len(word):
            return numeral[: -len(word)], word
    return numeral, ""
