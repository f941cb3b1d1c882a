"""``--engine spark``: the batch pipeline as a Spark job.

    driver     lists the inputs (``inputs.resolve``: names and sizes, no text)
    records    files: their names, packed into partitions of about equal
               bytes (``spark_records``); tables: read by Spark's own readers
               on the executors and spread over partitions of about equal
               characters
    extract    ``partition.extract_partition`` on each partition: the same
               function the local engine runs, so the same statements;
               its rows reach the JVM as Arrow batches (``arrow_batches``)
    write      the three tables of ``layout`` with its schemas, by Spark's
               Parquet writer (a task's files appear only once it commits:
               a task run twice after a lost executor leaves one copy);
               statements are first rebalanced by their folder (one
               shuffle of the statements), so that a folder gets files
               from a few tasks rather than one from every task

The extracted rows become one DataFrame (a row of any table, tagged with
its name), kept on the executors' local disks between the three writes:
extraction and the passage into the JVM run once, and each write only
filters the kept rows. Progress is counted in an accumulator that each
task adds to when it finishes, and told to ``progress`` every second; the
totals returned are counted again from the kept rows, since a task that
ran twice added twice. ``job.run_batch`` writes the manifest once this
returns.
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
from pyspark import StorageLevel
from pyspark.accumulators import Accumulator, AccumulatorParam
from pyspark.errors import PySparkException
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from luoshi.batch.arrow_batches import batches
from luoshi.batch.inputs import InputFile
from luoshi.batch.layout import DOCUMENTS, ERRORS, STATEMENTS, TABLES, Table, ddl
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
        # One frame of every output row, kept: extraction runs once and the
        # three writes read the JVM's copy, not Python's. Kept on the
        # executors' disks only: kept in memory first, the JVM's heap grew
        # with every task (Spark underestimates the cached batches of long
        # texts) until a 1 GB corpus ran out of a 3 GB heap.
        frame = pickled.mapInArrow(extracting(done), tagged_schema()).persist(StorageLevel.DISK_ONLY)
        try:
            with reporting(done, progress):
                for table in TABLES:
                    write(frame, table, output)
                counts = totals(frame)
        except (PySparkException, Py4JError) as exc:
            said = f"Spark 作业失败，输出不完整：{_first_line(exc)}；改正后加 --overwrite 重新运行"
            raise SparkJobError(said) from exc
        finally:
            frame.unpersist()
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
        # Local paths without the checksum layer: no .crc file beside each
        # output file, so a quarter fewer files created, each of which costs
        # a forked chmod where Hadoop's native library is absent (PySpark's package).
        .config("spark.hadoop.fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem")
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


def tagged_schema() -> str:
    """A row of any output table: its table's name, then a struct a table,
    only its own set (``layout``'s columns, in its order)."""
    return ", ".join(["`table` string", *(f"`{t.name}` struct<{ddl(t)}>" for t in TABLES)])


def extracting(done: Accumulator[BatchCounts]) -> Callable[[Iterable[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """``extract_partition`` over a partition of pickled records, as Arrow
    batches of tagged rows, adding what it did to ``done`` when the partition ends."""

    def extract(pickled: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        counts = BatchCounts()

        def found() -> Iterator[tuple[str, tuple[Any, ...]]]:
            partition = (pickle.loads(value) for batch in pickled for value in batch.column(0).to_pylist())
            for table, row in extract_partition(partition):
                counts.count(table, row)
                yield table, row

        yield from batches(found())
        done.add(counts)

    return extract


def write(frame: DataFrame, table: Table, output: Path) -> None:
    """The rows of ``table`` as Parquet under ``output / table.name``."""
    own = frame.where(F.col("table") == table.name).select(f"{table.name}.*")
    folder = str((output / table.name).resolve())
    if not table.partition_by:
        own.write.mode("errorifexists").parquet(folder)
        return
    # Each task would write a file into every folder its rows fall in:
    # tasks × folders files (and, on a local path, a forked chmod for each
    # file and folder). Rebalanced by folder first, a folder gets a file
    # from the few tasks that hold it, AQE splitting the large ones.
    rebalanced = own.hint("rebalance", *table.partition_by)
    rebalanced.write.mode("errorifexists").partitionBy(*table.partition_by).parquet(folder)


def totals(frame: DataFrame) -> BatchCounts:
    """What was written, counted in the kept frame (exact, where the
    accumulator counts a task run twice twice)."""
    chars = F.sum(F.col(f"{DOCUMENTS.name}.chars")).alias("chars")
    found = {row["table"]: row for row in frame.groupBy("table").agg(F.count("*").alias("rows"), chars).collect()}

    def rows(table: Table) -> int:
        return int(found[table.name]["rows"]) if table.name in found else 0

    characters = found[DOCUMENTS.name]["chars"] if DOCUMENTS.name in found else 0
    return BatchCounts(rows(DOCUMENTS), int(characters or 0), rows(STATEMENTS), rows(ERRORS))


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
