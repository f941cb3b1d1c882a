"""The table of upload jobs (migration 0009) on DuckDB and PostgreSQL:
recorded, updated, listed per user, summed for the daily CPU budget, and
failed when a stopped server left them unfinished."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from store_samples import PG_URL, RUN_ID, postgres_or_skip

from luoshi.jobs import JobJournal, JobKind, JobState
from luoshi.store.duckdb_store import DuckDBStore
from luoshi.store.postgres_store import PostgresStore
from luoshi.store.sql import SqlStore

_made = [0]


@pytest.fixture(params=["duckdb", "postgres"])
def journal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[JobJournal]:
    store: SqlStore
    if request.param == "duckdb":
        store = DuckDBStore(tmp_path / "luoshi.duckdb")
        yield JobJournal.over(store)
        store.close()
        return
    postgres_or_skip()
    _made[0] += 1
    schema = f"{RUN_ID}_jobs_{_made[0]}"
    store = PostgresStore(PG_URL, schema=schema)
    try:
        yield JobJournal.over(store)
    finally:
        store.close()
        with psycopg.connect(PG_URL, autocommit=True) as con:
            con.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def test_a_job_is_recorded_with_its_progress_and_read_back(journal: JobJournal) -> None:
    job = journal.create("alice", JobKind.DOCUMENT, "报告汇编.csv")
    assert (job.state, job.file_name, job.documents_done) == (JobState.QUEUED, "报告汇编.csv", 0)
    started = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    running = replace(
        job, state=JobState.RUNNING, started_at=started, rows_total=100_000, documents_total=100_000,
        documents_done=4_000, documents_stored=3_990, documents_skipped=10, statements=4_100, cpu_seconds=12.5,
    )  # fmt: skip
    journal.save(running)
    assert journal.get(job.id) == running
    ended = replace(running, state=JobState.CANCELLED, cancelled_by="root", finished_at=started + timedelta(minutes=2))
    journal.save(ended)
    assert journal.get(job.id) == ended
    assert journal.get(job.id + 1) is None


def test_jobs_are_listed_newest_first_per_user_and_their_cpu_summed(journal: JobJournal) -> None:
    a1 = journal.create("alice", JobKind.DOCUMENT, "a1.csv")
    b1 = journal.create("bob", JobKind.STATISTICS, "b1.csv")
    a2 = journal.create("alice", JobKind.DOCUMENT, "a2.txt")
    journal.save(replace(a1, cpu_seconds=30.0, state=JobState.DONE))
    journal.save(replace(a2, cpu_seconds=12.0, state=JobState.RUNNING))
    journal.save(replace(b1, cpu_seconds=99.0, state=JobState.DONE))
    assert [j.id for j in journal.recent("alice")] == [a2.id, a1.id]
    assert [j.id for j in journal.recent()] == [a2.id, b1.id, a1.id]
    assert journal.recent(limit=1)[0].kind is JobKind.DOCUMENT
    assert journal.cpu_since("alice", datetime.now(UTC) - timedelta(hours=24)) == pytest.approx(42.0)
    assert journal.cpu_since("alice", datetime.now(UTC) + timedelta(minutes=1)) == 0.0


def test_unfinished_jobs_are_failed_with_the_reason(journal: JobJournal) -> None:
    queued = journal.create("alice", JobKind.DOCUMENT, "a.csv")
    running = journal.create("alice", JobKind.DOCUMENT, "b.csv")
    done = journal.create("alice", JobKind.DOCUMENT, "c.csv")
    journal.save(replace(running, state=JobState.RUNNING))
    journal.save(replace(done, state=JobState.DONE))
    assert journal.interrupt_unfinished("服务器重启，任务已中断") == 2
    states = {j.id: (j.state, j.error) for j in journal.recent()}
    assert states[queued.id] == states[running.id] == (JobState.FAILED, "服务器重启，任务已中断")
    assert states[done.id] == (JobState.DONE, None)
    assert all(j.finished_at is not None for j in journal.recent() if j.id != done.id)
