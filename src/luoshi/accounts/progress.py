"""Progress reports by owners: who may report, correct and withdraw, the
``progress_reports`` rows and their audit entries. The report's figure is
checked and made a document by ``luoshi.progress_evidence``.

Writing a report is one logical operation in two transactions: the store's
``add_document`` opens its own (DuckDB cannot nest transactions), and the
report's row and audit entry follow in a second one. When the second fails,
the document and its statements are deleted again, so a report is stored
whole (document, row, audit entry) or not at all — barring a crash between
the two, which leaves a document no report row points to; it is harmless
evidence still naming its 填报人.

A correction is a new report superseding the old one; a withdrawal marks
the report withdrawn. Either keeps the old row and document (the record of
what was said) but deletes the old document's statements in the same
transaction as the row's change, so the old figure is no longer evidence:
it settles nothing and conflicts with nothing. A report for the period its
author already reported on the same target corrects that report.

A commitment without a figure (a task list's 建立…机制) is reported done
instead (``record_completion``): a report without a value whose evidence is
its note and attachment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from luoshi.accounts.audit import aware
from luoshi.accounts.ownership import Ownership
from luoshi.accounts.provenance import as_progress_report
from luoshi.accounts.records import (
    AccountError,
    PermissionDenied,
    ProgressReport,
    Recorded,
    Role,
    User,
    Withdrawn,
    target_key,
)
from luoshi.progress_evidence import (
    Figure,
    InvalidReport,
    Report,
    check_figure,
    check_note,
    completion_document,
    report_document,
)
from luoshi.store import StatementQuery
from luoshi.store.backend import Row
from luoshi.store.rows import utc_naive
from luoshi.track.commitments import is_commitment
from luoshi.types import Kind, Statement

MAX_ATTACHMENT = 10 * 2**20  # bytes
MAX_NAME = 200  # characters of an attachment's file name
_UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f\x7f]")
_REPORT_COLUMNS = (
    "id, target, username, owner, value, unit, period, note, attachment_name, created_at, doc_id,"
    " supersedes, superseded_by, withdrawn_at, withdrawn_by"
)
_CURRENT = "superseded_by IS NULL AND withdrawn_at IS NULL"


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
    (
        id_, target, username, owner, value, unit, period, note, attachment_name, created_at, doc_id,
        supersedes, superseded_by, withdrawn_at, withdrawn_by,
    ) = row  # fmt: skip
    return ProgressReport(
        int(id_), target, username, owner, None if value is None else float(value), unit, period, note,
        attachment_name, aware(created_at),
        doc_id, None if supersedes is None else int(supersedes), None if superseded_by is None else int(superseded_by),
        None if withdrawn_at is None else aware(withdrawn_at), withdrawn_by,
    )  # fmt: skip


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
    } | {  # the state of a correction or withdrawal, only once there is one
        k: v
        for k, v in (
            ("supersedes", report.supersedes),
            ("superseded_by", report.superseded_by),
            ("withdrawn_at", report.withdrawn_at),
            ("withdrawn_by", report.withdrawn_by),
        )
        if v is not None
    }


@contextmanager
def _as_account_error() -> Iterator[None]:
    """A figure's problem, told the way every other bad input to accounts is."""
    try:
        yield
    except InvalidReport as exc:
        raise AccountError(str(exc)) from None


class Progress(Ownership):
    # -- reporting ---------------------------------------------------------------
    def record_progress(
        self,
        user: User,
        target: Statement,
        value: float,
        period: str,
        note: str = "",
        attachment: tuple[str, bytes] | None = None,
        unit: str | None = None,
    ) -> Recorded:
        """Store an owner's report of a target's progress as evidence (see
        the module docstring); PermissionDenied unless ``may_report``,
        AccountError for a bad value, unit, period, note or attachment.
        ``unit`` defaults to the target's; another scale of it (万吨 for
        亿吨) is taken as written. A report for a period its author already
        reported on this target corrects that report."""
        self._check_reporter(user, target)
        with _as_account_error():
            figure = check_figure(target, value, period, unit)
            text = check_note(note)
        checked = check_attachment(attachment)
        earlier = self._current_report(user, target_key(target), figure.period)
        return self._store_report(user, target, figure, text, checked, earlier)

    def record_completion(
        self, user: User, target: Statement, note: str, attachment: tuple[str, bytes] | None = None
    ) -> Recorded:
        """Report a commitment (a task without a figure) done — 已完成 — with
        its evidence: a note saying what was done, an attachment, or both.
        Its owner's report settles it as any report settles its owner's
        targets; an admin's settles it outright. PermissionDenied unless
        ``may_report``; AccountError for a target with a figure (report the
        figure) or a report with no evidence. A second report on the same
        commitment by its author corrects the first."""
        self._check_reporter(user, target)
        if not is_commitment(target):
            raise AccountError(f"目标「{target.quote}」有数量指标：请填报进展数值，而不是报告已完成")
        with _as_account_error():
            text = check_note(note)
        checked = check_attachment(attachment)
        if not text and checked is None:
            raise AccountError("报告已完成须写明完成情况（说明）或附上依据（附件）")
        earlier = self._current_report(user, target_key(target), target.period)
        return self._store_report(user, target, None, text, checked, earlier)

    def correct_progress(
        self,
        user: User,
        report_id: int,
        target: Statement,
        value: float,
        period: str | None = None,
        note: str | None = None,
        attachment: tuple[str, bytes] | None = None,
        unit: str | None = None,
    ) -> Recorded:
        """A new report superseding report ``report_id`` (its author's or an
        admin's to correct): period, note, unit and attachment stay as they
        were unless given. The old report's figure is no longer evidence."""
        old = self._editable(user, report_id, "更正")
        if target_key(target) != old.target:
            raise AccountError(f"报告 {old.id} 是目标 {old.target} 的进展，不是 {target_key(target)} 的")
        self._check_reporter(user, target)
        with _as_account_error():
            figure = check_figure(target, value, old.period if period is None else period, unit or old.unit)
            text = check_note(old.note if note is None else note)
        checked = check_attachment(attachment) if attachment is not None else self.attachment(old.id)
        return self._store_report(user, target, figure, text, checked, old)

    def withdraw_progress(self, user: User, report_id: int, reason: str = "") -> Withdrawn:
        """Withdraw report ``report_id`` (its author's or an admin's): the row
        and document stay, marked withdrawn; its figure is no longer evidence."""
        old = self._editable(user, report_id, "撤回")
        with _as_account_error():
            why = check_note(reason)
        dropped = self.store.statements(StatementQuery(doc=old.doc_id))
        now = self._now()
        with self._guard(f"cannot withdraw progress report {old.id}"), self._db.transaction():
            if not self._db.execute(
                f"UPDATE progress_reports SET withdrawn_at = ?, withdrawn_by = ? WHERE id = ? AND {_CURRENT}"
                " RETURNING id",
                [utc_naive(now), user.username, old.id],
            ):
                raise AccountError(f"报告 {old.id} 已被更正或撤回，不能再撤回")
            self._drop_evidence(old.doc_id)
            report = self._report(old.id)
            size = self._attachment_size(old.id)
            after = describe(report, size) | {"reason": why}
            self._audit(user.username, "progress.withdraw", old.target, describe(old, size), after)
        return Withdrawn(report, dropped)

    # -- reading -------------------------------------------------------------------
    def progress_reports(self, target: Statement | None = None, *, current: bool = False) -> list[ProgressReport]:
        """Reports, newest first; only those on ``target`` when given, only
        those still counting (neither corrected nor withdrawn) when ``current``."""
        sql = f"SELECT {_REPORT_COLUMNS} FROM progress_reports"
        where, params = [], []
        if target is not None:
            where.append("target = ?")
            params.append(target_key(target))
        if current:
            where.append(_CURRENT)
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._guard("cannot read progress reports"):
            rows = self._db.execute(sql + " ORDER BY created_at DESC, id DESC", params)
        return [report_from_row(r) for r in rows]

    def progress_report(self, report_id: int) -> ProgressReport | None:
        with self._guard(f"cannot read progress report {report_id}"):
            rows = self._db.execute(f"SELECT {_REPORT_COLUMNS} FROM progress_reports WHERE id = ?", [int(report_id)])
        return report_from_row(rows[0]) if rows else None

    def attachment(self, report_id: int) -> tuple[str, bytes] | None:
        """(file name, bytes) attached to a report, if any."""
        with self._guard(f"cannot read the attachment of report {report_id}"):
            rows = self._db.execute(
                "SELECT attachment_name, attachment FROM progress_reports WHERE id = ?", [int(report_id)]
            )
        if not rows or rows[0][0] is None or rows[0][1] is None:
            return None
        return str(rows[0][0]), bytes(rows[0][1])

    def may_edit(self, user: User, report: ProgressReport) -> bool:
        """Whether ``user`` may correct or withdraw ``report``: its author or an admin."""
        if user.disabled:
            return False
        return user.role is Role.ADMIN or user.username == report.username

    # -- inside ------------------------------------------------------------------
    def _check_reporter(self, user: User, target: Statement) -> None:
        key = target_key(target)
        if target.kind is not Kind.TARGET:
            raise AccountError(f"{key} 不是目标（{target.kind.value}），不能填报进展")
        if not self.may_report(user, target):
            owner = self.owner_of(target) or "未指定"
            raise PermissionDenied(
                f"用户 {user.username}（{user.role.value}，{user.owner or '无责任单位'}）不能填报 {key} 的进展："
                f"该目标的责任单位是 {owner}"
            )

    def _editable(self, user: User, report_id: int, doing: str) -> ProgressReport:
        report = self.progress_report(report_id)
        if report is None:
            raise AccountError(f"没有编号为 {report_id} 的进展报告")
        if not self.may_edit(user, report):
            raise PermissionDenied(
                f"用户 {user.username}（{user.role.value}）不能{doing}报告 {report.id}："
                f"只有填报人 {report.username} 或管理员可以"
            )
        if not report.current:
            raise AccountError(f"报告 {report.id} {report.state_word}，不能再{doing}")
        return report

    def _current_report(self, user: User, key: str, period: str) -> ProgressReport | None:
        """The author's report still counting on this target for this period."""
        with self._guard("cannot read progress reports"):
            rows = self._db.execute(
                f"SELECT {_REPORT_COLUMNS} FROM progress_reports"
                f" WHERE target = ? AND user_id = ? AND period = ? AND {_CURRENT}"
                " ORDER BY created_at DESC, id DESC LIMIT 1",
                [key, user.id, period],
            )
        return report_from_row(rows[0]) if rows else None

    def _store_report(
        self,
        user: User,
        target: Statement,
        figure: Figure | None,  # None: a commitment reported done
        note: str,
        checked: tuple[str, bytes] | None,
        replaces: ProgressReport | None,
    ) -> Recorded:
        key = target_key(target)
        owner = user.owner if user.role is Role.OWNER and user.owner else self.owner_of(target) or user.username
        with self._guard("cannot number a progress report"):
            report_id = int(self._db.execute("SELECT nextval('progress_reports_id')")[0][0])
        now = self._now()
        reporter = f"{user.display_name}（{user.username}）" if user.display_name else user.username
        attached = (checked[0], len(checked[1])) if checked else None
        said = Report(report_id, owner, reporter, now, note, attached, replaces.id if replaces else None)
        if figure is None:
            doc, statement = completion_document(target, said)
        else:
            doc, statement = report_document(target, figure, said)
        doc = as_progress_report(user, doc, owner, now)  # settles its owner's targets only, unless an admin's
        dropped = self.store.statements(StatementQuery(doc=replaces.doc_id)) if replaces else []
        self.store.add_document(doc, [statement])
        value, unit, period = (
            (None, None, target.period) if figure is None else (figure.value, figure.unit, figure.period)
        )
        report = ProgressReport(
            report_id, key, user.username, owner, value, unit, period, note,
            checked[0] if checked else None, now, doc.id, replaces.id if replaces else None,
        )  # fmt: skip
        size = len(checked[1]) if checked else None
        try:
            with self._guard(f"cannot store progress report {report_id}"), self._db.transaction():
                self._db.execute(
                    f"INSERT INTO progress_reports ({_REPORT_COLUMNS}, user_id, attachment)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        report_id, key, user.username, owner, report.value, report.unit, report.period, note,
                        report.attachment_name, utc_naive(now), doc.id, report.supersedes, None, None, None,
                        user.id, checked[1] if checked else None,
                    ],
                )  # fmt: skip
                if replaces is None:
                    self._audit(user.username, "progress.record", key, None, describe(report, size))
                    replaced = None
                else:
                    replaced = self._supersede(replaces, report_id)
                    before = describe(replaces, self._attachment_size(replaces.id))
                    self._audit(user.username, "progress.correct", key, before, describe(report, size))
        except BaseException:
            self._remove_document(doc.id)
            raise
        return Recorded(report, doc, [statement], replaced, dropped)

    def _supersede(self, old: ProgressReport, by: int) -> ProgressReport:
        """Mark ``old`` superseded by report ``by``, inside the caller's transaction."""
        if not self._db.execute(
            f"UPDATE progress_reports SET superseded_by = ? WHERE id = ? AND {_CURRENT} RETURNING id", [by, old.id]
        ):
            # another request corrected or withdrew it meanwhile
            raise AccountError(f"报告 {old.id} 已被更正或撤回，请更正其最新的报告")
        self._drop_evidence(old.doc_id)
        return self._report(old.id)

    def _drop_evidence(self, doc_id: str) -> None:
        """The statements of a report's document, deleted inside the caller's
        transaction: the document stays as the record of what was said."""
        touched = self.store.partitions_of_document(doc_id)
        self._db.execute("DELETE FROM statements WHERE doc_id = ?", [doc_id])
        self._db.execute("UPDATE documents SET statement_count = 0 WHERE id = ?", [doc_id])
        self.store.relink(touched)

    def _report(self, report_id: int) -> ProgressReport:
        rows = self._db.execute(f"SELECT {_REPORT_COLUMNS} FROM progress_reports WHERE id = ?", [report_id])
        return report_from_row(rows[0])

    def _attachment_size(self, report_id: int) -> int | None:
        rows = self._db.execute("SELECT octet_length(attachment) FROM progress_reports WHERE id = ?", [report_id])
        return None if not rows or rows[0][0] is None else int(rows[0][0])
