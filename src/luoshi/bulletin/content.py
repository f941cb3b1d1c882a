"""What a 通报 says, before any layout: its tasks with status, latest figure
and sources, the counts by status and by 牵头单位, and what changed since the
previous 通报. A ``Bulletin`` is plain data: stored as JSON with its
snapshot, it renders the same DOCX or PDF again later."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from luoshi.bulletin.words import (
    category_of,
    category_order,
    date_words,
    lagging_word,
    shortfall_words,
    words,
)
from luoshi.clock import beijing
from luoshi.track.board import Assessment
from luoshi.track.keys import target_key
from luoshi.track.ranking import Source
from luoshi.track.tables import Cell, completion_rate, figure_words, period_words, scoreboard_rows, status_words
from luoshi.types import Statement

DEADLINE_COLUMN = "完成时限"


@dataclass(frozen=True, slots=True)
class Task:
    """One target as the 通报 reports it."""

    key: str  # target_key of the target's anchor: what snapshots compare by
    name: str  # 任务/指标
    owner: str  # 牵头单位 (or the words for none)
    status: str  # Status id: met, behind, overdue …
    status_word: str  # 已完成（按上年同期进度推算…）
    category: str  # the 通报's column: 已完成, 欠进度 …
    lagging: bool
    target: str  # the target as its document says it
    target_source: str  # 《title》，2025年2月10日
    latest: str = ""  # 2025年1-10月1.32亿吨
    latest_source: str = ""
    shortfall: str = ""  # how far behind, in words
    deadline: str = ""  # 完成时限 in words
    completion: float | None = None  # 完成率 of a level or count target
    elapsed: float | None = None  # 序时进度 of the figure used


@dataclass(frozen=True, slots=True)
class Change:
    """What moved since the previous 通报 of the same scope."""

    number: int
    as_of: str  # ISO date
    newly_met: tuple[str, ...] = ()  # task names
    newly_lagging: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bulletin:
    region: str
    period: str
    owner: str | None
    as_of: date
    issued_at: datetime
    number: int  # 第N期 within its scope
    issuer: str
    tasks: tuple[Task, ...]
    annex: tuple[dict[str, Cell], ...]
    annex_columns: tuple[str, ...]
    change: Change | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    # -- what the sections count ------------------------------------------------
    @property
    def title(self) -> str:
        return str(words()["title"]).format(scope=self.scope)

    @property
    def scope(self) -> str:
        """内蒙古自治区2025年, or 自治区商务厅2025年 for one owner's 通报."""
        w = words()
        template = w["scope_owner"] if self.owner else w["scope_region"]
        return str(template).format(region=self.region, owner=self.owner or "", period=period_words(self.period))

    def counts(self) -> list[tuple[str, int]]:
        """(category, tasks) for every category with a task, in the 通报's order."""
        found = Counter(t.category for t in self.tasks)
        return sorted(found.items(), key=lambda kv: category_order(kv[0]))

    def by_owner(self) -> list[tuple[str, Counter[str]]]:
        """(牵头单位, tasks by category), most tasks first, then by name."""
        units: dict[str, Counter[str]] = {}
        for t in self.tasks:
            units.setdefault(t.owner, Counter())[t.category] += 1
        return sorted(units.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))

    def lagging(self) -> list[Task]:
        return [t for t in self.tasks if t.lagging]

    def statuses(self) -> dict[str, str]:
        """target key → the category reported: what the next 通报 compares with."""
        return {t.key: t.category for t in self.tasks}

    def fill(self, text: str, **more: Any) -> str:
        """A template of bulletin.yaml with this 通报's names filled in."""
        values = {
            "region": self.region,
            "owner": self.owner or "",
            "period": period_words(self.period),
            "as_of": date_words(self.as_of),
            "issuer": self.issuer,
            "scope": self.scope,
        }
        return text.format(**{**values, **more})

    # -- stored as JSON ---------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "period": self.period,
            "owner": self.owner,
            "as_of": self.as_of.isoformat(),
            "issued_at": self.issued_at.isoformat(),
            "number": self.number,
            "issuer": self.issuer,
            "tasks": [asdict(t) for t in self.tasks],
            "annex": list(self.annex),
            "annex_columns": list(self.annex_columns),
            "change": None if self.change is None else asdict(self.change),
            "extra": self.extra,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Bulletin:
        change = data.get("change")
        return cls(
            region=data["region"],
            period=data["period"],
            owner=data.get("owner"),
            as_of=date.fromisoformat(data["as_of"]),
            issued_at=datetime.fromisoformat(data["issued_at"]),
            number=int(data["number"]),
            issuer=data["issuer"],
            tasks=tuple(Task(**t) for t in data["tasks"]),
            annex=tuple(dict(r) for r in data["annex"]),
            annex_columns=tuple(data["annex_columns"]),
            change=None
            if change is None
            else Change(
                int(change["number"]),
                change["as_of"],
                tuple(change["newly_met"]),
                tuple(change["newly_lagging"]),
            ),
            extra=dict(data.get("extra") or {}),
        )


# -- building ---------------------------------------------------------------------
def source_words(source: Source) -> str:
    """《title》，2025年2月10日: the document a figure comes from and its date."""
    # a title that is only the file's name (a statistics table) is no title
    titled = source.title and source.title != Path(source.name).stem
    name = f"《{source.title}》" if titled else source.name
    if source.published:
        return f"{name}，{date_words(source.published)}"
    if source.ingested_at:
        return f"{name}，{date_words(beijing(source.ingested_at).date())}入库"
    return name


def _name(t: Statement, region: str) -> str:
    name = t.indicator_name or t.indicator or t.quote
    return name if t.region == region else f"{t.region}{name}"


def task_of(a: Assessment, owner: str | None, region: str) -> Task:
    category = category_of(a.status.value)
    chosen = a.chosen
    latest = latest_source = ""
    if chosen is not None:
        s = chosen.statement
        latest = f"{period_words(s.period)}{figure_words(s)}"
        latest_source = source_words(chosen.source)
    return Task(
        key=target_key(a.anchor),
        name=_name(a.target, region),
        owner=owner or str(words()["no_owner"]),
        status=a.status.value,
        status_word=status_words(a),
        category=category.word,
        lagging=category.lagging,
        target=a.target.quote,
        target_source=source_words(a.link.source),
        latest=latest,
        latest_source=latest_source,
        shortfall=shortfall_words(a) if category.lagging or category.remind else "",
        deadline=date_words(a.deadline) if a.deadline else "",
        completion=completion_rate(a),
        elapsed=a.elapsed,
    )


def changes(tasks: Sequence[Task], previous: Mapping[str, str] | None, number: int, as_of: str) -> Change | None:
    """新增完成 and 新增滞后 against the categories a previous 通报 reported
    (target key → category); a task new since then counts if it is now met
    or lagging."""
    if previous is None:
        return None
    done = categories_done()
    met = tuple(t.name for t in tasks if t.category in done and previous.get(t.key) not in done)
    lagging_before = {k for k, c in previous.items() if lagging_word(c)}
    lagging = tuple(t.name for t in tasks if t.lagging and t.key not in lagging_before)
    return Change(number, as_of, met, lagging)


def categories_done() -> frozenset[str]:
    """The categories that count as done (已完成): those of met and exceeded."""
    return frozenset({category_of("met").word, category_of("exceeded").word})


def build_bulletin(
    assessments: Sequence[Assessment],
    owner_of: Callable[[Assessment], str | None],
    *,
    region: str,
    period: str,
    owner: str | None,
    as_of: date,
    issued_at: datetime,
    number: int = 1,
    issuer: str | None = None,
    previous: tuple[int, str, Mapping[str, str]] | None = None,
) -> Bulletin:
    """The 通报 of ``assessments`` (the scoreboard of its scope).
    ``previous``: the number, ISO date and reported categories of the
    previous 通报 of the same scope, for what changed since."""
    owners = {id(a): owner_of(a) for a in assessments}
    tasks = tuple(task_of(a, owners[id(a)], region) for a in assessments)
    by_target = {a.target: owners[id(a)] for a in assessments}
    rows = scoreboard_rows(assessments, lambda t: by_target.get(t, t.owner))
    deadlines = [date_words(a.deadline) if a.deadline else "" for a in assessments]
    wanted = [c for c in words()["annex_columns"] if c != DEADLINE_COLUMN or any(deadlines)]
    annex = []
    for row, task, deadline in zip(rows, tasks, deadlines, strict=True):
        row = {**row, "任务/指标": task.name, DEADLINE_COLUMN: deadline}
        annex.append({c: row.get(c) for c in wanted})
    change = None
    if previous is not None:
        change = changes(tasks, previous[2], previous[0], previous[1])
    return Bulletin(
        region=region,
        period=period,
        owner=owner,
        as_of=as_of,
        issued_at=issued_at,
        number=number,
        issuer=issuer or str(words()["issuer"]).format(region=region),
        tasks=tasks,
        annex=tuple(annex),
        annex_columns=tuple(wanted),
        change=change,
    )
