"""Reading a figure as a number to compare: its magnitude with scale words
applied, the rounding its writing implies, and the range of true values a
stated outcome admits (``近6万列`` is a little under 60,000)."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from functools import lru_cache

from luoshi.track.rules import TrackRules
from luoshi.types import Qualifier, Statement

_ARABIC = re.compile(r"\d+(?:\.(\d+))?")


def magnitude(s: Statement) -> float:
    """The value with scale words applied (6000亿元 → 6e11)."""
    if s.base_value is not None:
        return s.base_value
    return s.value if s.value is not None else math.nan


def high_magnitude(s: Statement) -> float | None:
    """The upper end of a range, scaled like ``magnitude``."""
    if s.value_high is None:
        return None
    return s.value_high * scale(s)


def scale(s: Statement) -> float:
    """What the written value is multiplied by to give ``magnitude`` (1e8 for 亿)."""
    if s.value and s.base_value is not None:
        return s.base_value / s.value
    return 1.0


def rounding(s: Statement) -> float:
    """Half a unit of the last digit written, scaled: 1.3亿吨 → 0.05亿吨,
    6000亿元 → 0.5亿元, 1.32 → 0.005; a figure in Chinese numerals (两千)
    is rounded at its last non-zero digit."""
    return _step(s.value_text or "", s.value if s.value is not None else 0.0) / 2 * scale(s)


@lru_cache(maxsize=65536)
def _step(value_text: str, value: float) -> float:
    decimals = [len(m.group(1) or "") for m in _ARABIC.finditer(value_text)]
    if decimals:
        return 10.0 ** -max(decimals)
    return _last_digit(value)


def _last_digit(value: float) -> float:
    """10**k for the last non-zero digit of ``value`` (2000 → 1000, 1.5 → 0.1)."""
    if value == 0 or not math.isfinite(value):
        return 1.0
    exponent = Decimal(repr(abs(value))).normalize().as_tuple().exponent
    return 10.0 ** int(exponent)


def interval(s: Statement, rules: TrackRules) -> tuple[float, float]:
    """The true values an outcome as written admits, scaled."""
    v = magnitude(s)
    tol = rules.tolerance(s.measure, v)
    q = s.qualifier
    if q is Qualifier.AT_LEAST or q is Qualifier.MORE_THAN:
        return v, math.inf
    if q is Qualifier.AT_MOST:
        return -math.inf, v
    if q is Qualifier.ABOUT:
        return v - tol, v + tol
    if q is Qualifier.APPROX_BELOW:
        return v - tol, v
    if q is Qualifier.RANGE:
        high = high_magnitude(s)
        return v, high if high is not None else v
    r = rounding(s)
    return v - r, v + r


def agree(a: Statement, b: Statement, rules: TrackRules) -> bool:
    """Whether two outcomes can both be true (their ranges meet)."""
    if a.base_value == b.base_value and a.qualifier is b.qualifier and a.value_high == b.value_high:
        return True  # the same figure, the common case: no ranges needed
    a_lo, a_hi = interval(a, rules)
    b_lo, b_hi = interval(b, rules)
    slack = 1e-9 * max(abs(a_lo) if math.isfinite(a_lo) else 0, abs(b_lo) if math.isfinite(b_lo) else 0, 1)
    return a_lo <= b_hi + slack and b_lo <= a_hi + slack


def variant(s: Statement, rules: TrackRules) -> str | None:
    """Which way of counting the quote names (到发 or 过境 for 中欧班列), if any."""
    groups = rules.variants.get(s.indicator or "")
    if not groups:
        return None
    for name, words in groups:
        if any(w in s.quote for w in words):
            return name
    return None
