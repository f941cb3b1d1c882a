"""What the web may change, written once for the pages and the API: store
an uploaded document or statistics file, record progress, assign an owner.
Each writes through the main store handle and tells the state what changed."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from luoshi.accounts import Recorded, User
from luoshi.errors import LuoshiError
from luoshi.extract import extract_document
from luoshi.ingest import stored
from luoshi.load import load_path
from luoshi.stats import read_stats
from luoshi.store import Store, StoredDocument
from luoshi.types import Statement
from luoshi.web.errors import WebError
from luoshi.web.state import WebState

_UNSAFE = re.compile(r"[^\w.\-\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Stored:
    """What an upload added: per document, its name, id and statement count (None: already stored)."""

    documents: list[tuple[str, str, int | None]]

    def json(self) -> dict[str, object]:
        return {
            "documents": [{"name": n, "id": i, "added": c is not None, "statements": c} for n, i, c in self.documents],
        }


def safe_name(filename: str | None) -> str:
    """The file's own name, without folders or characters a path could misuse."""
    base = Path((filename or "").replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).strip("._")
    return cleaned or "upload"


def _saved(data: bytes, filename: str | None, folder: str) -> Path:
    path = Path(folder) / safe_name(filename)
    path.write_bytes(data)
    return path


def add_document(state: WebState, data: bytes, filename: str | None) -> Stored:
    """An uploaded file (any format ``luoshi ingest`` reads), extracted and stored."""
    with tempfile.TemporaryDirectory(prefix="luoshi-upload-") as folder:
        path = _saved(data, filename, folder)
        try:
            docs = load_path(path)
        except LuoshiError as exc:
            raise WebError(400, "无法读取上传的文件：" + _without(str(exc), folder)) from exc
        added: list[tuple[str, str, int | None]] = []
        for doc in docs:
            record = replace(stored(doc), source=_source(filename))
            if state.reader().has_document(record.id):
                added.append((record.name, record.id, None))
                continue
            statements = extract_document(doc)  # outside the lock: other requests go on meanwhile
            with state.writing() as store:
                if store.has_document(record.id):  # stored by another request meanwhile
                    added.append((record.name, record.id, None))
                    continue
                count = _add(store, record, statements)
                state.added(record, statements)
            added.append((record.name, record.id, count))
    return Stored(added)


def add_statistics(state: WebState, data: bytes, filename: str | None) -> Stored:
    """An uploaded statistics table (CSV or Excel), each row an outcome."""
    with tempfile.TemporaryDirectory(prefix="luoshi-upload-") as folder:
        path = _saved(data, filename, folder)
        try:
            table = read_stats(path)
        except LuoshiError as exc:
            raise WebError(400, "统计表有误：" + _without(str(exc), folder)) from exc
    record = replace(table.document, source=_source(filename))
    with state.writing() as store:
        if store.has_document(record.id):
            return Stored([(record.name, record.id, None)])
        count = _add(store, record, table.statements)
        state.added(record, table.statements)
    return Stored([(record.name, record.id, count)])


def _add(store: Store, record: StoredDocument, statements: list[Statement]) -> int:
    return store.add_document(record, statements).statements


def _source(filename: str | None) -> str:
    return f"上传：{safe_name(filename)}"


def _without(message: str, folder: str) -> str:
    """A loader's message names the temporary copy; people know the file by its own name."""
    return message.replace(folder + "/", "")


def record_progress(
    state: WebState, user: User, target: Statement, value: float, period: str, note: str,
    attachment: tuple[str, bytes] | None,
) -> Recorded:  # fmt: skip
    with state.writing() as store:
        recorded = state.accounts(store).record_progress(user, target, value, period, note, attachment)
        state.added(recorded.document, recorded.statements)
    return recorded


def assign_owner(state: WebState, user: User, target: Statement, owner: str) -> None:
    with state.writing() as store:
        state.accounts(store).assign_owner(target, owner, by=user)
        state.changed()
