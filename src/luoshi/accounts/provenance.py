"""Who brought each document, and who vouched for it.

A web upload (page or API) is stored with who sent it, and its source type
comes from who that is — never from the title the file gives itself:

- an owner's upload is always 责任单位报送 (``owner_report``), submitted for
  the owner's 责任单位 and unconfirmed: it settles only the targets that
  owner answers for (``luoshi.track.authority``);
- an admin's upload is of the type the admin chose (statistics for a
  statistics table, news and other when none was chosen), vouched for by
  that admin.

An admin confirms a document (``confirm_document``), perhaps setting its
type: from then on its figures count for every target, by that type. Every
upload and every confirmation is in the audit log — who, when, the file's
name and SHA-256, the document's id (the SHA-256 of its text) and source
type, and for a confirmation the document before and after.

Storing an upload is one logical operation in two transactions, as a
progress report is (``luoshi.accounts.progress``): the store's
``add_document`` opens its own, the audit entry follows in a second; when
the second fails, the document is removed again, so nothing is stored that
the log does not name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from luoshi.accounts import audit
from luoshi.accounts.records import AccountError, PermissionDenied, Role, User
from luoshi.accounts.users import Users
from luoshi.source_types import CHOOSABLE, SourceType
from luoshi.store import StoredDocument
from luoshi.store.rows import utc_naive
from luoshi.types import Statement


@dataclass(frozen=True, slots=True)
class Uploaded:
    """What ``record_upload`` did: the document as stored (or as it was
    already stored: ``added`` False) and how many statements it holds."""

    document: StoredDocument
    added: bool
    statements: int


def document_object(doc_id: str) -> str:
    """What audit entries about a document name as their object."""
    return f"document:{doc_id}"


def describe(doc: StoredDocument) -> dict[str, Any]:
    """A document as the audit log shows it: what it is and who answers for it."""
    kind = doc.source_type or SourceType.UNKNOWN
    return {
        "id": doc.id,
        "name": doc.name,
        "title": doc.title,
        "source_type": kind.value,
        "source_type_label": kind.label,
        "owner": doc.owner,
        "uploaded_by": doc.uploaded_by,
        "confirmed_by": doc.confirmed_by,
        "confirmed_at": doc.confirmed_at.isoformat() if doc.confirmed_at else None,
    }


# An admin's upload typed by what read it, when the admin chose no type.
_BY_LOADER = {"stats": SourceType.STATISTICS, "tasks": SourceType.TASK_LIST}


def upload_type(user: User, doc: StoredDocument, chosen: SourceType | None) -> SourceType:
    """The source type of ``user``'s upload of ``doc`` (see the module
    docstring); PermissionDenied for a viewer, or an owner choosing any
    type but 责任单位报送."""
    if user.disabled or user.role is Role.VIEWER or (user.role is Role.OWNER and not user.owner):
        raise PermissionDenied(f"用户 {user.username}（{user.role.value}）不能上传文件：只有管理员和责任单位可以")
    if user.role is Role.OWNER:
        if chosen not in (None, SourceType.OWNER_REPORT):
            raise PermissionDenied(
                f"用户 {user.username}（{user.owner}）上传的文件只能是{SourceType.OWNER_REPORT.label}，"
                f"不能设为{chosen.label}：来源类型由管理员确认时设定"
            )
        return SourceType.OWNER_REPORT
    if chosen is SourceType.UNKNOWN:
        raise AccountError(f"来源类型不能设为{SourceType.UNKNOWN.label}：应为 {_choices()} 之一")
    if chosen is not None:
        return chosen
    return _BY_LOADER.get(doc.loader, SourceType.NEWS)


def as_upload(user: User, doc: StoredDocument, chosen: SourceType | None, at: datetime) -> StoredDocument:
    """``doc`` as ``user``'s upload stores it: whatever provenance it came
    with (a trusted import's, from a loader) is replaced by the uploader's."""
    kind = upload_type(user, doc, chosen)
    if user.role is Role.ADMIN:
        return replace(
            doc, source_type=kind, uploaded_by=user.username, owner=None, confirmed_by=user.username, confirmed_at=at
        )
    return replace(
        doc, source_type=kind, uploaded_by=user.username, owner=user.owner, confirmed_by=None, confirmed_at=None
    )


def as_progress_report(user: User, doc: StoredDocument, owner: str, at: datetime) -> StoredDocument:
    """A progress report's document: 责任单位报送 for ``owner``, vouched for
    at once only when an admin recorded it."""
    admin = user.role is Role.ADMIN
    return replace(
        doc,
        source_type=SourceType.OWNER_REPORT,
        uploaded_by=user.username,
        owner=owner,
        confirmed_by=user.username if admin else None,
        confirmed_at=at if admin else None,
    )


def _upload_entry(
    doc: StoredDocument, file_name: str, file_sha256: str, added: bool, statements: int
) -> dict[str, Any]:
    """An upload's audit entry (after): the document, the file, whether it was added."""
    after = {**describe(doc), "file": file_name, "file_sha256": file_sha256, "added": added}
    if added:
        after["statements"] = statements
    return after


def _choices() -> str:
    return "、".join(f"{t.value}（{t.label}）" for t in CHOOSABLE)


class Provenance(Users):
    def record_upload(
        self,
        user: User,
        doc: StoredDocument,
        statements: Sequence[Statement],
        *,
        file_name: str,
        file_sha256: str,
        source_type: SourceType | None = None,
    ) -> Uploaded:
        """Store ``user``'s upload of ``doc`` (read from the file
        ``file_name``, whose bytes have the SHA-256 ``file_sha256``) with
        its statements, and log it. A document already stored is left as it
        was — an upload changes nobody's vouching — and the attempt is
        logged all the same. PermissionDenied / AccountError as
        ``upload_type`` says."""
        record = as_upload(user, doc, source_type, self._now())
        if self.store.has_document(record.id):
            self._log_upload(user, record, file_name, file_sha256, added=False, statements=0)
            return Uploaded(self.store.document(record.id) or record, False, 0)
        result = self.store.add_document(record, statements)
        record = replace(record, name=result.name)  # NAME (2) when another document holds the name
        try:
            self._log_upload(user, record, file_name, file_sha256, result.added, result.statements)
        except BaseException:
            if result.added:
                self._remove_document(record.id)
            raise
        if not result.added:  # stored by another request meanwhile: as it was
            return Uploaded(self.store.document(record.id) or record, False, result.statements)
        return Uploaded(record, True, result.statements)

    def record_uploads(
        self,
        user: User,
        items: Sequence[tuple[StoredDocument, Sequence[Statement]]],
        *,
        file_name: str,
        file_sha256: str,
        source_type: SourceType | None = None,
    ) -> list[Uploaded]:
        """Documents of one upload (a bulk CSV's rows: an upload job's
        batch), each stored and logged as ``record_upload`` does, in two
        transactions for all of them rather than two or three a document:
        the documents (``Store.add_documents``), then their audit entries;
        when the entries cannot be written, the documents added are removed
        again. Each comes back under the name it is stored by."""
        at = self._now()
        records = [(as_upload(user, doc, source_type, at), statements) for doc, statements in items]
        results = self.store.add_documents(records)
        entries = [
            (user.username, "document.upload", document_object(record.id), None,
             _upload_entry(replace(record, name=result.name), file_name, file_sha256, result.added, result.statements))
            for (record, _), result in zip(records, results, strict=True)
        ]  # fmt: skip
        try:
            with self._guard(f"cannot log the upload of {file_name}"), self._db.transaction():
                audit.write_many(self._db, entries)
        except BaseException:
            for result in results:
                if result.added:
                    self._remove_document(result.doc_id)
            raise
        return [
            Uploaded(replace(record, name=result.name), result.added, result.statements)
            for (record, _), result in zip(records, results, strict=True)
        ]

    def _log_upload(
        self, user: User, doc: StoredDocument, file_name: str, file_sha256: str, added: bool, statements: int
    ) -> None:
        after = _upload_entry(doc, file_name, file_sha256, added, statements)
        with self._guard(f"cannot log the upload of {file_name}"), self._db.transaction():
            self._audit(user.username, "document.upload", document_object(doc.id), None, after)

    def confirm_document(self, by: User, ref: str, source_type: SourceType | None = None) -> StoredDocument:
        """An admin vouches for a document (by id, name or id prefix), of
        ``source_type`` when given, else of the type it has: from now on its
        figures count for every target. Returns the document as it is now
        (without its text). PermissionDenied for anyone but an admin;
        AccountError for no such document, or no type to confirm it with."""
        if by.role is not Role.ADMIN or by.disabled:
            raise PermissionDenied(f"用户 {by.username}（{by.role.value}）不能确认文档：只有管理员可以")
        found = self.store.document(ref)
        if found is None:
            raise AccountError(f"没有文档 {ref}")
        before = replace(found, text="")
        kind = source_type or before.source_type or SourceType.UNKNOWN
        if kind is SourceType.UNKNOWN:
            raise AccountError(f"文档 {before.name} 的来源类型未定：确认时请指定来源类型（{_choices()}）")
        now = self._now()
        after = replace(before, source_type=kind, confirmed_by=by.username, confirmed_at=now)
        with self._guard(f"cannot confirm document {before.id}"), self._db.transaction():
            self._db.execute(
                "UPDATE documents SET source_type = ?, confirmed_by = ?, confirmed_at = ? WHERE id = ?",
                [kind.value, by.username, utc_naive(now), before.id],
            )
            self.store.relink(self.store.partitions_of_document(before.id))  # its figures now count for every target
            self._audit(by.username, "document.confirm", document_object(before.id), describe(before), describe(after))
        return after

    def unconfirmed_documents(self) -> list[StoredDocument]:
        """Documents nobody vouched for yet, newest first (without texts)."""
        return [d for d in self.store.documents() if not d.confirmed]
