"""Whether a target was met, by its qualifier, in the words 督查 offices use.

At year end (an outcome for the whole period): 已完成, 超额完成, 未完成.

- ``at_least`` / ``more_than`` (超过5700亿元): met when actual ≥ target.
- ``at_most`` (控制在5.5%以内): met when actual ≤ target (within rounding).
- ``range`` (增长5%–5.5%): met inside the range (within rounding), or beyond
  it on the good side.
- ``about`` (5%左右) and ``approx_below`` (近1000亿元): met unless short of
  the target by more than the tolerance (status.yaml: 0.5 points for rates,
  2% of the value for levels and counts).
- ``exact`` (实现口岸货运量1.3亿吨): met unless short by more than the
  rounding of the last written digit (1.3 → 0.05).

超额完成 is met by more than the exceeded margin of status.yaml. For an
indicator where lower is better (失业率, 能耗下降 written negative) the
rules are mirrored.

During the year (an outcome for 2025-10, 2025-Q3, 2025-H1): 超进度, 达进度,
欠进度 against 序时进度. A level or count target compares the share achieved
with the share of the year elapsed; a growth rate or a rate is compared
with the target directly (progress on growth is not a share). 暂无数据 when
nothing reports on the target.

A target with a deadline (完成时限 of a task list) and not met is 逾期未完成
once the deadline has passed, 临期 when it is near (``luoshi.track.deadlines``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from luoshi.track.figures import high_magnitude, magnitude, rounding
from luoshi.track.link import Link
from luoshi.track.periods import share_elapsed
from luoshi.track.rules import PERCENT_MEASURES, TrackRules, track_rules
from luoshi.types import Qualifier, Statement


class Status(StrEnum):
    MET = "met"
    EXCEEDED = "exceeded"
    MISSED = "missed"
    AHEAD = "ahead"
    ON_PACE = "on_pace"
    BEHIND = "behind"
    NO_DATA = "no_data"
    # A target with a deadline (luoshi.track.deadlines) not met by it: past
    # it (逾期未完成), or due within the window (临期); these replace what
    # the outcome alone says, kept as ``Assessment.outcome_status``.
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"

    @property
    def word(self) -> str:
        """已完成, 超额完成, … (status.yaml)."""
        return track_rules().words[self.value]


_IN_YEAR = {Status.MET: Status.ON_PACE, Status.EXCEEDED: Status.AHEAD, Status.MISSED: Status.BEHIND}
_EPS = 1e-9


def direction(target: Statement, rules: TrackRules) -> int:
    """+1 where more is better, -1 where less is."""
    return -1 if target.indicator in rules.lower_is_better else 1


def judge(target: Statement, actual: float, rules: TrackRules | None = None) -> Status:
    """The year-end status of ``target`` given the outcome ``actual`` (scaled, in base units)."""
    rules = rules or track_rules()
    t = magnitude(target)
    q = target.qualifier or Qualifier.EXACT
    r = rounding(target)
    eps = _EPS * max(abs(t), 1.0)
    if q is Qualifier.AT_MOST:
        return Status.MET if actual <= t + r + eps else Status.MISSED
    sign = direction(target, rules)
    near, far = t, t
    if q is Qualifier.RANGE:
        high = high_magnitude(target)
        lo, hi = sorted((t, high if high is not None else t))
        near, far = (lo, hi) if sign > 0 else (hi, lo)
    slack = {
        Qualifier.AT_LEAST: 0.0,
        Qualifier.MORE_THAN: 0.0,
        Qualifier.EXACT: r,
        Qualifier.RANGE: r,
        Qualifier.ABOUT: rules.tolerance(target.measure, t),
        Qualifier.APPROX_BELOW: rules.tolerance(target.measure, t),
    }[q]
    if sign * (actual - near) < -slack - eps:
        return Status.MISSED
    beyond = sign * (actual - far)
    if _may_exceed(target, q, rules) and beyond > rules.exceeded_margin(target.measure, t) + eps:
        return Status.EXCEEDED
    return Status.MET


def _may_exceed(target: Statement, q: Qualifier, rules: TrackRules) -> bool:
    return q in rules.exceeded_qualifiers and target.indicator not in rules.ceilings


def progress_share(target: Statement, actual: Statement) -> float | None:
    """The share of a level or count target an outcome to date has achieved."""
    if target.measure in PERCENT_MEASURES:
        return None
    t = magnitude(target)
    if target.qualifier is Qualifier.RANGE and target.value_high is not None:
        t = min(t, high_magnitude(target) or t)
    return magnitude(actual) / t if t else None


def judge_in_year(target: Statement, actual: Statement, rules: TrackRules | None = None) -> Status:
    """超进度 / 达进度 / 欠进度 of an outcome to date (2025-10) against 序时进度."""
    rules = rules or track_rules()
    elapsed = share_elapsed(actual.period)
    share = progress_share(target, actual)
    if share is None or elapsed is None:
        return _IN_YEAR[judge(target, magnitude(actual), rules)]
    sign = -1 if target.qualifier is Qualifier.AT_MOST or direction(target, rules) < 0 else 1
    ahead = sign * (share - elapsed)
    if ahead > rules.on_pace_band:
        return Status.AHEAD
    if ahead >= -rules.on_pace_band:
        return Status.ON_PACE
    return Status.BEHIND


def status_of(target: Statement, actual: Statement | None, rules: TrackRules | None = None) -> Status:
    """The status a target has by one outcome: year-end when the outcome
    covers the target's whole period, in-year when it covers part of it."""
    if actual is None or actual.value is None:
        return Status.NO_DATA
    elapsed = share_elapsed(actual.period)
    if elapsed is None:
        return Status.NO_DATA
    if elapsed >= 1.0 or actual.period == target.period:
        return judge(target, magnitude(actual), rules)
    return judge_in_year(target, actual, rules)


@dataclass(frozen=True)
class Flag:
    """Something a reader should know about an assessment."""

    code: str  # conflict, preliminary, in_name
    text: str  # in Chinese, naming the sources


def flags_of(link: Link) -> tuple[Flag, ...]:
    if link.trackable and not link.candidates:
        return ()
    out = []
    if not link.trackable:
        out.append(Flag("in_name", "数字为名称的一部分（如“六个倍增计划”），不作为数量跟踪"))
    chosen = link.chosen
    if chosen is not None and chosen.preliminary:
        out.append(Flag("preliminary", f"所用数据为预计/初步数（{chosen.source.name}）"))
    for e in link.conflicts:
        assert chosen is not None
        out.append(
            Flag(
                "conflict",
                f"数据不一致：{chosen.source.name}「{chosen.statement.quote}」与{e.source.name}「{e.statement.quote}」",
            )
        )
    return tuple(out)
