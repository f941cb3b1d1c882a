"""Upload jobs: files uploaded to the web server are read and extracted by
a worker process, not in the request, and stored by the server in short
batches — with a job id, progress, cancellation and limits per job and per
user (issue 10).

    runner = JobRunner(JobJournal.over(store), StoreSink(store)).start()
    job = runner.submit("alice", JobKind.DOCUMENT, "bulk.csv", data, source="上传：bulk.csv")
    runner.job(job.id).state        # JobState.QUEUED → RUNNING → DONE
    runner.cancel(job.id, "alice")  # or an admin: runner.cancel(job.id, "root", admin=True)

``records`` holds the job, its states and limits; ``counting`` the row
count made before a file is accepted; ``worker`` the extraction process;
``sink`` where batches are stored; ``journal`` the table of jobs;
``runner`` the queue that ties them together.
"""

from luoshi.jobs.journal import JobJournal
from luoshi.jobs.records import Job, JobKind, JobLimits, JobRefused, JobState
from luoshi.jobs.runner import JobRunner
from luoshi.jobs.sink import JobSink, StoredBatch, StoreSink
from luoshi.jobs.worker import Extracted

__all__ = [
    "Extracted",
    "Job",
    "JobJournal",
    "JobKind",
    "JobLimits",
    "JobRefused",
    "JobRunner",
    "JobSink",
    "JobState",
    "StoreSink",
    "StoredBatch",
]
