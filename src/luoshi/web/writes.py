"""What the web may change, written once for the pages and the API: an
upload as its uploader sent it (``Upload``; a job stores it:
``luoshi.web.upload_jobs``), confirm a document, record, correct or
withdraw progress, assign an owner.
Each writes through the main store handle and tells the state what changed."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from luoshi.accounts import AccountError, PermissionDenied, Recorded, User, Withdrawn
from luoshi.errors import InputError
from luoshi.given_metadata import GivenMetadata, given_metadata
from luoshi.source_types import SourceType, parse_source_type
from luoshi.store import StoredDocument
from luoshi.types import Statement
from luoshi.web.errors import WebError
from luoshi.web.server_state import WebState

_UNSAFE = re.compile(r"[^\w.\-\u4e00-\u9fff]+")
# Bytes of an uploaded file's name as stored: file systems allow 255, and
# the name is a document's label on every page.
MAX_NAME_BYTES = 200
_LONGEST_SUFFIX = 10  # bytes of an extension kept whole (.xlsx, .html)


def safe_name(filename: str | None) -> str:
    """The file's own name, without folders or characters a path could misuse,
    at most MAX_NAME_BYTES in UTF-8 (its extension kept). NFKC first: a
    full-width ／ or ．． becomes a plain one before folders are dropped, and
    é written as e and a combining accent stays one letter."""
    plain = unicodedata.normalize("NFKC", filename or "").replace("\\", "/")
    cleaned = _UNSAFE.sub("_", Path(plain).name).strip("._")
    return _cut(cleaned, MAX_NAME_BYTES) or "upload"


def _cut(name: str, most: int) -> str:
    """``name`` in at most ``most`` UTF-8 bytes: the stem shortened on a
    character boundary, a short extension kept whole."""
    if len(name.encode()) <= most:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or len(suffix.encode()) > _LONGEST_SUFFIX:
        stem, suffix = name, ""
    tail = "." + suffix if suffix else ""
    cut = stem.encode()[: most - len(tail.encode())].decode("utf-8", "ignore").rstrip("._")
    return cut + tail if cut else ""


def metadata_fields(region: str | None, published: str | None, title: str | None) -> GivenMetadata:
    """What a form or request says of an uploaded document, checked; 422
    naming the field and what is wrong."""
    try:
        return given_metadata(region, published, title)
    except InputError as exc:
        raise WebError(422, f"{exc.source}：{exc.reason}") from exc


def source_type_field(given: str | None) -> SourceType | None:
    """The source type a form or request names (id or Chinese word); None
    when not given; 422 naming the value when it is no choosable type."""
    if given is None or not given.strip():
        return None
    try:
        return parse_source_type(given)
    except InputError as exc:
        raise WebError(422, str(exc)) from exc


@dataclass(frozen=True)
class Upload:
    """Who sent which file, the source type they chose (None: their default)
    and what they said of the document (region, date, title: in place of the
    loader's guesses)."""

    user: User
    data: bytes
    filename: str | None
    source_type: SourceType | None = None
    given: GivenMetadata = GivenMetadata()

    @property
    def file_name(self) -> str:
        return safe_name(self.filename)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def confirm_document(state: WebState, user: User, ref: str, source_type: SourceType | None) -> StoredDocument:
    """An admin vouches for a document, perhaps setting its type: its figures
    count for every target from now on (``Provenance.confirm_document``)."""
    with state.writing() as store:
        try:
            doc = state.accounts(store).confirm_document(user, ref, source_type)
        except PermissionDenied as exc:
            raise WebError(403, str(exc)) from exc
        except AccountError as exc:
            raise WebError(404 if store.document(ref) is None else 422, str(exc)) from exc
        state.confirmed(doc)
    return doc


def record_progress(
    state: WebState, user: User, target: Statement, value: float, period: str, note: str,
    attachment: tuple[str, bytes] | None, unit: str | None = None,
) -> Recorded:  # fmt: skip
    with state.writing() as store:
        recorded = state.accounts(store).record_progress(user, target, value, period, note, attachment, unit)
        _relink(state, recorded)
    return recorded


def record_completion(
    state: WebState, user: User, target: Statement, note: str, attachment: tuple[str, bytes] | None
) -> Recorded:
    """A commitment (a task without a figure) reported done, with its evidence."""
    with state.writing() as store:
        recorded = state.accounts(store).record_completion(user, target, note, attachment)
        _relink(state, recorded)
    return recorded


def correct_progress(
    state: WebState, user: User, report_id: int, target: Statement, value: float, period: str | None,
    note: str | None, attachment: tuple[str, bytes] | None, unit: str | None = None,
) -> Recorded:  # fmt: skip
    with state.writing() as store:
        recorded = state.accounts(store).correct_progress(
            user, report_id, target, value, period, note, attachment, unit
        )
        _relink(state, recorded)
    return recorded


def withdraw_progress(state: WebState, user: User, report_id: int, reason: str) -> Withdrawn:
    with state.writing() as store:
        withdrawn = state.accounts(store).withdraw_progress(user, report_id, reason)
        state.removed(withdrawn.dropped)
    return withdrawn


def _relink(state: WebState, recorded: Recorded) -> None:
    """A report's figure in, and the one it corrects (if any) out of, the links."""
    if recorded.dropped:
        state.removed(recorded.dropped)
    state.added(recorded.document, recorded.statements)


def assign_owner(state: WebState, user: User, target: Statement, owner: str) -> None:
    with state.writing() as store:
        state.accounts(store).assign_owner(target, owner, by=user)
        state.reassigned()
