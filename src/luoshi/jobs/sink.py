"""Where a job's extracted documents go: the ``JobSink`` a runner stores
each batch through, in the server's process.

A sink stores a batch in short writes (each document whole, in one
transaction, so a job stopped between two writes leaves no half-written
document) and ``publish`` makes what it stored visible to whatever caches
answers (the web's linked targets): the runner calls it every few seconds
and at the end of a job, not after every batch, so that a long job does not
throw the caches away many times a second.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol

from luoshi.jobs.journal import one_writer
from luoshi.jobs.records import Job
from luoshi.jobs.worker import Extracted
from luoshi.store import Store


@dataclass(frozen=True, slots=True)
class StoredBatch:
    """What storing a batch did, per document: (name, id, statements added,
    or None when the document was already stored)."""

    documents: list[tuple[str, str, int | None]] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return sum(1 for _, _, count in self.documents if count is not None)

    @property
    def skipped(self) -> int:
        return sum(1 for _, _, count in self.documents if count is None)

    @property
    def statements(self) -> int:
        return sum(count for _, _, count in self.documents if count is not None)


class JobSink(Protocol):
    def store(self, job: Job, batch: Sequence[Extracted]) -> StoredBatch:
        """Store ``batch`` (documents already stored are skipped)."""

    def publish(self) -> None:
        """Make everything stored so far visible to readers' caches."""

    def ended(self, job: Job) -> None:
        """The job is over (done, cancelled, failed): forget what was kept for it."""


class StoreSink:
    """A sink straight into a store, ``writing()`` giving it alone (a lock
    around the handle by default; pass the one a ``JobJournal`` over the
    same handle uses): for callers without a web server.
    ``prepare`` may change each record before it is stored (who uploaded
    it, its source type)."""

    def __init__(
        self, store: Store, writing: Callable[[], AbstractContextManager[Store]] | None = None,
        prepare: Callable[[Job, Extracted], Extracted] | None = None,
    ) -> None:  # fmt: skip
        self._store = store
        self._writing = writing or one_writer(store)
        self._prepare = prepare

    def store(self, job: Job, batch: Sequence[Extracted]) -> StoredBatch:
        items = [self._prepare(job, e) if self._prepare else e for e in batch]
        with self._writing() as store:
            results = store.add_documents([(e.record, e.statements) for e in items])
        return StoredBatch([(r.name, r.doc_id, r.statements if r.added else None) for r in results])

    def publish(self) -> None:
        """Nothing caches what a bare store holds."""

    def ended(self, job: Job) -> None:
        """Nothing is kept for a job."""
