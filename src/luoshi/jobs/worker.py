"""The worker side of an upload job: a process of its own that reads the
uploaded file, extracts its statements and sends them back in batches.

Extraction is pure CPU in Python: run in the server's process, it would
hold the GIL and starve every request (issue 10: reads fell to 8 a second).
In a process of its own it takes one core and leaves the server alone. The
worker never opens the store — DuckDB allows one writing process, and the
server is it — it only sends ``Extracted`` documents to the server, which
stores them under its write lock (``luoshi.jobs.runner``).

It runs at a lower priority than the server (``NICENESS``), so that the
server's requests come first on a busy machine. Its CPU time is bounded by
``RLIMIT_CPU``: past the soft limit the kernel sends SIGXCPU, turned here
into a failure naming the limit; past the hard limit a few seconds later
(stuck in C code) it is killed, and the runner names the limit all the
same. The process is fresh for every job, so the limit is that job's alone.

Messages on the queue, each a tuple whose last item is the CPU seconds
used so far: ``("counted", documents, rows, cpu)`` once the file is read,
``("batch", [Extracted, ...], cpu)`` as documents are extracted,
``("done", cpu)`` or ``("failed", message, cpu)`` at the end.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import time
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from luoshi.errors import LuoshiError
from luoshi.given_metadata import GivenMetadata
from luoshi.jobs.records import JobKind
from luoshi.store import StoredDocument
from luoshi.types import Statement

# How far the hard CPU limit lies past the soft one: time to report the
# failure cleanly before the kernel kills the process.
_HARD_SLACK_SECONDS = 5
# The worker yields the processor to the server: at niceness 10 the kernel
# gives it about a tenth of a core the server wants, and every idle cycle.
# Reads keep their latency; the job takes what is left.
NICENESS = 10


class Outbox(Protocol):
    def put(self, item: Any) -> None: ...


@dataclass(frozen=True, slots=True)
class Extracted:
    """One document as the server will store it, with its statements."""

    record: StoredDocument
    statements: list[Statement]


@dataclass(frozen=True, slots=True)
class WorkOrder:
    """What a worker is asked to do. ``path``: the upload's temporary copy,
    named as the user named the file (its name becomes the documents');
    ``source``: the label stored as each document's source (never the
    temporary path); ``batch_documents``/``batch_statements``: a batch is
    sent when either is reached; ``given`` replaces what the loader
    guessed, before extraction (statements take the document's region)."""

    kind: JobKind
    path: str
    source: str
    max_rows: int
    max_documents: int
    cpu_seconds: float
    batch_documents: int = 200
    batch_statements: int = 20_000
    given: GivenMetadata | None = None  # what the uploader said of the document: region, date, title


class CpuLimitReached(Exception):
    """SIGXCPU arrived: the job has used its CPU seconds."""


def cpu_limit_message(seconds: float) -> str:
    return f"处理超过每个任务 {seconds:g} CPU 秒的上限，已停止；请把文件拆小后分批上传"


def run(order: WorkOrder, out: Outbox) -> None:
    """The worker process's entry point: do ``order``, report on ``out``."""
    os.nice(NICENESS)
    _limit_cpu(order.cpu_seconds)
    try:
        if order.kind is JobKind.STATISTICS:
            _statistics(order, out)
        elif order.kind is JobKind.TASKS:
            _tasks(order, out)
        else:
            _documents(order, out)
        out.put(("done", time.process_time()))
    except CpuLimitReached:
        out.put(("failed", cpu_limit_message(order.cpu_seconds), time.process_time()))
    except _Refused as exc:
        out.put(("failed", str(exc), time.process_time()))
    except LuoshiError as exc:
        # the loaders name the temporary copy; people know the file by its own name
        folder = str(Path(order.path).parent) + "/"
        out.put(("failed", failure_words(order.kind) + str(exc).replace(folder, ""), time.process_time()))
    except MemoryError:
        out.put(("failed", "处理文件时内存不足；请把文件拆小后分批上传", time.process_time()))
    except Exception as exc:  # a bug: say so without a path or a trace, keep the trace in the log
        traceback.print_exc(file=sys.stderr)
        out.put(("failed", f"处理文件时出错（{type(exc).__name__}）", time.process_time()))


class _Refused(Exception):
    """The file is over a limit of the job (message in Chinese)."""


def _documents(order: WorkOrder, out: Outbox) -> None:
    from luoshi.extract import extract_document  # here: the parent never needs them
    from luoshi.ingest import stored
    from luoshi.load import load_path

    docs = load_path(order.path)
    if order.given is not None and order.given.title is not None and len(docs) > 1:
        raise _Refused(f"标题：{Path(order.path).name} 含 {len(docs)} 份文档，标题只能给单份文档")
    if len(docs) > order.max_rows and Path(order.path).suffix.lower() == ".csv":
        raise _Refused(rows_over(len(docs), order.max_rows))
    if len(docs) > order.max_documents:
        raise _Refused(documents_over(len(docs), order.max_documents))
    out.put(("counted", len(docs), len(docs), time.process_time()))
    batch: list[Extracted] = []
    statements = 0
    for loaded in docs:
        doc = loaded if order.given is None else order.given.applied(loaded)
        extracted = Extracted(replace(stored(doc), source=order.source), extract_document(doc))
        batch.append(extracted)
        statements += len(extracted.statements)
        if len(batch) >= order.batch_documents or statements >= order.batch_statements:
            out.put(("batch", batch, time.process_time()))
            batch, statements = [], 0
    if batch:
        out.put(("batch", batch, time.process_time()))


def _statistics(order: WorkOrder, out: Outbox) -> None:
    from luoshi.stats import read_stats

    table = read_stats(order.path)
    if len(table.statements) > order.max_rows:
        raise _Refused(rows_over(len(table.statements), order.max_rows))
    out.put(("counted", 1, len(table.statements), time.process_time()))
    record = replace(table.document, source=order.source)
    out.put(("batch", [Extracted(record, list(table.statements))], time.process_time()))


def _tasks(order: WorkOrder, out: Outbox) -> None:
    """A task list: its rows' targets in one document. What the uploader
    gave says the list's region, and its date the list's year."""
    from luoshi.tasks import read_tasks

    given = order.given
    region = given.region if given else None
    day = given.published if given else None
    table = read_tasks(order.path, region=region, year=day.year if day else None, title=given.title if given else None)
    if table.rows > order.max_rows:
        raise _Refused(rows_over(table.rows, order.max_rows))
    out.put(("counted", 1, table.rows, time.process_time()))
    record = replace(table.document, source=order.source, published=day)
    out.put(("batch", [Extracted(record, list(table.statements))], time.process_time()))


def failure_words(kind: JobKind) -> str:
    """How a failed job's message starts, by what was uploaded."""
    return {JobKind.STATISTICS: "统计表有误：", JobKind.TASKS: "任务分解表有误："}.get(kind, "无法读取上传的文件：")


def rows_over(rows: int, limit: int) -> str:
    return f"文件有 {rows:,} 行数据，超过每个任务 {limit:,} 行的上限；请拆分后分批上传"


def documents_over(documents: int, limit: int) -> str:
    return f"文件含 {documents:,} 份文档，超过每个任务 {limit:,} 份的上限；请拆分后分批上传"


def _limit_cpu(seconds: float) -> None:
    def reached(_signum: int, _frame: FrameType | None) -> None:
        signal.signal(signal.SIGXCPU, signal.SIG_IGN)  # once: the clean-up must not be interrupted
        raise CpuLimitReached

    soft = max(1, int(seconds + 0.999))
    signal.signal(signal.SIGXCPU, reached)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + _HARD_SLACK_SECONDS))
