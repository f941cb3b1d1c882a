"""Progress reports checked against their target (sign, unit, period),
corrected and withdrawn by their author or an admin: a correction supersedes
the report it replaces — the board uses the new figure and flags no conflict
— and a withdrawn report is no longer evidence. On the sample article's
全年到发中欧班列力争超过500列 (自治区商务厅) and the 督查通报's
到发中欧班列已突破430列 for 1—10月."""

from __future__ import annotations

from pathlib import Path

import pytest
from accounts_samples import COMMERCE, PASSWORD, admin, commerce

from luoshi.accounts import AccountError, Accounts, PermissionDenied, Role, User
from luoshi.ingest import ingest
from luoshi.store import StatementQuery
from luoshi.store.duckdb_store import DuckDBStore
from luoshi.store.migrations import MIGRATIONS
from luoshi.store.sql import SqlStore
from luoshi.track import TrackIndex, consistency, scoreboard
from luoshi.track.board import Assessment
from luoshi.types import Kind, Measure, Statement

REPO = Path(__file__).resolve().parents[2]
ARTICLE = REPO / "samples" / "nmg_cooperation_2025.md"  # the targets, 2025
REPORT = REPO / "samples" / "nmg_report_2026.md"  # the targets, 2026
BULLETIN = REPO / "tests" / "gold" / "genres" / "dev" / "duban_tongbao.txt"  # outcomes to 1—10月


def _trains(store: SqlStore, accounts: Accounts) -> Statement:
    """全年到发中欧班列力争超过500列, assigned to 自治区商务厅, with the bulletin's 430列 stored."""
    assert ingest([str(ARTICLE), str(BULLETIN)], store).failed == []
    [t] = [t for t in store.statements(StatementQuery(kind=Kind.TARGET)) if "到发中欧班列" in t.quote]
    assert (t.value, t.unit, t.period) == (500, "列", "2025")
    accounts.assign_owner(t, COMMERCE, by=accounts.user("root") or admin(accounts))
    return t


def _freight(store: SqlStore) -> Statement:
    [t] = [t for t in store.statements(StatementQuery(kind=Kind.TARGET)) if "口岸货运量" in t.quote]
    assert (t.value, t.unit) == (1.3, "亿吨")
    return t


def _row(store: SqlStore, t: Statement) -> Assessment:
    index = TrackIndex.from_store(store)
    [a] = [a for a in scoreboard(index, region="内蒙古自治区", period="2025") if a.target == t]
    return a


def _quotes(a: Assessment) -> list[str]:
    return [e.statement.quote for e in a.link.candidates]


def test_a_correction_is_the_figure_used_and_no_conflict(store: SqlStore, accounts: Accounts):
    t = _trains(store, accounts)
    zhang = commerce(accounts)
    first = accounts.record_progress(zhang, t, 460, "2025-11")
    assert _row(store, t).chosen.statement.value == 460  # type: ignore[union-attr]
    fixed = accounts.correct_progress(zhang, first.report.id, t, 465)
    a = _row(store, t)
    assert a.chosen is not None and a.chosen.statement == fixed.statements[0]
    assert a.chosen.statement.quote == "2025年1-11月到发中欧班列465列"
    assert not a.link.conflict and _quotes(a) == ["2025年1-11月到发中欧班列465列", "到发中欧班列已突破430列"]
    assert not [f for f in consistency(TrackIndex.from_store(store)) if "班列" in f.message]
    # the old report is kept, superseded, and its document no longer holds evidence
    old = accounts.progress_report(first.report.id)
    assert old is not None and old.superseded_by == fixed.report.id and not old.current
    assert fixed.report.supersedes == first.report.id and fixed.replaced == old
    assert fixed.dropped == first.statements
    assert store.document(first.document.id) is not None
    assert store.statements(StatementQuery(doc=first.document.id)) == []
    assert f"更正报告：{first.report.id}" in fixed.document.text
    assert accounts.progress_reports(t, current=True) == [fixed.report]
    assert accounts.progress_reports(t) == [fixed.report, old]


def test_a_correction_is_audited_with_the_figure_before_and_after(store: SqlStore, accounts: Accounts):
    t = _trains(store, accounts)
    zhang = commerce(accounts)
    first = accounts.record_progress(zhang, t, 460, "2025-11", note="铁路部门快报")
    fixed = accounts.correct_progress(zhang, first.report.id, t, 465, period="2025-11")
    entry = accounts.audit_log(limit=1)[0]
    assert (entry.username, entry.action, entry.object) == ("zhang", "progress.correct", first.report.target)
    assert entry.before is not None and entry.after is not None
    assert (entry.before["id"], entry.before["value"], entry.before["note"]) == (first.report.id, 460, "铁路部门快报")
    assert (entry.after["id"], entry.after["value"], entry.after["supersedes"]) == (
        fixed.report.id,
        465,
        first.report.id,
    )
    assert fixed.report.note == "铁路部门快报"  # kept unless given


def test_withdrawing_goes_back_to_the_documents_outcome(store: SqlStore, accounts: Accounts):
    t = _trains(store, accounts)
    zhang = commerce(accounts)
    first = accounts.record_progress(zhang, t, 460, "2025-11")
    fixed = accounts.correct_progress(zhang, first.report.id, t, 465)
    gone = accounts.withdraw_progress(zhang, fixed.report.id, reason="数据口径有误")
    assert gone.report.withdrawn_by == "zhang" and gone.report.withdrawn_at is not None
    assert gone.report.state_word == "已撤回" and gone.dropped == fixed.statements
    a = _row(store, t)
    assert a.chosen is not None and a.chosen.statement.quote == "到发中欧班列已突破430列"
    assert _quotes(a) == ["到发中欧班列已突破430列"] and not a.link.conflict
    entry = accounts.audit_log(limit=1)[0]
    assert entry.action == "progress.withdraw" and entry.before is not None and "withdrawn_at" not in entry.before
    assert entry.after is not None and entry.after["withdrawn_by"] == "zhang"
    assert entry.after["reason"] == "数据口径有误"
    assert accounts.progress_reports(t, current=True) == []


def test_a_second_report_for_the_same_period_by_its_author_corrects_the_first(store: SqlStore, accounts: Accounts):
    t = _trains(store, accounts)
    zhang = commerce(accounts)
    first = accounts.record_progress(zhang, t, 460, "2025-11")
    second = accounts.record_progress(zhang, t, 465, "2025-11")
    assert second.report.supersedes == first.report.id and second.replaced is not None
    a = _row(store, t)
    assert a.chosen is not None and a.chosen.statement.value == 465 and not a.link.conflict
    assert accounts.audit_log(limit=1)[0].action == "progress.correct"


def test_another_period_is_another_report(store: SqlStore, accounts: Accounts):
    t = _trains(store, accounts)
    zhang = commerce(accounts)
    first = accounts.record_progress(zhang, t, 440, "2025-10")
    second = accounts.record_progress(zhang, t, 465, "2025-11")
    assert second.report.supersedes is None and accounts.progress_report(first.report.id).current  # type: ignore[union-attr]


def test_two_users_of_a_unit_disagreeing_is_still_a_conflict(store: SqlStore, accounts: Accounts):
    t = _trains(store, accounts)
    accounts.record_progress(commerce(accounts), t, 460, "2025-11")
    wang = accounts.add_user("wang", PASSWORD, Role.OWNER, owner=COMMERCE)
    accounts.record_progress(wang, t, 490, "2025-11")
    assert _row(store, t).link.conflict  # not the author's own correction: both stand


def test_only_the_author_or_an_admin_corrects_or_withdraws(store: SqlStore, accounts: Accounts):
    t = _trains(store, accounts)
    rec = accounts.record_progress(commerce(accounts), t, 460, "2025-11")
    wang = accounts.add_user("wang", PASSWORD, Role.OWNER, owner=COMMERCE)
    kan = accounts.add_user("kan", PASSWORD, Role.VIEWER)
    for who in (wang, kan):
        with pytest.raises(PermissionDenied, match=f"{who.username}.*填报人 zhang 或管理员"):
            accounts.correct_progress(who, rec.report.id, t, 1)
        with pytest.raises(PermissionDenied, match="撤回"):
            accounts.withdraw_progress(who, rec.report.id)
    assert accounts.progress_report(rec.report.id) == rec.report
    root = accounts.user("root")
    assert root is not None
    fixed = accounts.correct_progress(root, rec.report.id, t, 470)
    assert fixed.report.username == "root" and fixed.report.owner == COMMERCE
    assert accounts.withdraw_progress(root, fixed.report.id).report.withdrawn_by == "root"


def test_a_corrected_or_withdrawn_report_cannot_be_changed_again(store: SqlStore, accounts: Accounts):
    t = _trains(store, accounts)
    zhang = commerce(accounts)
    first = accounts.record_progress(zhang, t, 460, "2025-11")
    fixed = accounts.correct_progress(zhang, first.report.id, t, 465)
    with pytest.raises(AccountError, match=f"已更正（见报告 {fixed.report.id}）"):
        accounts.correct_progress(zhang, first.report.id, t, 466)
    accounts.withdraw_progress(zhang, fixed.report.id)
    with pytest.raises(AccountError, match="已撤回"):
        accounts.withdraw_progress(zhang, fixed.report.id)
    with pytest.raises(AccountError, match="没有编号为 999 的进展报告"):
        accounts.withdraw_progress(zhang, 999)


def test_a_correction_names_the_reports_own_target(store: SqlStore, accounts: Accounts):
    t = _trains(store, accounts)
    zhang = commerce(accounts)
    rec = accounts.record_progress(zhang, t, 460, "2025-11")
    with pytest.raises(AccountError, match="不是"):
        accounts.correct_progress(zhang, rec.report.id, _freight(store), 1.1)


def test_a_refused_correction_leaves_the_report_counting(store: SqlStore, accounts: Accounts):
    t = _trains(store, accounts)
    zhang = commerce(accounts)
    rec = accounts.record_progress(zhang, t, 460, "2025-11")
    documents = store.counts()["documents"]
    with pytest.raises(AccountError, match="不能为负数"):
        accounts.correct_progress(zhang, rec.report.id, t, -5)
    assert accounts.progress_report(rec.report.id) == rec.report and store.counts()["documents"] == documents
    assert _row(store, t).chosen.statement.value == 460  # type: ignore[union-attr]


# -- checks against the target ---------------------------------------------------


def _owner(accounts: Accounts) -> User:
    return commerce(accounts)


def test_a_negative_count_is_refused(store: SqlStore, accounts: Accounts):
    t = _trains(store, accounts)
    with pytest.raises(AccountError, match=r"进展数值 -5 不可用：中欧班列是数量.*不能为负数"):
        accounts.record_progress(_owner(accounts), t, -5, "2025-10")
    assert accounts.progress_reports() == []


def test_a_decline_is_a_growth_rates_figure_but_no_rates(store: SqlStore, accounts: Accounts):
    assert ingest([str(REPORT)], store).failed == []
    targets = store.statements(StatementQuery(kind=Kind.TARGET, period="2026"))
    [gdp] = [t for t in targets if t.quote == "全区地区生产总值预期增长5%左右"]
    [jobless] = [t for t in targets if t.quote == "城镇调查失业率预期为5.7%左右"]
    assert (gdp.measure, jobless.measure) == (Measure.GROWTH_PCT, Measure.RATE_PCT)
    root = admin(accounts)
    rec = accounts.record_progress(root, gdp, -1.5, "2026-Q1")
    assert rec.statements[0].value == -1.5 and rec.statements[0].quote == "2026年一季度地区生产总值同比增长-1.5%"
    with pytest.raises(AccountError, match="城镇调查失业率是比率.*不能为负数"):
        accounts.record_progress(root, jobless, -0.2, "2026-Q1")


def test_another_stem_than_the_targets_is_refused(store: SqlStore, accounts: Accounts):
    t = _trains(store, accounts)
    with pytest.raises(AccountError, match="单位 万吨 与目标的单位 列 不一致：中欧班列以列计"):
        accounts.record_progress(_owner(accounts), t, 5, "2025-10", unit="万吨")
    assert accounts.progress_reports() == []


def test_another_scale_of_the_targets_unit_is_taken_as_written(store: SqlStore, accounts: Accounts):
    assert ingest([str(ARTICLE)], store).failed == []
    t = _freight(store)
    rec = accounts.record_progress(admin(accounts), t, 13100, "2025", unit="万吨")
    s = rec.statements[0]
    assert (s.value, s.unit, s.base_value, s.base_unit) == (13100, "万吨", pytest.approx(1.31e8), "吨")
    assert s.quote == "2025年口岸货运量13100万吨" and rec.report.unit == "万吨"
    a = _row(store, t)
    assert a.chosen is not None and a.chosen.statement == s and a.status.word in ("已完成", "超额完成")


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2024", "填报期 2024 不在目标期 2025 内：只能填报2025年的数"),
        ("2027-Q1", "填报期 2027-Q1 不在目标期 2025 内"),
        ("2025-M10", "填报期 2025-M10 不可用：10月当月的数不是年初至今的累计数"),
        ("2025-H2", "下半年的数不是年初至今的累计数"),
        ("2025年10月", "写法不对：应写作 2025、2025-10（1-10月累计）"),
    ],
)
def test_a_period_outside_the_targets_year_to_date_is_refused_with_its_reason(
    store: SqlStore, accounts: Accounts, period: str, message: str
):
    t = _trains(store, accounts)
    with pytest.raises(AccountError, match=message.replace("(", r"\(").replace(")", r"\)")):
        accounts.record_progress(_owner(accounts), t, 440, period)
    assert accounts.progress_reports() == []


def test_reports_stored_before_corrections_existed_still_count(tmp_path: Path):
    older = tuple(m for m in MIGRATIONS if not m.name.startswith("0008"))
    store = DuckDBStore(tmp_path / "old.duckdb", migrations=older)
    accounts = Accounts(store)
    zhang = commerce(accounts)
    store.backend.execute(
        "INSERT INTO progress_reports (target, user_id, username, owner, value, unit, period, note, created_at, doc_id)"
        " VALUES ('plan.txt:10-22', ?, 'zhang', ?, 1.0, '亿吨', '2025', '', TIMESTAMP '2025-10-01', 'd')",
        [zhang.id, COMMERCE],
    )
    store.close()
    store = DuckDBStore(tmp_path / "old.duckdb")
    [report] = Accounts(store).progress_reports()
    assert report.current and report.supersedes is None and report.value == 1.0
    store.close()
