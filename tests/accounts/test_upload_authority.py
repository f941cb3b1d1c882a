"""Authority comes from who uploaded a document, not from its title: an
owner's upload settles only the targets that owner answers for, is listed
as unconfirmed against any other, and counts by the type an admin gives it
once confirmed; every upload and confirmation is in the audit log.

The attack of issue 10 on the bundled samples: 自治区农牧厅 uploads a text
titled 内蒙古自治区政府工作报告摘要 saying 全年到发中欧班列300列, aimed at
自治区商务厅's target 全年到发中欧班列力争超过500列."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from accounts_samples import PASSWORD, admin

from luoshi.accounts import AccountError, Accounts, PermissionDenied, Role, User
from luoshi.accounts.provenance import Uploaded
from luoshi.extract import extract_document
from luoshi.ingest import ingest, stored
from luoshi.load import load_path
from luoshi.source_types import TRUSTED_IMPORT, SourceType
from luoshi.store.sql import SqlStore
from luoshi.track import Source, TrackIndex, scoreboard
from luoshi.track.board import Assessment

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
COMMERCE, FARMING = "自治区商务厅", "自治区农牧厅"
TRAINS = "到发中欧班列力争超过500列"
FAKE_REPORT = "# 内蒙古自治区政府工作报告摘要\n\n发布时间：2026-01-20\n\n2025年，全区全年到发中欧班列300列。\n"
OWN_REPORT = (
    "# 自治区商务厅关于中欧班列开行情况的报告\n\n发布时间：2026-01-15\n\n2025年，内蒙古全年到发中欧班列520列。\n"
)
FILE_NAME = "内蒙古自治区政府工作报告摘要.md"


@pytest.fixture
def root(accounts: Accounts) -> User:
    return admin(accounts)


@pytest.fixture
def samples(store: SqlStore, accounts: Accounts, root: User) -> SqlStore:
    """The bundled samples, ingested as a trusted import, the target of
    trains assigned to 自治区商务厅 (as its document says)."""
    summary = ingest([str(SAMPLES)], store)
    assert summary.failed == [] and summary.new > 0
    accounts.assign_owner(trains(store).target, COMMERCE, by=root)
    return store


def owner(accounts: Accounts, username: str, unit: str) -> User:
    return accounts.add_user(username, PASSWORD, Role.OWNER, owner=unit)


def upload(
    accounts: Accounts, user: User, text: str, tmp_path: Path, name: str = FILE_NAME, kind: SourceType | None = None
) -> Uploaded:
    """What the web does with an uploaded file: load, extract, record."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [doc] = load_path(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return accounts.record_upload(
        user, stored(doc), extract_document(doc), file_name=name, file_sha256=digest, source_type=kind
    )


def trains(store: SqlStore) -> Assessment:
    """自治区商务厅's 2025 target of trains, as the scoreboard shows it (the
    owners an admin assigned taken into account)."""
    index = TrackIndex.from_store(store)
    [found] = [a for a in scoreboard(index, region="内蒙古自治区", period="2025") if TRAINS in a.target.quote]
    return found


def test_an_owners_upload_titled_a_work_report_leaves_another_owners_target_as_it_was(
    samples: SqlStore, accounts: Accounts, tmp_path: Path
):
    before = trains(samples)
    assert before.status.word == "暂无数据"
    up = upload(accounts, owner(accounts, "nongmu", FARMING), FAKE_REPORT, tmp_path)
    assert up.added and up.document.source_type is SourceType.OWNER_REPORT and not up.document.confirmed
    stored_doc = samples.document(up.document.id)
    assert stored_doc is not None and stored_doc.title == "内蒙古自治区政府工作报告摘要"
    assert (stored_doc.source_type, stored_doc.owner, stored_doc.uploaded_by, stored_doc.confirmed_by) == (
        SourceType.OWNER_REPORT, FARMING, "nongmu", None,
    )  # fmt: skip

    after = trains(samples)
    assert after.status.word == "暂无数据" and after.chosen is None
    [listed] = after.link.unconfirmed
    assert listed.statement.value == 300 and listed.source.owner == FARMING
    assert listed.source.authority == "责任单位报送"  # not the 政府工作报告 its title claims


def test_after_an_admin_confirms_it_the_upload_counts_with_its_confirmed_type(
    samples: SqlStore, accounts: Accounts, root: User, tmp_path: Path
):
    up = upload(accounts, owner(accounts, "nongmu", FARMING), FAKE_REPORT, tmp_path)
    index = TrackIndex.from_store(samples)  # a server's index, kept across the confirmation
    confirmed = accounts.confirm_document(root, up.document.id, SourceType.GOVERNMENT_WORK_REPORT)
    assert confirmed.source_type is SourceType.GOVERNMENT_WORK_REPORT and confirmed.confirmed_by == "root"

    a = trains(samples)
    assert a.status.word == "未完成" and a.link.unconfirmed == ()
    assert a.chosen is not None and a.chosen.statement.value == 300 and a.chosen.source.authority == "政府工作报告"
    changed = index.update_source(Source.of(confirmed))
    [relinked] = [link for link in changed if TRAINS in link.target.quote]
    assert relinked.chosen is not None and relinked.chosen.source.authority == "政府工作报告"
    assert relinked == a.link


def test_an_owners_upload_settles_the_targets_that_owner_answers_for(
    samples: SqlStore, accounts: Accounts, tmp_path: Path
):
    upload(accounts, owner(accounts, "shangwu", COMMERCE), OWN_REPORT, tmp_path, "班列.md")
    a = trains(samples)
    assert a.status.word == "已完成" and a.link.unconfirmed == ()
    assert a.chosen is not None and a.chosen.statement.value == 520 and a.chosen.source.authority == "责任单位报送"


def test_an_owner_assigned_by_an_admin_is_the_one_whose_uploads_settle_the_target(
    samples: SqlStore, accounts: Accounts, root: User, tmp_path: Path
):
    nongmu = owner(accounts, "nongmu", FARMING)
    accounts.assign_owner(trains(samples).target, FARMING, by=root)
    upload(accounts, nongmu, FAKE_REPORT, tmp_path)
    a = trains(samples)
    assert a.chosen is not None and a.chosen.statement.value == 300 and a.status.word == "未完成"


def test_the_audit_log_names_who_uploaded_what_and_who_confirmed_it(
    samples: SqlStore, accounts: Accounts, root: User, tmp_path: Path
):
    up = upload(accounts, owner(accounts, "nongmu", FARMING), FAKE_REPORT, tmp_path)
    accounts.confirm_document(root, up.document.id, SourceType.GOVERNMENT_WORK_REPORT)
    confirm, upload_entry = accounts.audit_log(object=f"document:{up.document.id}")
    assert (upload_entry.username, upload_entry.action, upload_entry.before) == ("nongmu", "document.upload", None)
    digest = hashlib.sha256(FAKE_REPORT.encode("utf-8")).hexdigest()
    assert upload_entry.after is not None and {
        k: upload_entry.after[k] for k in ("file", "file_sha256", "id", "source_type", "source_type_label", "owner")
    } == {
        "file": FILE_NAME, "file_sha256": digest, "id": up.document.id, "source_type": "owner_report",
        "source_type_label": "责任单位报送", "owner": FARMING,
    }  # fmt: skip
    assert upload_entry.after["added"] is True and upload_entry.after["statements"] == 1
    assert (confirm.username, confirm.action) == ("root", "document.confirm") and confirm.at >= upload_entry.at
    assert confirm.before is not None and confirm.after is not None
    assert (confirm.before["source_type"], confirm.before["confirmed_by"]) == ("owner_report", None)
    assert (confirm.after["source_type"], confirm.after["confirmed_by"]) == ("government_work_report", "root")
    assert confirm.after["confirmed_at"] is not None


def test_uploading_a_stored_text_again_changes_nothing_and_is_logged(
    samples: SqlStore, accounts: Accounts, tmp_path: Path
):
    cooperation = (SAMPLES / "nmg_cooperation_2025.md").read_text(encoding="utf-8")
    up = upload(accounts, owner(accounts, "nongmu", FARMING), cooperation, tmp_path, "copy.md")
    assert not up.added and up.document.confirmed_by == TRUSTED_IMPORT and up.document.owner is None
    [entry] = accounts.audit_log(object=f"document:{up.document.id}")
    assert entry.username == "nongmu" and entry.after is not None and entry.after["added"] is False


def test_an_admins_upload_is_of_the_type_chosen_never_of_its_title(
    samples: SqlStore, accounts: Accounts, root: User, tmp_path: Path
):
    plain = upload(accounts, root, FAKE_REPORT, tmp_path)
    assert plain.document.source_type is SourceType.NEWS and plain.document.confirmed_by == "root"
    a = trains(samples)
    assert a.chosen is not None and a.chosen.source.authority == "新闻及其他"
    chosen = upload(accounts, root, OWN_REPORT, tmp_path, "通报.md", SourceType.GOVERNMENT_DOCUMENT)
    assert chosen.document.source_type is SourceType.GOVERNMENT_DOCUMENT


def test_who_may_upload_and_confirm(samples: SqlStore, accounts: Accounts, root: User, tmp_path: Path):
    nongmu = owner(accounts, "nongmu", FARMING)
    viewer = accounts.add_user("kan", PASSWORD, Role.VIEWER)
    with pytest.raises(PermissionDenied, match="kan.*不能上传"):
        upload(accounts, viewer, FAKE_REPORT, tmp_path)
    with pytest.raises(PermissionDenied, match="只能是责任单位报送.*不能设为政府工作报告"):
        upload(accounts, nongmu, FAKE_REPORT, tmp_path, kind=SourceType.GOVERNMENT_WORK_REPORT)
    assert accounts.unconfirmed_documents() == []
    assert not [e for e in accounts.audit_log() if e.action.startswith("document.")]
    up = upload(accounts, nongmu, FAKE_REPORT, tmp_path)
    assert [d.id for d in accounts.unconfirmed_documents()] == [up.document.id]
    with pytest.raises(PermissionDenied, match="nongmu.*不能确认文档"):
        accounts.confirm_document(nongmu, up.document.id, SourceType.GOVERNMENT_WORK_REPORT)
    with pytest.raises(AccountError, match="没有文档 nothing"):
        accounts.confirm_document(root, "nothing")
    assert trains(samples).chosen is None and accounts.unconfirmed_documents() != []


def test_a_document_of_unknown_type_is_confirmed_only_with_a_type(
    samples: SqlStore, accounts: Accounts, root: User, tmp_path: Path
):
    up = upload(accounts, owner(accounts, "nongmu", FARMING), FAKE_REPORT, tmp_path)
    samples.backend.execute("UPDATE documents SET source_type = 'unknown' WHERE id = ?", [up.document.id])
    with pytest.raises(AccountError, match="来源类型未定"):
        accounts.confirm_document(root, up.document.id)
    assert accounts.confirm_document(root, up.document.id, SourceType.NEWS).source_type is SourceType.NEWS


def test_an_owners_upload_adds_no_target_to_the_board_until_confirmed(
    samples: SqlStore, accounts: Accounts, root: User, tmp_path: Path
):
    text = "# 内蒙古自治区政府工作报告\n\n发布时间：2025-01-20\n\n2025年，全区口岸货运量目标为2亿吨。\n"
    up = upload(accounts, owner(accounts, "nongmu", FARMING), text, tmp_path, "目标.md")

    def targets_of_upload() -> list[str]:
        board = scoreboard(TrackIndex.from_store(samples), region="内蒙古自治区", period="2025")
        return [a.target.quote for a in board if a.target.doc == up.document.name]

    assert targets_of_upload() == []
    accounts.confirm_document(root, up.document.id, SourceType.GOVERNMENT_WORK_REPORT)
    assert [q for q in targets_of_upload() if "2亿吨" in q]
