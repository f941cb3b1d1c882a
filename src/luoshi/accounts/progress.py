"""Progress reports by owners, kept as evidence the way a statistics import
is: each report is a stored document (loader ``progress``) whose text, in
Chinese, says who reported what, and one ``actual`` statement over its
figure sentence — so linking settles targets with it like any outcome,
ranked by status.yaml's authority list below statistics and government
work reports (责任单位报送).

Writing a report is one logical operation in two transactions: the store's
``add_document`` opens its own (DuckDB cannot nest transactions), and the
report's row and audit entry follow in a second one. When the second fails,
the document and its statements are deleted again, so a report is stored
whole (document, row, audit entry) or not at all — barring a crash between
the two, which leaves a document no report row points to; it is harmless
evidence still naming its 填报人.
"""

from __future__ import annotations

import math
import re
from typing import Any

from luoshi.accounts.audit import aware
from luoshi.accounts.ownership import Ownership
from luoshi.accounts.records import (
    AccountError,
    PermissionDenied,
    ProgressReport,
    Recorded,
    Role,
    User,
    target_key,
)
from luoshi.ingest import document_id
from luoshi.numbers.scanner import split_unit
from luoshi.store import StoredDocument
from luoshi.store.backend import Row
from luoshi.store.rows import utc_naive
from luoshi.track.figures import variant
from luoshi.track.periods import split, within
from luoshi.track.rules import track_rules
from luoshi.types import Kind, Measure, Qualifier, Statement

LOADER = "progress"
RULE = "progress.report"
MAX_NOTE = 2000  # characters
MAX_ATTACHMENT = 10 * 2**20  # bytes
MAX_NAME = 200  # characters of an attachment's file name
# The periods tracking reads (luoshi.track.periods): a year, or a part of it
# to date; 2025-H2 is no figure to date, so no report can be for it.
_PERIOD = re.compile(r"(?:19|20)\d{2}(?:-(?:0[1-9]|1[0-2]|Q[1-4]|H1))?")
_QUARTERS = {"Q1": "一季度", "Q2": "前两季度", "Q3": "前三季度", "Q4": "前四季度"}
_UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f\x7f]")
_REPORT_COLUMNS = "id, target, username, owner, value, unit, period, note, attachment_name, created_at, doc_id"


def period_words(period: str) -> str:
    """2025-09 → 2025年1-9月, 2025-Q3 → 2025年前三季度, 2025-H1 → 2025年上半年."""
    year, part = split(period)
    if part is None:
        return f"{year}年"
    if part in _QUARTERS:
        return f"{year}年{_QUARTERS[part]}"
    if part == "H1":
        return f"{year}年上半年"
    month = int(part)
    return f"{year}年1月" if month == 1 else f"{year}年1-{month}月"


def number_words(value: float) -> str:
    """4800.0 → 4800, 1.32 → 1.32: as a person writes it, never 1e+06."""
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _variant_word(target: Statement) -> str:
    """The word naming how the target counts (到发 of 到发中欧班列), so that
    the report counts the same way and links to it."""
    rules = track_rules()
    name = variant(target, rules)
    for group, words in rules.variants.get(target.indicator or "", ()):
        if group == name:
            return next((w for w in words if w in target.quote), "")
    return ""


def figure_sentence(target: Statement, value: float, period: str) -> tuple[str, str]:
    """(sentence, figure as written) of a report: 2025年1-9月口岸货运量1.32亿吨."""
    figure = number_words(value) + (target.unit or "")
    name = target.indicator_name or target.indicator or "指标"
    word = _variant_word(target)
    if word and word not in name:
        name = word + name
    verb = "同比增长" if target.measure is Measure.GROWTH_PCT else ""
    return f"{period_words(period)}{name}{verb}{figure}", figure


def check_attachment(attachment: tuple[str, bytes] | None) -> tuple[str, bytes] | None:
    if attachment is None:
        return None
    name, data = attachment
    name = name.strip()
    if not name or name in (".", "..") or _UNSAFE_NAME.search(name) or len(name) > MAX_NAME:
        raise AccountError(f"附件文件名 {name!r} 不可用：只能是不含路径和控制字符的文件名（最多 {MAX_NAME} 个字符）")
    if len(data) > MAX_ATTACHMENT:
        raise AccountError(f"附件 {name} 太大（{len(data) / 2**20:.1f} MB）：不能超过 {MAX_ATTACHMENT // 2**20} MB")
    return name, bytes(data)


def report_from_row(row: Row) -> ProgressReport:
    id_, target, username, owner, value, unit, period, note, attachment_name, created_at, doc_id = row
    return ProgressReport(
        int(id_), target, username, owner, float(value), unit, period, note, attachment_name, aware(created_at), doc_id
    )


def describe(report: ProgressReport, size: int | None) -> dict[str, Any]:
    """A report as the audit log shows it: the figures, not the attachment."""
    return {
        "id": report.id,
        "target": report.target,
        "owner": report.owner,
        "value": report.value,
        "unit": report.unit,
        "period": report.period,
        "note": report.note,
        "attachment_name": report.attachment_name,
        "attachment_bytes": size,
        "doc_id": report.doc_id,
    }


class Progress(Ownership):
    def record_progress(
        self,
        user: User,
        target: Statement,
        value: float,
        period: str,
        note: str = "",
        attachment: tuple[str, bytes] | None = None,
    ) -> Recorded:
        """Store an owner's report of a target's progress as evidence (see
        the module docstring); PermissionDenied unless ``may_report``,
        AccountError for a bad value, period, note or attachment."""
        key = target_key(target)
        if target.kind is not Kind.TARGET:
            raise AccountError(f"{key} 不是目标（{target.kind.value}），不能填报进展")
        if not self.may_report(user, target):
            owner = self.owner_of(target) or "未指定"
            raise PermissionDenied(
                f"用户 {user.username}（{user.role.value}，{user.owner or '无责任单位'}）不能填报 {key} 的进展："
                f"该目标的责任单位是 {owner}"
            )
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise AccountError(f"进展数值 {value!r} 不是有限的数")
        period = period.strip()
        if not ((_PERIOD.fullmatch(period) and within(period, target.period)) or period == target.period):
            raise AccountError(
                f"填报期 {period!r} 不可用：应为目标期 {target.period} 或其年内至今的期"
                f"（如 {split(target.period)[0]}-09、-Q3、-H1）"
            )
        note = note.strip()
        if len(note) > MAX_NOTE:
            raise AccountError(f"说明太长（{len(note)} 字）：不能超过 {MAX_NOTE} 字")
        checked = check_attachment(attachment)
        owner = user.owner if user.role is Role.OWNER and user.owner else self.owner_of(target) or user.username

        with self._guard("cannot number a progress report"):
            report_id = int(self._db.execute("SELECT nextval('progress_reports_id')")[0][0])
        now = self._now()
        sentence, figure = figure_sentence(target, float(value), period)
        text, start = _report_text(report_id, owner, user, now.strftime("%Y-%m-%d %H:%M:%S.%f"), target, sentence)
        text += f"说明：{note or '无'}\n"
        if checked is not None:
            text += f"附件：{checked[0]}（{len(checked[1])} 字节）\n"
        name = f"进展报告/{owner}/{report_id}"
        scale, stem = split_unit(target.unit) if target.unit else (1.0, None)
        statement = Statement(
            doc=name,
            start=start,
            end=start + len(sentence),
            quote=sentence,
            kind=Kind.ACTUAL,
            period=period,
            region=target.region,
            region_code=target.region_code,
            indicator=target.indicator,
            indicator_name=target.indicator_name,
            measure=target.measure,
            value=float(value),
            unit=target.unit,
            base_value=float(value) * scale if target.unit else float(value),
            base_unit=target.base_unit or stem,
            qualifier=Qualifier.EXACT,
            value_text=figure,
            owner=owner,
            cumulative=target.cumulative,
            rules=(RULE,),
        )
        doc = StoredDocument(
            id=document_id(text),
            name=name,
            text=text,
            title="进展报告",
            region=target.region,
            published=now.date(),
            loader=LOADER,
            ingested_at=now,
        )
        self.store.add_document(doc, [statement])
        report = ProgressReport(
            report_id, key, user.username, owner, float(value), target.unit, period, note,
            checked[0] if checked else None, now, doc.id,
        )  # fmt: skip
        try:
            with self._guard(f"cannot store progress report {report_id}"), self._db.transaction():
                self._db.execute(
                    f"INSERT INTO progress_reports ({_REPORT_COLUMNS}, user_id, attachment)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        report_id, key, user.username, owner, report.value, report.unit, period, note,
                        report.attachment_name, utc_naive(now), doc.id, user.id, checked[1] if checked else None,
                    ],
                )  # fmt: skip
                size = len(checked[1]) if checked else None
                self._audit(user.username, "progress.record", key, None, describe(report, size))
        except BaseException:
            self._remove_document(doc.id)
            raise
        return Recorded(report, doc, [statement])

    def _remove_document(self, doc_id: str) -> None:
        """Undo ``add_document`` of a report whose row could not be written."""
        # Two transactions: DuckDB refuses to delete a row whose referencing
        # rows were deleted in the same transaction (a documented limitation
        # of its foreign keys).
        with self._guard(f"cannot remove document {doc_id}"):
            with self._db.transaction():
                rows = self._db.execute("SELECT doc_no FROM documents WHERE id = ?", [doc_id])
                if rows:
                    self._db.execute("DELETE FROM doc_bigrams WHERE doc_no = ?", [rows[0][0]])
                self._db.execute("DELETE FROM statements WHERE doc_id = ?", [doc_id])
                self._db.execute("UPDATE documents SET statement_count = 0 WHERE id = ?", [doc_id])
            with self._db.transaction():
                self._db.execute("DELETE FROM documents WHERE id = ?", [doc_id])

    def progress_reports(self, target: Statement | None = None) -> list[ProgressReport]:
        """Reports, newest first; only those on ``target`` when given."""
        sql = f"SELECT {_REPORT_COLUMNS} FROM progress_reports"
        params: list[Any] = []
        if target is not None:
            sql += " WHERE target = ?"
            params.append(target_key(target))
        with self._guard("cannot read progress reports"):
            rows = self._db.execute(sql + " ORDER BY created_at DESC, id DESC", params)
        return [report_from_row(r) for r in rows]

    def attachment(self, report_id: int) -> tuple[str, bytes] | None:
        """(file name, bytes) attached to a report, if any."""
        with self._guard(f"cannot read the attachment of report {report_id}"):
            rows = self._db.execute(
                "SELECT attachment_name, attachment FROM progress_reports WHERE id = ?", [int(report_id)]
            )
        if not rows or rows[0][0] is None or rows[0][1] is None:
            return None
        return str(rows[0][0]), bytes(rows[0][1])


def _report_text(report_id: int, owner: str, user: User, at: str, target: Statement, sentence: str) -> tuple[str, int]:
    """The report's text up to its figure line, and where the figure sentence starts."""
    who = f"{user.display_name}（{user.username}）" if user.display_name else user.username
    head = (
        "进展报告\n"
        f"报告编号：{report_id}\n"
        f"填报单位：{owner}\n"
        f"填报人：{who}\n"
        f"填报时间：{at} UTC\n"
        f"目标：{target.quote}（{target.doc}，{target.period}）\n"
        "进展："
    )
    return head + sentence + "。\n", len(head)
