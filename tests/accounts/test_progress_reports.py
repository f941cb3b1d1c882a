"""Progress reports: stored as a document whose one ``actual`` statement
quotes its figure, linked to the target like any outcome; refused whole
when not allowed or not valid."""

from __future__ import annotations

import math

import pytest
from accounts_samples import COMMERCE, PASSWORD, admin, commerce, freight_target, target

from luoshi.accounts import AccountError, Accounts, PermissionDenied, Role
from luoshi.accounts import audit as audit_module
from luoshi.ingest import document_id, reprocess
from luoshi.store import StatementQuery
from luoshi.store.sql import SqlStore
from luoshi.track import TrackIndex, scoreboard
from luoshi.types import Kind, Qualifier


def _nothing_stored(store: SqlStore, accounts: Accounts) -> bool:
    return store.counts() == {"documents": 0, "statements": 0} and accounts.progress_reports() == []


def test_a_report_is_a_document_with_one_actual_statement_quoting_its_figure(store: SqlStore, accounts: Accounts):
    zhang = commerce(accounts)
    t = target()
    rec = accounts.record_progress(zhang, t, 4800, "2025-09", note="前三季度数据")
    doc, [s] = rec.document, rec.statements
    assert doc.loader == "progress" and doc.title == "进展报告" and doc.region == t.region
    assert doc.name == f"进展报告/{COMMERCE}/{rec.report.id}" and doc.id == document_id(doc.text)
    assert doc.text[s.start : s.end] == s.quote == "2025年1-9月口岸货运量4800亿吨"
    assert "填报单位：自治区商务厅" in doc.text and "填报人：张三（zhang）" in doc.text
    assert "前三季度数据" in doc.text and t.quote in doc.text
    assert s.kind is Kind.ACTUAL and s.qualifier is Qualifier.EXACT and s.value == 4800 and s.value_text == "4800亿吨"
    assert (s.region, s.region_code, s.indicator, s.indicator_name, s.measure, s.unit, s.base_unit) == (
        t.region, t.region_code, t.indicator, t.indicator_name, t.measure, t.unit, t.base_unit,
    )  # fmt: skip
    assert s.base_value == pytest.approx(4.8e11) and s.period == "2025-09" and s.owner == COMMERCE
    assert s.rules == ("progress.report",) and s.doc == doc.name
    # as stored
    full = store.document(doc.id)
    assert full is not None and full.text == doc.text and full.loader == "progress"
    assert store.statements(StatementQuery(doc=doc.id)) == [s]
    [report] = accounts.progress_reports()
    assert (
        report == rec.report
        and accounts.progress_reports(t) == [report]
        and accounts.progress_reports(target(start=99)) == []
    )
    assert (report.username, report.owner, report.value, report.unit, report.period, report.doc_id) == (
        "zhang", COMMERCE, 4800.0, "亿吨", "2025-09", doc.id,
    )  # fmt: skip


def test_a_real_target_is_settled_by_a_report_of_its_owner(store: SqlStore, accounts: Accounts):
    t = freight_target(store)
    assert t.owner == COMMERCE
    zhang = commerce(accounts)
    rec = accounts.record_progress(zhang, t, 1.32, "2025")
    index = TrackIndex.from_store(store)
    link = index.link(t)
    assert link.chosen is not None and link.chosen.statement == rec.statements[0]
    assert link.chosen.source.authority == "责任单位报送"
    [a] = [a for a in scoreboard(index, region="内蒙古自治区", period="2025") if a.target == t]
    assert a.status.word == "已完成"


def test_an_in_year_report_is_progress_against_the_elapsed_share(store: SqlStore, accounts: Accounts):
    t = freight_target(store)
    rec = accounts.record_progress(commerce(accounts), t, 1.0, "2025-09")
    [a] = [a for a in scoreboard(TrackIndex.from_store(store), region="内蒙古自治区", period="2025") if a.target == t]
    assert a.chosen is not None and a.chosen.statement == rec.statements[0]
    assert a.elapsed == pytest.approx(0.75) and a.status.word in ("超进度", "达进度", "欠进度")


def test_reports_are_listed_newest_first(accounts: Accounts):
    zhang = commerce(accounts)
    first = accounts.record_progress(zhang, target(), 1.0, "2025-09").report
    second = accounts.record_progress(zhang, target(), 1.1, "2025-10").report
    assert accounts.progress_reports() == [second, first] and first.doc_id != second.doc_id


def test_an_attachment_is_kept_with_the_report(accounts: Accounts):
    zhang = commerce(accounts)
    rec = accounts.record_progress(zhang, target(), 1.0, "2025", attachment=("进展.pdf", b"%PDF-1.4 \x00\xff"))
    assert rec.report.attachment_name == "进展.pdf"
    assert accounts.attachment(rec.report.id) == ("进展.pdf", b"%PDF-1.4 \x00\xff")
    other = accounts.record_progress(zhang, target(), 1.0, "2025")
    assert accounts.attachment(other.report.id) is None and accounts.attachment(12345) is None


def test_an_attachment_over_10_mb_is_refused_and_nothing_is_stored(store: SqlStore, accounts: Accounts):
    zhang = commerce(accounts)
    with pytest.raises(AccountError, match="10 MB"):
        accounts.record_progress(zhang, target(), 1.0, "2025", attachment=("big.pdf", b"x" * (10 * 2**20 + 1)))
    assert _nothing_stored(store, accounts)


@pytest.mark.parametrize("name", ["../etc/passwd", "a/b.pdf", "C:\\x.pdf", "", "..", "a\nb.pdf"])
def test_an_attachment_name_must_be_a_plain_file_name(store: SqlStore, accounts: Accounts, name: str):
    with pytest.raises(AccountError, match="文件名"):
        accounts.record_progress(commerce(accounts), target(), 1.0, "2025", attachment=(name, b"x"))
    assert _nothing_stored(store, accounts)


def test_another_owner_or_a_viewer_is_denied_and_nothing_is_stored(store: SqlStore, accounts: Accounts):
    other = accounts.add_user("li", PASSWORD, Role.OWNER, owner="兴安盟")
    viewer = accounts.add_user("kan", PASSWORD, Role.VIEWER)
    with pytest.raises(PermissionDenied, match="li.*自治区商务厅"):
        accounts.record_progress(other, target(), 1.0, "2025")
    with pytest.raises(PermissionDenied, match="kan"):
        accounts.record_progress(viewer, target(), 1.0, "2025")
    assert _nothing_stored(store, accounts)


def test_an_admin_may_report_for_the_targets_owner(accounts: Accounts):
    rec = accounts.record_progress(admin(accounts), target(), 1.0, "2025")
    assert rec.report.owner == COMMERCE and rec.report.username == "root"


def test_a_league_owner_reports_on_a_county_target(accounts: Accounts):
    xingan = accounts.add_user("xam", PASSWORD, Role.OWNER, owner="兴安盟")
    rec = accounts.record_progress(xingan, target(region="乌兰浩特市", code="152201", owner=None), 2.0, "2025-H1")
    assert rec.report.owner == "兴安盟" and rec.statements[0].region == "乌兰浩特市"
    assert rec.statements[0].quote == "2025年上半年口岸货运量2亿吨"


@pytest.mark.parametrize("period", ["2024", "2026-03", "2025-H2", "2025-13", "2025年", "25", "", "2021-2025"])
def test_a_period_outside_the_targets_year_is_refused(store: SqlStore, accounts: Accounts, period: str):
    with pytest.raises(AccountError, match="填报期"):
        accounts.record_progress(commerce(accounts), target(), 1.0, period)
    assert _nothing_stored(store, accounts)


@pytest.mark.parametrize("period", ["2025", "2025-01", "2025-09", "2025-12", "2025-Q1", "2025-Q3", "2025-H1"])
def test_a_period_of_the_targets_year_to_date_is_accepted(accounts: Accounts, period: str):
    assert accounts.record_progress(commerce(accounts), target(), 1.0, period).report.period == period


def test_a_span_target_takes_a_report_for_its_span(accounts: Accounts):
    rec = accounts.record_progress(admin(accounts), target(period="2021-2025"), 1.0, "2021-2025")
    assert rec.statements[0].period == "2021-2025"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_value_must_be_finite(store: SqlStore, accounts: Accounts, value: float):
    with pytest.raises(AccountError, match="有限"):
        accounts.record_progress(commerce(accounts), target(), value, "2025")
    assert _nothing_stored(store, accounts)


def test_a_note_over_2000_characters_is_refused(store: SqlStore, accounts: Accounts):
    zhang = commerce(accounts)
    with pytest.raises(AccountError, match="2000"):
        accounts.record_progress(zhang, target(), 1.0, "2025", note="字" * 2001)
    assert _nothing_stored(store, accounts)
    assert accounts.record_progress(zhang, target(), 1.0, "2025", note="字" * 2000).report.note == "字" * 2000


def test_only_a_target_takes_progress(accounts: Accounts):
    with pytest.raises(AccountError, match="不是目标"):
        accounts.record_progress(commerce(accounts), target(kind=Kind.ACTUAL), 1.0, "2025")


def test_a_report_whose_row_cannot_be_written_leaves_nothing(
    store: SqlStore, accounts: Accounts, monkeypatch: pytest.MonkeyPatch
):
    zhang = commerce(accounts)

    def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit_module, "write", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        accounts.record_progress(zhang, target(), 1.0, "2025")
    assert _nothing_stored(store, accounts)
    assert store.search("进展报告") == []  # nor its search index


def test_reprocess_leaves_progress_documents_alone(store: SqlStore, accounts: Accounts):
    rec = accounts.record_progress(commerce(accounts), target(), 1.32, "2025")
    docs, _ = reprocess(store)
    assert docs == 0
    assert store.statements(StatementQuery(doc=rec.document.id)) == rec.statements
