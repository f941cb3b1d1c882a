"""Fixtures of the upload-job tests: a DuckDB store, a handle of the
test's own thread on it, a gated sink and runners over them."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from job_samples import GatedSink, MakeRunner

from luoshi.jobs import JobJournal, JobLimits, JobRunner
from luoshi.jobs.journal import one_writer
from luoshi.store.duckdb_store import DuckDBStore
from luoshi.store.sql import SqlStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))  # store_samples, for PostgreSQL


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DuckDBStore]:
    duck = DuckDBStore(tmp_path / "luoshi.duckdb")
    yield duck
    duck.close()


@pytest.fixture
def writing(store: DuckDBStore) -> Callable[[], AbstractContextManager[SqlStore]]:
    """The store's handle, one thread at a time (the sink's and journal's turns)."""
    return one_writer(store)


@pytest.fixture
def reader(store: DuckDBStore) -> Iterator[SqlStore]:
    """A handle of the test's own thread, reading beside the runner's."""
    fork = store.fork()
    yield fork
    fork.close()


@pytest.fixture
def sink(store: DuckDBStore, writing: Callable[[], AbstractContextManager[SqlStore]]) -> GatedSink:
    return GatedSink(store, writing)


@pytest.fixture
def make_runner(
    store: DuckDBStore, sink: GatedSink, writing: Callable[[], AbstractContextManager[SqlStore]]
) -> Iterator[MakeRunner]:
    """Runners over the test's store and gated sink, closed afterwards
    (the gate opened first, so that no job waits on it forever)."""
    made: list[JobRunner] = []

    def make(**limits: float) -> JobRunner:
        journal = JobJournal.over(store, writing)
        runner = JobRunner(journal, sink, JobLimits(**limits), publish_seconds=0, yield_share=0, batch_documents=2)
        made.append(runner.start())
        return runner

    yield make
    sink.gate.set()
    for runner in made:
        runner.close()
