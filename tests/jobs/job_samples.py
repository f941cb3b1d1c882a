"""Helpers of the upload-job tests: a bulk CSV made of the paragraphs of a
bundled report (one document a row), a sink whose storing waits for the
test, so that a job can be watched mid-way and cancelled between two
batches, and waiting for a job's state."""

from __future__ import annotations

import csv
import io
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from luoshi.jobs import Extracted, Job, JobRunner, StoredBatch, StoreSink
from luoshi.store.sql import SqlStore

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
REPORT = SAMPLES / "nmg_report_2026.md"


def report_paragraphs() -> list[str]:
    """The report's paragraphs with a figure in them (real text, all different)."""
    paragraphs = [p.strip() for p in REPORT.read_text(encoding="utf-8").split("\n\n")]
    return [p for p in paragraphs if any(c.isdigit() for c in p) and len(p) > 20]


def bulk_csv(texts: Sequence[str]) -> bytes:
    """A bulk CSV (luoshi.load.bulk_csv) with a row per text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["province", "publish_date", "title", "full_text"])
    for n, text in enumerate(texts):
        writer.writerow(["内蒙古自治区", "2026-01-20", f"报告段落{n}", text])
    return out.getvalue().encode("utf-8")


class GatedSink(StoreSink):
    """Stores like StoreSink, but each batch only once ``gate`` is open;
    ``entered`` tells the test a batch is waiting."""

    def __init__(self, store: SqlStore, writing: Callable[[], AbstractContextManager[SqlStore]]) -> None:
        super().__init__(store, writing)
        self.gate = threading.Event()
        self.entered = threading.Event()
        self.batches = 0
        self.published = 0

    def store(self, job: Job, batch: Sequence[Extracted]) -> StoredBatch:
        self.entered.set()
        assert self.gate.wait(60), "the test never opened the gate"
        self.batches += 1
        return super().store(job, batch)

    def publish(self) -> None:
        self.published += 1


MakeRunner = Callable[..., JobRunner]


def wait_until(runner: JobRunner, job_id: int, done: Callable[[Job], bool], timeout: float = 120) -> Job:
    """The job once ``done(job)`` holds (polling; fails after ``timeout`` s)."""
    deadline = time.monotonic() + timeout
    while True:
        job = runner.job(job_id)
        assert job is not None
        if done(job):
            return job
        assert time.monotonic() < deadline, f"job {job_id} still {job.state.label}: {job}"
        time.sleep(0.05)


def finished(runner: JobRunner, job_id: int) -> Job:
    return wait_until(runner, job_id, lambda j: j.state.finished)
