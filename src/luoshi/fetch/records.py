"""What the store keeps of fetching (migration 0011): every version of a
URL's content with its HTTP provenance (``fetches``), every run of a
source or of a hand-given list of URLs (``source_runs``), and the sources
an admin added on the web (``fetch_sources``).

A version is a row of ``fetches``: a URL whose content changed gets a new
row pointing at a new document, the old row and document kept, so the
versions of one page are the rows of its URL, oldest first. A fetch that
finds the content unchanged only moves ``checked_at`` (and keeps the new
validators), so following a page for a year costs one row per change.

Every function takes the store handle to use: the caller decides which
(the server's main handle under its write lock to write, a thread's own to
read).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from luoshi.accounts import audit
from luoshi.errors import InputError
from luoshi.fetch.client import NotModified, Page, Validators
from luoshi.fetch.sources import Source, source_from
from luoshi.store import Store, StoreError
from luoshi.store.backend import driver_errors
from luoshi.store.rows import utc_naive
from luoshi.store.sql import SqlStore

MAX_FAILURES_KEPT = 100
_VERSION_COLUMNS = (
    "id, url, final_url, source_name, found_on, fetched_at, checked_at, http_date, etag, last_modified,"
    " content_type, content_sha256, doc_id"
)
_RUN_COLUMNS = (
    "id, source_name, started_at, finished_at, found, new_documents, unchanged, failed, failures, error, started_by"
)


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a URL's content: where it was found and what the
    server said of it."""

    id: int
    url: str
    final_url: str
    source_name: str | None
    found_on: str | None
    fetched_at: datetime
    checked_at: datetime
    http_date: str | None
    etag: str | None
    last_modified: str | None
    content_type: str | None
    content_sha256: str
    doc_id: str

    @property
    def validators(self) -> Validators:
        return Validators(self.etag, self.last_modified)


@dataclass
class RunTally:
    """What a run did so far: URLs found, documents new and unchanged,
    failures each with its URL and reason."""

    found: int = 0
    new: int = 0
    unchanged: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    error: str | None = None  # the run itself failed (its listing could not be read)


@dataclass(frozen=True, slots=True)
class Run:
    id: int
    source_name: str | None
    started_at: datetime
    finished_at: datetime | None
    found: int
    new: int
    unchanged: int
    failed: int
    failures: tuple[tuple[str, str], ...]
    error: str | None
    started_by: str | None


@dataclass(frozen=True, slots=True)
class StoredSource:
    source: Source
    added_by: str
    added_at: datetime


def _sql(store: Store) -> SqlStore:
    if not isinstance(store, SqlStore):
        raise StoreError(f"fetching needs an SQL store, not {type(store).__name__}")
    return store


def _run_sql(store: Store, doing: str, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    db = _sql(store).backend
    with driver_errors(db, doing):
        return db.execute(sql, params)


def _aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


def _version(row: tuple[Any, ...]) -> Version:
    values = list(row)
    values[5] = _aware(values[5])
    values[6] = _aware(values[6])
    return Version(*values)


# -- versions -------------------------------------------------------------------
def latest_version(store: Store, url: str) -> Version | None:
    rows = _run_sql(
        store, "cannot read fetches", f"SELECT {_VERSION_COLUMNS} FROM fetches WHERE url = ? ORDER BY id DESC LIMIT 1",
        [url],
    )  # fmt: skip
    return _version(rows[0]) if rows else None


def versions_of_url(store: Store, url: str) -> list[Version]:
    """Every version of ``url``, oldest first."""
    rows = _run_sql(
        store, "cannot read fetches", f"SELECT {_VERSION_COLUMNS} FROM fetches WHERE url = ? ORDER BY id", [url]
    )
    return [_version(r) for r in rows]


def versions_of_document(store: Store, doc_id: str) -> list[Version]:
    """Where and when a document was fetched (none: it was not)."""
    rows = _run_sql(
        store, "cannot read fetches", f"SELECT {_VERSION_COLUMNS} FROM fetches WHERE doc_id = ? ORDER BY id", [doc_id]
    )
    return [_version(r) for r in rows]


def known_urls(store: Store, urls: Iterable[str]) -> set[str]:
    """Those of ``urls`` fetched before."""
    wanted = list(dict.fromkeys(urls))
    if not wanted:
        return set()
    rows = _run_sql(store, "cannot read fetches", "SELECT DISTINCT url FROM fetches WHERE url = ANY(?)", [wanted])
    return {str(u) for (u,) in rows}


def add_version(store: Store, page: Page, doc_id: str, source_name: str | None, found_on: str | None) -> None:
    _run_sql(
        store,
        f"cannot record the fetch of {page.url}",
        "INSERT INTO fetches (url, final_url, source_name, found_on, fetched_at, checked_at, http_date, etag,"
        " last_modified, content_type, content_sha256, doc_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [page.url, page.final_url, source_name, found_on, utc_naive(page.fetched_at), utc_naive(page.fetched_at),
         page.http_date, page.etag, page.last_modified, page.content_type, page.sha256, doc_id],
    )  # fmt: skip


def touch_version(store: Store, version: Version, seen: Page | NotModified) -> None:
    """``version`` found unchanged: when, and the validators to ask with next time."""
    etag = seen.etag or version.etag
    modified = seen.last_modified or version.last_modified
    digest = seen.sha256 if isinstance(seen, Page) else version.content_sha256
    _run_sql(
        store,
        f"cannot record the fetch of {version.url}",
        "UPDATE fetches SET checked_at = ?, http_date = ?, etag = ?, last_modified = ?, content_sha256 = ?"
        " WHERE id = ?",
        [utc_naive(seen.fetched_at), seen.http_date or version.http_date, etag, modified, digest, version.id],
    )


# -- runs -----------------------------------------------------------------------
def start_run(store: Store, source_name: str | None, started_by: str | None = None) -> int:
    (row,) = _run_sql(
        store, "cannot record the run",
        "INSERT INTO source_runs (source_name, started_at, started_by) VALUES (?, ?, ?) RETURNING id",
        [source_name, utc_naive(None), started_by],
    )  # fmt: skip
    return int(row[0])


def finish_run(store: Store, run_id: int, tally: RunTally) -> None:
    failures = json.dumps(tally.failures[:MAX_FAILURES_KEPT], ensure_ascii=False)
    _run_sql(
        store, "cannot record the run",
        "UPDATE source_runs SET finished_at = ?, found = ?, new_documents = ?, unchanged = ?, failed = ?,"
        " failures = ?, error = ? WHERE id = ?",
        [utc_naive(None), tally.found, tally.new, tally.unchanged, len(tally.failures), failures, tally.error, run_id],
    )  # fmt: skip


def _run(row: tuple[Any, ...]) -> Run:
    id_, name, started, finished, found, new, unchanged, failed, failures, error, by = row
    listed = tuple((str(u), str(r)) for u, r in json.loads(failures or "[]"))
    return Run(int(id_), name, started.replace(tzinfo=UTC), _aware(finished), int(found), int(new), int(unchanged),
               int(failed), listed, error, by)  # fmt: skip


def last_runs(store: Store) -> dict[str | None, Run]:
    """The latest run of each source (None: of URLs fetched by hand)."""
    rows = _run_sql(
        store, "cannot read the runs",
        f"SELECT {_RUN_COLUMNS} FROM source_runs WHERE id IN (SELECT max(id) FROM source_runs GROUP BY source_name)",
    )  # fmt: skip
    return {run.source_name: run for run in map(_run, rows)}


def recent_runs(store: Store, limit: int = 50, source_name: str | None = None) -> list[Run]:
    """Runs, newest first; of one source when named."""
    where, params = ("WHERE source_name = ? ", [source_name]) if source_name else ("", [])
    rows = _run_sql(
        store, "cannot read the runs", f"SELECT {_RUN_COLUMNS} FROM source_runs {where}ORDER BY id DESC LIMIT ?",
        [*params, limit],
    )  # fmt: skip
    return [_run(r) for r in rows]


def run_by_id(store: Store, run_id: int) -> Run | None:
    rows = _run_sql(store, "cannot read the runs", f"SELECT {_RUN_COLUMNS} FROM source_runs WHERE id = ?", [run_id])
    return _run(rows[0]) if rows else None


# -- sources added on the web ---------------------------------------------------------
def stored_sources(store: Store) -> list[StoredSource]:
    rows = _run_sql(
        store, "cannot read the sources", "SELECT name, config, added_by, added_at FROM fetch_sources ORDER BY name"
    )
    found = []
    for name, config, by, at in rows:
        try:
            source = source_from(json.loads(config), "数据库中的来源", str(name))
        except (InputError, ValueError):
            continue  # a source a later luoshi no longer reads: listed by nobody, kept for the record
        found.append(StoredSource(source, str(by), at.replace(tzinfo=UTC)))
    return found


def add_source(store: Store, source: Source, by: str) -> None:
    """Keep a source an admin added, with its audit entry; InputError when the name is taken."""
    if _run_sql(store, "cannot read the sources", "SELECT 1 FROM fetch_sources WHERE name = ?", [source.name]):
        raise InputError("来源名称", f"已有名为 {source.name} 的来源")
    db = _sql(store).backend
    config = source.as_dict()
    with driver_errors(db, f"cannot add the source {source.name}"), db.transaction():
        db.execute(
            "INSERT INTO fetch_sources (name, config, added_by, added_at) VALUES (?, ?, ?, ?)",
            [source.name, json.dumps(config, ensure_ascii=False), by, utc_naive(None)],
        )
        audit.write(db, by, "source.add", f"source:{source.name}", None, config)


def remove_source(store: Store, name: str, by: str) -> bool:
    """Stop following a source added on the web, with its audit entry; False when there is none of that name."""
    rows = _run_sql(store, "cannot read the sources", "SELECT config FROM fetch_sources WHERE name = ?", [name])
    if not rows:
        return False
    db = _sql(store).backend
    with driver_errors(db, f"cannot remove the source {name}"), db.transaction():
        db.execute("DELETE FROM fetch_sources WHERE name = ?", [name])
        audit.write(db, by, "source.remove", f"source:{name}", json.loads(rows[0][0]), None)
    return True


def record_request(store: Store, by: str, action: str, obj: str, asked: dict[str, Any]) -> None:
    """The audit entry of an admin's request to fetch (``source.fetch``, ``source.run``): who asked for what."""
    db = _sql(store).backend
    with driver_errors(db, f"cannot log {action}"), db.transaction():
        audit.write(db, by, action, obj, None, asked)
