"""The records of a Spark batch, spread over partitions of about equal work.

Extraction costs about the same per character, so a partition holds about
``spark.luoshi.partitionChars`` characters (10 million: some seconds of
one core), and there are at least two partitions a core, so that no core
waits on another's last one. Texts never pass through the driver:

- the loaders' files: the driver knows their sizes from listing them, so it
  packs their names into partitions of about equal bytes (the largest file
  first into the lightest partition); executors load them. A file is never
  split: a huge CSV bulk file is one task (give such a corpus as a table);
- tables (JSONL, Parquet): Spark's readers split them on the executors; a
  first pass counts each split's characters (and, for JSONL, its lines, so
  that a row's number is its line in the file, as the local engine counts
  it), then each row goes to the partition its place in the running total
  of characters falls in. The rows move once, in a shuffle keyed by that
  partition, so a row lands in the same place however often it is
  recomputed.
"""

from __future__ import annotations

import heapq
import math
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import unquote, urlparse

from pyspark import RDD
from pyspark.sql import Row, SparkSession

from luoshi.batch.inputs import TABLE_COLUMNS, BadInput, FileInput, InputFile, Record, TableRow, jsonl_record

PARTITION_CHARS = 10_000_000
PARTITION_CHARS_KEY = "spark.luoshi.partitionChars"
BYTES_PER_CHAR = 3  # a file's characters from its size: UTF-8 Chinese

Keyed = tuple[int, Record]


def records(spark: SparkSession, files: list[InputFile]) -> RDD[Record]:
    """Every record of ``files``, as an RDD of balanced partitions."""
    sc = spark.sparkContext
    size = int(sc.getConf().get(PARTITION_CHARS_KEY, str(PARTITION_CHARS)))
    least = 2 * sc.defaultParallelism
    parts: list[RDD[Record]] = []
    loose = [f for f in files if not f.is_table]
    if loose:
        bins = packed(loose, partition_count(sum(f.size for f in loose) // BYTES_PER_CHAR, size, least))
        parts.append(sc.parallelize(bins, len(bins)).flatMap(lambda names: names))
    jsonl = [f for f in files if f.is_table and f.path.lower().endswith(".jsonl")]
    if jsonl:
        parts.append(jsonl_records(spark, jsonl, size, least))
    parquet = [f for f in files if f.is_table and not f.path.lower().endswith(".jsonl")]
    if parquet:
        parts.append(parquet_records(spark, parquet, size, least))
    return sc.union(parts) if parts else sc.emptyRDD()


def partition_count(chars: int, size: int, least: int) -> int:
    return max(least, math.ceil(chars / max(size, 1)), 1)


def packed(files: list[InputFile], count: int) -> list[list[FileInput]]:
    """The files in at most ``count`` bins of about equal bytes, each in input order."""
    heap = [(0, i) for i in range(min(count, len(files)))]
    bins: list[list[int]] = [[] for _ in heap]
    for index in sorted(range(len(files)), key=lambda i: -files[i].size):
        load, b = heapq.heappop(heap)
        bins[b].append(index)
        heapq.heappush(heap, (load + files[index].size, b))
    return [[FileInput(files[i].path) for i in sorted(b)] for b in bins if b]


# -- JSONL ---------------------------------------------------------------------
def jsonl_records(spark: SparkSession, files: list[InputFile], size: int, least: int) -> RDD[Record]:
    names = {_local(f.path): f.path for f in files}
    lines = (
        spark.read.text([os.path.abspath(f.path) for f in files])
        .select("value", "_metadata.file_path", "_metadata.file_block_start")
        .rdd
    )
    # first pass: each partition's characters and its blocks' line counts
    stats = lines.mapPartitionsWithIndex(_jsonl_stats).collect()
    first_line: dict[tuple[str, int], int] = {}
    every_block = sorted(block for _, _, blocks in stats for block in blocks)
    for _, same_file in groupby(every_block, key=lambda block: block[0]):
        seen = 0
        for path, start, count in same_file:
            first_line[(path, start)] = seen
            seen += count
    spread = Spread.of([(index, chars) for index, chars, _ in stats], size, least)

    def keyed(index: int, rows: Iterable[Row]) -> Iterator[Keyed]:
        key_of = spread.keys(index)
        counted: dict[tuple[str, int], int] = {}
        for row in rows:
            block = (row.file_path, row.file_block_start)
            number = first_line[block] + counted.get(block, 0)
            counted[block] = counted.get(block, 0) + 1
            key = key_of(len(row.value))
            record = jsonl_record(names[_local(row.file_path)], number, row.value)
            if record is not None:
                yield key, record

    return spread.shuffled(lines.mapPartitionsWithIndex(keyed))


def _jsonl_stats(index: int, rows: Iterable[Row]) -> Iterator[tuple[int, int, list[tuple[str, int, int]]]]:
    chars = 0
    blocks: dict[tuple[str, int], int] = {}
    for row in rows:
        chars += len(row.value)
        block = (row.file_path, row.file_block_start)
        blocks[block] = blocks.get(block, 0) + 1
    yield index, chars, [(path, start, count) for (path, start), count in blocks.items()]


# -- Parquet -------------------------------------------------------------------
def parquet_records(spark: SparkSession, files: list[InputFile], size: int, least: int) -> RDD[Record]:
    """Rows of Parquet tables; a file without ``id`` or ``text`` is one error."""
    sc = spark.sparkContext
    readable, bad = [], []
    for f in files:
        columns = _parquet_columns(spark, f.path)
        if columns is None:
            bad.append(BadInput(f.path, "无法读取 Parquet 文件；请检查文件是否完整"))
        elif "id" not in columns or "text" not in columns:
            listed = "、".join(columns)
            bad.append(BadInput(f.path, f"Parquet 表中缺少 id 或 text 列（现有的列：{listed}）"))
        else:
            readable.append(f)
    parts: list[RDD[Record]] = [sc.parallelize(bad, 1)] if bad else []
    if readable:
        frame = spark.read.option("mergeSchema", "true").parquet(*[os.path.abspath(f.path) for f in readable])
        wanted = [c for c in TABLE_COLUMNS if c in frame.columns]
        rows = frame.select(*wanted, "_metadata.file_path", "_metadata.row_index").rdd
        names = {_local(f.path): f.path for f in readable}
        stats = rows.mapPartitionsWithIndex(lambda i, part: [(i, sum(len(r.text or "") for r in part))]).collect()
        spread = Spread.of(stats, size, least)

        def keyed(index: int, part: Iterable[Row]) -> Iterator[Keyed]:
            key_of = spread.keys(index)
            for row in part:
                values = row.asDict()
                path = names[_local(values.pop("file_path"))]
                yield key_of(len(row.text or "")), TableRow.of(path, values.pop("row_index"), values)

        parts.append(spread.shuffled(rows.mapPartitionsWithIndex(keyed)))
    return sc.union(parts)


def _parquet_columns(spark: SparkSession, path: str) -> list[str] | None:
    try:
        return list(spark.read.parquet(os.path.abspath(path)).columns)
    except Exception:  # noqa: BLE001 — any reader failure means the same to the user: the file is unreadable
        return None


# -- spreading by characters -------------------------------------------------------
@dataclass(frozen=True)
class Spread:
    """Output partitions of ``width`` characters each; ``before``: the
    characters of the input partitions before each one."""

    count: int
    width: float
    before: dict[int, int]

    @classmethod
    def of(cls, stats: list[tuple[int, int]], size: int, least: int) -> Spread:
        """From (input partition, characters) pairs."""
        total = sum(chars for _, chars in stats)
        count = partition_count(total, size, least)
        before, seen = {}, 0
        for index, chars in sorted(stats):
            before[index] = seen
            seen += chars
        return cls(count, max(total, 1) / count, before)

    def keys(self, index: int) -> Callable[[int], int]:
        """For input partition ``index``: a row's output partition from its
        characters, rows taken in order (its middle's place in the total)."""
        seen = self.before[index]

        def key(chars: int) -> int:
            nonlocal seen
            middle = seen + chars / 2
            seen += chars
            return min(self.count - 1, int(middle / self.width))

        return key

    def shuffled(self, keyed: RDD[Keyed]) -> RDD[Record]:
        return keyed.partitionBy(self.count, lambda key: key).values()


def _local(path_or_uri: str) -> str:
    """A file's absolute path, from a path or the URI Spark's readers give."""
    path = unquote(urlparse(path_or_uri).path) if path_or_uri.startswith("file:") else path_or_uri
    return os.path.normpath(os.path.abspath(path))
