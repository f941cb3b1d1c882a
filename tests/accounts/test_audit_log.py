"""The audit log: every change with who, when, what, before and after —
and never a password or a token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from accounts_samples import COMMERCE, PASSWORD, admin, commerce, target

from luoshi.accounts import Accounts, AuditEntry


def _by_action(accounts: Accounts) -> dict[str, AuditEntry]:
    return {e.action: e for e in reversed(accounts.audit_log())}


def test_user_changes_are_recorded_with_before_and_after(accounts: Accounts):
    commerce(accounts)
    accounts.set_password("zhang", "another long one", by="root")
    accounts.disable("zhang", by="root")
    entries = _by_action(accounts)
    added, disabled = entries["user.add"], entries["user.disable"]
    assert added.username == "cli" and added.object == "user:zhang" and added.before is None
    assert added.after == {
        "username": "zhang", "role": "owner", "owner": COMMERCE, "display_name": "张三", "disabled": False,
    }  # fmt: skip
    assert disabled.username == "root" and disabled.before is not None and disabled.after is not None
    assert (disabled.before["disabled"], disabled.after["disabled"]) == (False, True)
    assert entries["user.set_password"].object == "user:zhang"
    assert abs(added.at - datetime.now(UTC)) < timedelta(minutes=5)


def test_token_issue_and_revoke_are_recorded_without_the_token(accounts: Accounts):
    commerce(accounts)
    token = accounts.issue_token("zhang", "nightly", by="root")
    accounts.revoke_token(token, by="root")
    entries = _by_action(accounts)
    assert entries["token.issue"].after is not None and entries["token.issue"].after["label"] == "nightly"
    revoked = entries["token.revoke"]
    assert revoked.before is not None and revoked.after is not None
    assert (revoked.before["revoked"], revoked.after["revoked"]) == (False, True)


def test_an_owner_assignment_is_recorded_under_the_target_key(accounts: Accounts):
    root = admin(accounts)
    accounts.assign_owner(target(), "兴安盟", by=root)
    accounts.assign_owner(target(), "自治区交通运输厅", by=root)
    first, second = reversed(accounts.audit_log(object="plan.txt:10-22"))
    assert (first.action, first.username, first.before, first.after) == (
        "owner.assign", "root", {"owner": COMMERCE}, {"owner": "兴安盟"},
    )  # fmt: skip
    assert (second.before, second.after) == ({"owner": "兴安盟"}, {"owner": "自治区交通运输厅"})


def test_a_progress_report_is_recorded_with_its_figures(accounts: Accounts):
    zhang = commerce(accounts)
    rec = accounts.record_progress(zhang, target(), 1.32, "2025", note="全年", attachment=("a.pdf", b"12345"))
    [entry] = accounts.audit_log(object="plan.txt:10-22")
    assert entry.action == "progress.record" and entry.username == "zhang" and entry.before is None
    assert entry.after == {
        "id": rec.report.id, "target": "plan.txt:10-22", "owner": COMMERCE, "value": 1.32, "unit": "亿吨",
        "period": "2025", "note": "全年", "attachment_name": "a.pdf", "attachment_bytes": 5,
        "doc_id": rec.document.id,
    }  # fmt: skip


def test_no_password_or_token_reaches_the_audit_table(accounts: Accounts):
    zhang = commerce(accounts)
    accounts.set_password("zhang", "another long one")
    token = accounts.issue_token("zhang")
    accounts.revoke_token(token, by="root")
    session_id, csrf = accounts.start_session(zhang)
    stored = " ".join(str(v) for row in accounts.store.backend.execute("SELECT * FROM audit_log") for v in row)
    for secret in (PASSWORD, "another long one", token, token[3:], session_id, csrf, "$argon2"):
        assert secret not in stored


def test_the_log_is_newest_first_and_limited(accounts: Accounts):
    admin(accounts)
    commerce(accounts)
    accounts.disable("zhang")
    assert [e.action for e in accounts.audit_log()] == ["user.disable", "user.add", "user.add"]
    assert [e.object for e in accounts.audit_log(limit=1)] == ["user:zhang"]
    assert [e.action for e in accounts.audit_log(object="user:root")] == ["user.add"]
