"""The scoreboard's rows as pages and the API show them: each target with
its owner, chosen outcome, status, every document stating it (agreeing with
the figure judged or not) and the links to their source spans; filters,
counts by status and a row's JSON. Shared by ``api`` and ``pages``; nothing
here renders HTML."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from luoshi.accounts import target_key
from luoshi.track.board import Assessment
from luoshi.track.link import Evidence
from luoshi.track.same_target import QUALIFIER, UNIT, VALUE, Restatement
from luoshi.track.status import Status
from luoshi.track.tables import assessment_json, deadline_words, figure_words, period_words, status_words
from luoshi.types import Statement
from luoshi.web.links import doc_id_of, document_href, statement_href

STATUS_CLASS = {
    Status.EXCEEDED: "exceeded",
    Status.MET: "met",
    Status.AHEAD: "ahead",
    Status.ON_PACE: "on-pace",
    Status.BEHIND: "behind",
    Status.MISSED: "missed",
    Status.DUE_SOON: "due-soon",
    Status.OVERDUE: "overdue",
    Status.NO_DATA: "no-data",
}
DONE = (Status.MET, Status.EXCEEDED)
DIFFERS_WORDS = {VALUE: "数值", UNIT: "单位", QUALIFIER: "限定词"}


@dataclass(frozen=True)
class SourceLine:
    """One document stating a target, as its row lists it."""

    restatement: Restatement
    doc_id: str | None
    href: str | None
    primary: bool  # the statement the status is judged against

    @property
    def statement(self) -> Statement:
        return self.restatement.statement

    @property
    def name(self) -> str:
        return self.restatement.source.name

    @property
    def authority(self) -> str:
        return self.restatement.source.authority

    @property
    def figure(self) -> str:
        return figure_words(self.statement)

    @property
    def agrees(self) -> bool:
        return self.restatement.agrees

    @property
    def words(self) -> str:
        """一致, or what differs from the figure judged: 不同（数值、限定词）."""
        if self.primary:
            return "据此判断"
        if self.agrees:
            return "一致"
        return "不同（" + "、".join(DIFFERS_WORDS[d] for d in self.restatement.differs) + "）"


@dataclass(frozen=True)
class BoardRow:
    """One line of the scoreboard."""

    assessment: Assessment
    key: str
    owner: str | None
    task: str
    target_href: str | None
    actual: str | None  # 2025年1.32亿吨
    actual_href: str | None
    actual_source: str | None
    status: str  # 已完成（…）
    css: str
    elapsed: str
    sources: tuple[SourceLine, ...] = ()  # every document stating the target, the one judged first
    deadline: str = ""  # 完成时限: 2025-06-30, empty without one
    days: str = ""  # 剩20天, 今天到期, 逾期3天: while it is not met

    @property
    def commitment(self) -> bool:
        """A task without a figure: reported done, not measured."""
        return self.assessment.commitment

    @property
    def target(self) -> Statement:
        return self.assessment.target


def owner_of(target: Statement, owners: Mapping[str, str]) -> str | None:
    """The owner of a target stated once (``Assessment.owner`` for a row)."""
    return owners.get(target_key(target)) or target.owner


def source_lines(a: Assessment, ids: Mapping[str, str]) -> tuple[SourceLine, ...]:
    return tuple(
        SourceLine(r, doc_id_of(r.statement, ids), statement_href(r.statement, ids), n == 0)
        for n, r in enumerate(a.sources)
    )


def board_rows(board: Sequence[Assessment], owners: Mapping[str, str], ids: Mapping[str, str]) -> list[BoardRow]:
    rows = []
    for a in board:
        t, chosen = a.target, a.chosen
        actual = chosen.statement if chosen else None
        rows.append(
            BoardRow(
                assessment=a,
                key=target_key(a.anchor),
                owner=a.owner(owners),
                task=f"{t.region} {t.indicator_name or t.indicator or ''}".strip(),
                target_href=statement_href(t, ids),
                actual=_actual_words(actual) if actual else None,
                actual_href=statement_href(actual, ids) if actual else None,
                actual_source=_source_words(chosen) if chosen else None,
                status=status_words(a),
                css=STATUS_CLASS[a.status],
                elapsed="" if a.elapsed is None else ("全年" if a.elapsed >= 1 else f"{a.elapsed:.0%}"),
                sources=source_lines(a, ids),
                deadline=deadline_words(a),
                days=_days(a),
            )
        )
    return rows


def _actual_words(s: Statement) -> str:
    """2025年1.32亿吨; a report that a commitment is done, as it says it."""
    return s.quote if s.value is None else f"{period_words(s.period)}{figure_words(s)}"


def _days(a: Assessment) -> str:
    """How long is left, for a target whose deadline counts (not met)."""
    days = a.days_left
    if days is None or a.status not in (Status.DUE_SOON, Status.OVERDUE):
        return ""
    return f"逾期{-days}天" if days < 0 else "今天到期" if days == 0 else f"剩{days}天"


def _source_words(e: Evidence) -> str:
    note = "，预计数" if e.preliminary else ""
    return f"{e.source.name}（{e.source.authority}{note}）"


def filter_rows(
    rows: Sequence[BoardRow], owner: str | None, indicator: str | None, status: str | None
) -> list[BoardRow]:
    """Rows of an owner whose name holds ``owner``, an indicator by id or name, a status by code."""
    return [
        r
        for r in rows
        if (not owner or owner in (r.owner or ""))
        and (not indicator or indicator in (r.target.indicator, r.target.indicator_name))
        and (not status or r.assessment.status.value == status)
    ]


def status_counts(rows: Sequence[BoardRow]) -> list[dict[str, Any]]:
    """Targets by status, in STATUS_CLASS order, zeros left out."""
    counts = Counter(r.assessment.status for r in rows)
    return [
        {"status": s.value, "word": s.word, "css": css, "count": counts[s]}
        for s, css in STATUS_CLASS.items()
        if counts[s]
    ]


def row_json(row: BoardRow, ids: Mapping[str, str]) -> dict[str, Any]:
    """A scoreboard row for the API: the track JSON plus owner and links."""
    data = assessment_json(row.assessment)
    data["key"] = row.key
    data["owner"] = row.owner
    data["co_owners"] = list(row.target.co_owners)  # as the text names them: 责任单位, 配合单位
    data["tracked"] = row.assessment.link.trackable  # False: the numeral names a programme
    data["target"]["doc_id"] = doc_id_of(row.target, ids)
    data["target"]["href"] = row.target_href
    data["sources"] = [source_json(line) for line in row.sources]
    for e in [data["chosen"], *data["actuals"], *data["unconfirmed"]]:
        if e is not None:
            e["doc_id"] = ids.get(e["doc"])
            e["href"] = document_href(e["doc_id"], e["start"], e["end"]) if e["doc_id"] else None
    return data


def source_json(line: SourceLine) -> dict[str, Any]:
    """A document stating a target, and whether its figure agrees with the
    one the status is judged against (``differs``: value, unit, qualifier)."""
    s = line.statement
    return {
        "doc": s.doc,
        "doc_id": line.doc_id,
        "href": line.href,
        "start": s.start,
        "end": s.end,
        "quote": s.quote,
        "value": s.value,
        "value_high": s.value_high,
        "unit": s.unit,
        "qualifier": s.qualifier.value if s.qualifier else None,
        "owner": s.owner,
        "authority": line.authority,
        "primary": line.primary,
        "agrees": line.agrees,
        "differs": list(line.restatement.differs),
    }
