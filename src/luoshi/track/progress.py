"""In-year progress: 序时进度 and a year-end projection.

序时进度 is the share of the year an outcome to date covers (2025-11 →
91.7%, 2025-Q1 → 25%, 2025-H1 → 50%; ``periods.share_elapsed``). A level or
count outcome to date is projected to the year end from the same months of
the previous year where the store has them::

    projection = to_date × previous full year / previous same months

and linearly otherwise (``to_date / share elapsed``). Growth rates and
rates are not projected: the cumulative rate is already the best guess of
the year's.
"""

from __future__ import annotations

from dataclasses import dataclass

from luoshi.track.figures import magnitude, scale
from luoshi.track.link import Evidence
from luoshi.track.link_index import TrackIndex
from luoshi.track.periods import share_elapsed
from luoshi.track.rules import PERCENT_MEASURES
from luoshi.track.status import Status, judge
from luoshi.types import Statement

__all__ = ["Projection", "project", "share_elapsed"]

SAME_PERIOD = "same_period_last_year"
LINEAR = "linear"


@dataclass(frozen=True)
class Projection:
    """A year-end estimate from an outcome to date."""

    value: float  # in the outcome's unit as written (亿吨)
    unit: str | None
    method: str  # same_period_last_year or linear
    status: Status  # the year-end rule applied to the estimate
    basis: tuple[Evidence, ...] = ()  # previous full year, previous same months

    @property
    def method_word(self) -> str:
        return "按上年同期进度推算" if self.method == SAME_PERIOD else "按序时线性推算"


def project(target: Statement, to_date: Evidence, index: TrackIndex | None = None) -> Projection | None:
    """The year-end projection of a level or count target from an outcome
    to date; None for a full-period outcome or a rate."""
    s = to_date.statement
    elapsed = share_elapsed(s.period)
    if elapsed is None or elapsed >= 1.0 or s.measure in PERCENT_MEASURES or target.measure in PERCENT_MEASURES:
        return None
    now = magnitude(s)
    full, part = index.previous(s) if index is not None else (None, None)
    if full is not None and part is not None and magnitude(part.statement) > 0:
        value = now * magnitude(full.statement) / magnitude(part.statement)
        return Projection(value / scale(s), s.unit, SAME_PERIOD, judge(target, value), (full, part))
    value = now / elapsed
    return Projection(value / scale(s), s.unit, LINEAR, judge(target, value))
