"""``--engine spark``: the batch pipeline as a Spark job.

    driver     lists the inputs (``inputs.resolve``: names and sizes, no text)
    records    files: their names, packed into partitions of about equal
               bytes (``spark_records``); tables: read by Spark's own readers
               on the executors and spread over partitions of about equal
               characters
    extract    ``partition.extract_partition`` on each partition: the same
               function the local engine runs, so the same statements
    shuffle    statements reach the JVM as Arrow batches (``arrow_batches``)
               and are rebalanced by their region/year folder, so that a
               folder gets files from a few tasks rather than one from
               every task; documents and errors never enter the JVM
    write      Python tasks write every file with pyarrow, each attempt
               apart (``task_files``): documents and errors as extraction
               goes, statements after the shuffle; the driver keeps one
               attempt of each partition once the job is done, so a task
               run twice after a lost executor leaves one copy

Extraction runs once, in the stage that feeds the shuffle, and nothing is
kept between stages. Progress is counted in an accumulator that each task
adds to when it finishes, and told to ``progress`` every second; the totals
returned are those of the attempts kept, since a task that ran twice added
twice. ``job.run_batch`` writes the manifest once this returns.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
from py4j.protocol import Py4JError
from pyspark import TaskContext
from pyspark.accumulators import Accumulator, AccumulatorParam
from pyspark.errors import PySparkException
from pyspark.sql import DataFrame, SparkSession

from luoshi.batch import task_files
from luoshi.batch.arrow_batches import batches
from luoshi.batch.inputs import InputFile
from luoshi.batch.layout import STATEMENTS, ddl
from luoshi.batch.partition import BatchCounts, Progress, extract_partition
from luoshi.batch.spark_records import records
from luoshi.errors import LuoshiError

APP_NAME = "luoshi batch"
PROGRESS_SECONDS = 1.0


class SparkJobError(LuoshiError):
    """The Spark job failed as a whole (not one document: those go to errors/)."""


class CountsParam(AccumulatorParam[BatchCounts]):
    def zero(self, value: BatchCounts) -> BatchCounts:
        return BatchCounts()

    def addInPlace(self, value1: BatchCounts, value2: BatchCounts) -> BatchCounts:
        value1 += value2
        return value1


def run(
    files: list[InputFile], output: Path, master: str | None = None, progress: Progress | None = None
) -> BatchCounts:
    """Extract ``files`` into the tables under ``output`` (empty) with Spark
    at ``master`` (``local[N]``, ``spark://…``, ``yarn``; None: what
    spark-submit or the Spark configuration says, else ``local[*]``)."""
    with spark_session(master) as spark:
        done = spark.sparkContext.accumulator(BatchCounts(), CountsParam())
        # The records (names, or a table's rows) cross into the JVM pickled,
        # one value each, so that mapInArrow can hand them back to Python in
        # the same partitions; the rows found come out as Arrow batches.
        pickled = spark.createDataFrame(records(spark, files).map(lambda r: (pickle.dumps(r),)), "record binary")
        statements = pickled.mapInArrow(extracting(done, str(output.resolve())), ddl(STATEMENTS))
        try:
            with reporting(done, progress):
                write_statements(statements, output)
        except (PySparkException, Py4JError) as exc:
            said = f"Spark 作业失败，输出不完整：{_first_line(exc)}；改正后加 --overwrite 重新运行"
            raise SparkJobError(said) from exc
        counts = task_files.commit_extracted(output)
        task_files.clear(output)
    if progress is not None:
        progress(counts)
    return counts


@contextmanager
def spark_session(master: str | None) -> Iterator[SparkSession]:
    """The session of spark-submit (or a caller's), else a new one, stopped after."""
    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    builder = (
        SparkSession.builder.appName(APP_NAME)
        .config("spark.ui.showConsoleProgress", "false")
        # Python workers forked with the extractor loaded (``spark_daemon``).
        .config("spark.python.daemon.module", "luoshi.batch.spark_daemon")
    )
    if master is not None:
        builder = builder.master(master)
    with _python_for_workers(master):
        spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        yield spark
    finally:
        spark.stop()


@contextmanager
def _python_for_workers(master: str | None) -> Iterator[None]:
    """With a local master and no PYSPARK_PYTHON, the Python workers run this
    Python (which has luoshi), not the ``python3`` on PATH; PySpark reads
    the variable when the context starts."""
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # spark-submit started this Python: its settings rule
    local = master.startswith("local") if master is not None else not submitted
    if os.environ.get("PYSPARK_PYTHON") or not local:
        yield
        return
    os.environ["PYSPARK_PYTHON"] = sys.executable
    try:
        yield
    finally:
        del os.environ["PYSPARK_PYTHON"]


def extracting(
    done: Accumulator[BatchCounts], output: str
) -> Callable[[Iterable[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """``extract_partition`` over a partition of pickled records: its
    statements as Arrow batches, its documents and errors into the task's
    own files under ``output``; what it did is added to ``done`` when the
    partition ends."""

    def extract(pickled: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        context = TaskContext.get()
        assert context is not None  # a Python worker always runs inside a task
        files = task_files.TaskFiles(Path(output), context.partitionId(), context.stageId(), context.attemptNumber())
        counts = BatchCounts()

        def statements() -> Iterator[tuple[Any, ...]]:
            partition = (pickle.loads(value) for batch in pickled for value in batch.column(0).to_pylist())
            for table, row in extract_partition(partition):
                counts.count(table, row)
                if table == STATEMENTS.name:
                    yield row
                else:
                    files.add(table, row)

        yield from batches(STATEMENTS, statements())
        files.finish(counts)
        done.add(counts)

    return extract


def write_statements(statements: DataFrame, output: Path) -> None:
    """The statements as Parquet under ``output``, in their region and year folders."""
    # Each task would write a file into every folder its rows fall in:
    # tasks × folders files. Rebalanced by folder first, a folder gets a
    # file from the few tasks that hold it, AQE splitting the large ones.
    rebalanced = statements.hint("rebalance", *STATEMENTS.partition_by)
    written = rebalanced.mapInArrow(writing(str(output.resolve())), "attempt string")
    task_files.commit_statements(output, [row["attempt"] for row in written.collect()])


def writing(output: str) -> Callable[[Iterable[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """A partition of statements into the task's own files; one row naming the attempt."""

    def write(statements: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        context = TaskContext.get()
        assert context is not None
        partition = context.partitionId()
        name = task_files.attempt_name(partition, context.stageId(), context.attemptNumber())
        task_files.write_statements(statements, Path(output), partition, name)
        yield pa.RecordBatch.from_pydict({"attempt": [name]}, schema=pa.schema([("attempt", pa.string())]))

    return write


@contextmanager
def reporting(done: Accumulator[BatchCounts], progress: Progress | None) -> Iterator[None]:
    """Tell ``progress`` the accumulated counts every second while the job runs."""
    if progress is None:
        yield
        return
    stop = threading.Event()

    def report() -> None:
        while not stop.wait(PROGRESS_SECONDS):
            progress(done.value)

    reporter = threading.Thread(target=report, name="luoshi-batch-progress", daemon=True)
    reporter.start()
    try:
        yield
    finally:
        stop.set()
        reporter.join()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
