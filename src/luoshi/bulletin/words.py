"""The words of a 通报 (rules/data/bulletin.yaml): which column of the 通报
a status is counted in, whether it lags, and how a shortfall and a date read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from luoshi.rules import load_yaml
from luoshi.track.board import Assessment
from luoshi.track.rules import PERCENT_MEASURES
from luoshi.track.status import Status
from luoshi.track.tables import completion_rate, outcome_value, target_value


@dataclass(frozen=True, slots=True)
class Category:
    """A column of the 通报's counts: 已完成, 达进度, 欠进度, …"""

    word: str
    statuses: tuple[str, ...]
    colour: str = "#607d8b"
    lagging: bool = False
    remind: bool = False


@cache
def words() -> dict[str, Any]:
    """bulletin.yaml as read."""
    data: dict[str, Any] = load_yaml("bulletin.yaml")
    return data


@cache
def categories() -> tuple[Category, ...]:
    return tuple(
        Category(
            c["word"],
            tuple(c["statuses"]),
            c.get("colour", "#607d8b"),
            bool(c.get("lagging")),
            bool(c.get("remind")),
        )
        for c in words()["categories"]
    )


def category_of(status: str) -> Category:
    """The category a status id (met, behind, overdue …) is counted in; a
    status the data does not list is its own category under its word."""
    for c in categories():
        if status in c.statuses:
            return c
    try:
        word = Status(status).word
    except ValueError:
        word = status
    lagging = lagging_word(word)
    return Category(word, (status,), lagging=lagging, remind=lagging)


def lagging_word(word: str) -> bool:
    """Whether a category, by its word, lags (a stored 通报 keeps words)."""
    for c in categories():
        if c.word == word:
            return c.lagging
    return any(w in word for w in words()["lagging_words"])


def category_order(word: str) -> int:
    """Where a category stands among the columns (one not listed: before 暂无数据)."""
    listed = [c.word for c in categories()]
    if word in listed:
        return listed.index(word)
    return len(listed) - 1 if listed and listed[-1] == "暂无数据" else len(listed)


def date_words(d: date) -> str:
    """2025年12月8日, as 公文 write dates (no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"


def iso_date_words(text: str | None) -> str:
    """An ISO date (2025-06-30) in words; anything else as it is."""
    if not text:
        return ""
    try:
        return date_words(date.fromisoformat(text))
    except ValueError:
        return text


def _points(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def shortfall_words(a: Assessment) -> str:
    """How far behind a target is, in words: past or near its 完成时限,
    against 序时进度 during the year, against the target at year end, in
    points for a rate."""
    days = a.days_left
    due = ""
    if days is not None and a.outcome_status is not None:
        due = f"已逾期{-days}天" if days < 0 else "今天到期" if days == 0 else f"距完成时限还有{days}天"
    by_figure = _figure_shortfall(a)
    return "，".join(w for w in (due, by_figure) if w)


def _figure_shortfall(a: Assessment) -> str:
    if a.chosen is None:
        return "暂无进展数据"
    share = completion_rate(a)
    unit = a.target.unit or ""
    if share is not None:
        text = f"完成目标的{share:.1%}"
        if a.elapsed is not None and a.elapsed < 1.0:
            gap = (a.elapsed - share) * 100
            if gap > 0:
                text += f"，落后序时进度（{a.elapsed:.1%}）{_points(gap)}个百分点"
            return text
        t, o = target_value(a), outcome_value(a)
        if t is not None and o is not None and t > o:
            text += f"，距目标差{float(f'{t - o:.6g}'):g}{unit}"
        return text
    if a.target.measure in PERCENT_MEASURES:
        t, o = target_value(a), outcome_value(a)
        if t is not None and o is not None:
            return f"实际{o:g}{unit}，与目标（{t:g}{unit}）相差{_points(abs(o - t))}个百分点"
    return ""
