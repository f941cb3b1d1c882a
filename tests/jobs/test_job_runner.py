"""Upload jobs: accepted at once, extracted by a worker process, stored in
batches, visible while they run, cancellable by their uploader or an
admin, and refused past their limits with a Chinese message naming them."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from job_samples import SAMPLES, GatedSink, MakeRunner, bulk_csv, finished, report_paragraphs, wait_until

from luoshi.jobs import JobKind, JobRefused, JobState
from luoshi.store import StatementQuery
from luoshi.store.sql import SqlStore

STATISTICS = SAMPLES.parent / "statistics" / "nmg_2025_sample.csv"


def _whole(reader: SqlStore) -> list[tuple[int, int]]:
    """(statement count recorded, statements stored) of every document."""
    return [(d.statement_count, len(reader.statements(StatementQuery(doc=d.id)))) for d in reader.documents()]


def test_submission_answers_before_extraction_and_the_job_then_stores_every_row(
    make_runner: MakeRunner, sink: GatedSink, reader: SqlStore
) -> None:
    runner = make_runner()
    texts = report_paragraphs()[:6]
    job = runner.submit("alice", JobKind.DOCUMENT, "report.csv", bulk_csv(texts), source="上传：report.csv")
    assert job.state is JobState.QUEUED and job.state.label == "排队中"
    assert reader.documents() == []  # nothing extracted or stored in the submitting call
    sink.gate.set()
    done = finished(runner, job.id)
    assert (done.state, done.state.label, done.error) == (JobState.DONE, "已完成", None)
    assert (done.documents_total, done.documents_done, done.documents_stored) == (6, 6, 6)
    docs = reader.documents()
    assert sorted(d.title or "" for d in docs) == sorted(f"报告段落{n}" for n in range(6))
    assert {d.source for d in docs} == {"上传：report.csv"}  # never the temporary copy's path
    assert done.statements == sum(d.statement_count for d in docs) > 0
    assert sink.published >= 1  # what it stored was made visible at the end
    recorded = runner.journal.get(job.id)
    assert recorded is not None and (recorded.state, recorded.documents_stored) == (JobState.DONE, 6)


def test_a_worker_starts_with_the_extractor_already_imported(make_runner: MakeRunner) -> None:
    """The fork server imports the pipeline and cn2an once for every worker
    (``luoshi.extract`` and the numerals import them only on first use):
    a job's CPU seconds go to extracting, not to importing."""
    context = make_runner()._context
    check = "import sys; sys.exit(0 if {'luoshi.extract.pipeline', 'cn2an'} <= set(sys.modules) else 3)"
    worker = context.Process(target=exec, args=(check,), daemon=True)
    worker.start()
    worker.join(60)
    assert worker.exitcode == 0


def test_a_running_job_shows_its_progress(make_runner: MakeRunner, sink: GatedSink) -> None:
    runner = make_runner()
    job = runner.submit("alice", JobKind.DOCUMENT, "report.csv", bulk_csv(report_paragraphs()[:6]), source="上传")
    assert sink.entered.wait(60)  # the first batch (2 documents) waits to be stored
    sink.entered.clear()
    running = runner.job(job.id)
    assert running is not None and running.state is JobState.RUNNING and running.state.label == "处理中"
    assert (running.documents_total, running.rows_total, running.documents_done) == (6, 6, 0)
    sink.gate.set()
    assert sink.entered.wait(60)  # the second batch: two documents done
    halfway = runner.job(job.id)
    assert halfway is not None and halfway.documents_done == 2 and halfway.progress == pytest.approx(1 / 3)
    assert finished(runner, job.id).progress == 1.0


def test_cancelling_a_running_job_stops_it_between_batches_keeping_only_whole_documents(
    make_runner: MakeRunner, sink: GatedSink, reader: SqlStore
) -> None:
    runner = make_runner()
    job = runner.submit("alice", JobKind.DOCUMENT, "report.csv", bulk_csv(report_paragraphs()[:8]), source="上传")
    assert sink.entered.wait(60)
    asked = runner.cancel(job.id, "alice", wait=0)
    assert asked.state is JobState.RUNNING and runner.cancelling(job.id)  # it stops after this batch
    sink.gate.set()
    ended = finished(runner, job.id)
    assert (ended.state, ended.state.label, ended.cancelled_by) == (JobState.CANCELLED, "已取消", "alice")
    assert ended.documents_stored == 2 < (ended.documents_total or 0) == 8
    assert len(reader.documents()) == 2
    assert all(recorded == kept for recorded, kept in _whole(reader))  # no document half-written
    with pytest.raises(JobRefused) as again:
        runner.cancel(job.id, "alice")
    assert again.value.status == 409 and "已取消" in again.value.message


def test_a_queued_job_cancelled_never_runs(make_runner: MakeRunner, sink: GatedSink, reader: SqlStore) -> None:
    runner = make_runner()
    first = runner.submit("alice", JobKind.DOCUMENT, "a.csv", bulk_csv(report_paragraphs()[:2]), source="上传")
    second = runner.submit("bob", JobKind.DOCUMENT, "b.csv", bulk_csv(report_paragraphs()[2:4]), source="上传")
    assert sink.entered.wait(60)  # the first runs (one worker): the second waits its turn
    assert runner.job(second.id).state is JobState.QUEUED  # type: ignore[union-attr]
    cancelled = runner.cancel(second.id, "root", admin=True)
    assert (cancelled.state, cancelled.cancelled_by) == (JobState.CANCELLED, "root")
    sink.gate.set()
    assert finished(runner, first.id).state is JobState.DONE
    assert {d.name for d in reader.documents()} == {"a.csv", "a.csv#1"}


def test_only_the_uploader_or_an_admin_may_cancel(make_runner: MakeRunner, sink: GatedSink) -> None:
    runner = make_runner()
    job = runner.submit("alice", JobKind.DOCUMENT, "a.csv", bulk_csv(report_paragraphs()[:2]), source="上传")
    with pytest.raises(JobRefused) as refused:
        runner.cancel(job.id, "mallory")
    assert refused.value.status == 403 and "上传者本人或管理员" in refused.value.message
    with pytest.raises(JobRefused) as missing:
        runner.cancel(job.id + 100, "alice")
    assert missing.value.status == 404 and str(job.id + 100) in missing.value.message


def test_a_file_over_the_row_limit_is_refused_at_once_naming_the_limit(
    make_runner: MakeRunner, reader: SqlStore
) -> None:
    runner = make_runner(rows=5)
    with pytest.raises(JobRefused) as refused:
        runner.submit("alice", JobKind.DOCUMENT, "big.csv", bulk_csv(report_paragraphs()[:6]), source="上传")
    assert refused.value.status == 413
    assert refused.value.message.startswith("文件有 6 行数据，超过每个任务 5 行的上限")
    assert runner.jobs() == []  # no job was made


def test_a_statistics_table_over_the_row_limit_is_refused(make_runner: MakeRunner) -> None:
    runner = make_runner(rows=2)
    with pytest.raises(JobRefused, match="文件有 3 行数据，超过每个任务 2 行的上限"):
        runner.submit("root", JobKind.STATISTICS, STATISTICS.name, STATISTICS.read_bytes(), source="上传")


def test_a_user_may_have_only_so_many_unfinished_jobs(make_runner: MakeRunner, sink: GatedSink) -> None:
    runner = make_runner(queued_per_user=2)
    data = bulk_csv(report_paragraphs()[:2])
    runner.submit("alice", JobKind.DOCUMENT, "a.csv", data, source="上传")
    runner.submit("alice", JobKind.DOCUMENT, "b.csv", data, source="上传")
    with pytest.raises(JobRefused) as refused:
        runner.submit("alice", JobKind.DOCUMENT, "c.csv", data, source="上传")
    assert refused.value.status == 429
    assert refused.value.message.startswith("您已有 2 个上传任务未完成，达到每人 2 个的上限")
    assert runner.submit("bob", JobKind.DOCUMENT, "d.csv", data, source="上传").state is JobState.QUEUED


def test_a_job_past_its_cpu_seconds_fails_naming_the_limit(make_runner: MakeRunner, sink: GatedSink) -> None:
    sink.gate.set()
    runner = make_runner(cpu_seconds=0.5)
    texts = report_paragraphs() * 30  # the same paragraphs again: extraction work, whatever is stored
    texts = [f"{t}（第{n}段）" for n, t in enumerate(texts)]
    job = runner.submit("alice", JobKind.DOCUMENT, "long.csv", bulk_csv(texts), source="上传")
    ended = finished(runner, job.id)
    assert ended.state is JobState.FAILED and ended.state.label == "失败"
    assert ended.error is not None and "每个任务 0.5 CPU 秒的上限" in ended.error
    assert ended.documents_stored < len(texts)


def test_an_unreadable_file_fails_the_job_with_the_reason_and_no_temporary_path(
    make_runner: MakeRunner, sink: GatedSink
) -> None:
    sink.gate.set()
    runner = make_runner()
    job = runner.submit("alice", JobKind.DOCUMENT, "notes.csv", "标题,正文\n一,二\n".encode(), source="上传")
    ended = finished(runner, job.id)
    assert ended.state is JobState.FAILED
    assert ended.error is not None and ended.error.startswith("无法读取上传的文件：notes.csv: CSV 中没有 full_text 列")
    assert "luoshi-job" not in ended.error and "/tmp" not in ended.error


def test_a_statistics_table_is_stored_as_one_document(
    make_runner: MakeRunner, sink: GatedSink, reader: SqlStore
) -> None:
    sink.gate.set()
    runner = make_runner()
    job = runner.submit("root", JobKind.STATISTICS, STATISTICS.name, STATISTICS.read_bytes(), source="上传：统计")
    ended = finished(runner, job.id)
    assert (ended.state, ended.documents_total, ended.documents_stored) == (JobState.DONE, 1, 1)
    (doc,) = reader.documents()
    assert (doc.loader, doc.source, doc.statement_count) == ("stats", "上传：统计", ended.rows_total)


def test_jobs_left_unfinished_by_a_stopped_server_are_failed_at_the_next_start(
    make_runner: MakeRunner, sink: GatedSink, tmp_path: Path
) -> None:
    runner = make_runner()
    job = runner.submit("alice", JobKind.DOCUMENT, "a.csv", bulk_csv(report_paragraphs()[:4]), source="上传")
    assert sink.entered.wait(60)
    runner.journal.save(runner.job(job.id))  # type: ignore[arg-type]  # recorded as running, as a crash leaves it
    again = make_runner()  # a new server over the same store
    recorded = again.journal.get(job.id)
    assert recorded is not None and recorded.state is JobState.FAILED
    assert recorded.error is not None and "服务器在任务完成前停止" in recorded.error


def test_jobs_are_listed_newest_first_and_by_uploader(make_runner: MakeRunner, sink: GatedSink) -> None:
    sink.gate.set()
    runner = make_runner()
    first = runner.submit("alice", JobKind.DOCUMENT, "a.csv", bulk_csv(report_paragraphs()[:2]), source="上传")
    second = runner.submit("bob", JobKind.DOCUMENT, "b.csv", bulk_csv(report_paragraphs()[2:3]), source="上传")
    wait_until(runner, second.id, lambda j: j.state.finished)
    assert [j.id for j in runner.jobs()] == [second.id, first.id]
    assert [j.id for j in runner.jobs("alice")] == [first.id]


def test_a_file_of_more_documents_than_a_job_may_hold_is_refused(make_runner: MakeRunner) -> None:
    runner = make_runner(documents=3)
    with pytest.raises(JobRefused) as refused:
        runner.submit("alice", JobKind.DOCUMENT, "big.csv", bulk_csv(report_paragraphs()[:4]), source="上传")
    assert refused.value.status == 413
    assert refused.value.message.startswith("文件含 4 份文档，超过每个任务 3 份的上限")


def test_a_user_past_the_days_cpu_seconds_is_told_to_wait_and_others_are_not(make_runner: MakeRunner) -> None:
    runner = make_runner(cpu_seconds_per_user_day=60)
    spent = runner.journal.create("alice", JobKind.DOCUMENT, "earlier.csv")
    runner.journal.save(replace(spent, state=JobState.DONE, cpu_seconds=75.0))
    data = bulk_csv(report_paragraphs()[:2])
    with pytest.raises(JobRefused) as refused:
        runner.submit("alice", JobKind.DOCUMENT, "a.csv", data, source="上传")
    assert refused.value.status == 429
    assert refused.value.message.startswith("您 24 小时内的上传任务已用 75 CPU 秒，达到每人每天 60 CPU 秒的上限")
    assert runner.submit("bob", JobKind.DOCUMENT, "b.csv", data, source="上传").state is JobState.QUEUED


def test_no_copy_of_an_upload_is_left_however_its_job_ends(
    make_runner: MakeRunner, sink: GatedSink, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copies = tmp_path / "tmp"
    copies.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(copies))
    runner = make_runner()
    good = runner.submit("alice", JobKind.DOCUMENT, "a.csv", bulk_csv(report_paragraphs()[:2]), source="上传")
    bad = runner.submit("alice", JobKind.DOCUMENT, "b.csv", "标题,正文\n一,二\n".encode(), source="上传")
    never = runner.submit("alice", JobKind.DOCUMENT, "c.csv", bulk_csv(report_paragraphs()[2:4]), source="上传")
    assert len(list(copies.glob("luoshi-job-*"))) == 3  # kept on disk, not in memory, while they wait
    runner.cancel(never.id, "alice")
    sink.gate.set()
    assert [finished(runner, j.id).state for j in (good, bad, never)] == [
        JobState.DONE, JobState.FAILED, JobState.CANCELLED
    ]  # fmt: skip
    assert list(copies.glob("luoshi-job-*")) == []
