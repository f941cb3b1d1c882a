"""How the Spark engine spreads work (no JVM needed): files packed by size,
table rows placed by their running characters."""

from __future__ import annotations

from luoshi.batch.inputs import InputFile
from luoshi.batch.spark_records import Spread, packed, partition_count


def files(*sizes: int) -> list[InputFile]:
    return [InputFile(f"f{i}.txt", size, 0) for i, size in enumerate(sizes)]


def test_files_are_packed_largest_first_into_the_lightest_partition():
    given = files(90, 10, 50, 40, 30, 30)
    size = {f.path: f.size for f in given}
    bins = packed(given, 3)
    assert sorted(sum(size[f.input] for f in b) for b in bins) == [80, 80, 90]
    for b in bins:  # each in input order
        assert [f.input for f in b] == sorted(f.input for f in b)


def test_every_file_lands_once_and_no_partition_is_empty():
    bins = packed(files(5, 5), 8)
    assert sorted(f.input for b in bins for f in b) == ["f0.txt", "f1.txt"] and all(bins)


def test_partitions_hold_about_the_size_asked_and_at_least_two_a_core():
    assert partition_count(95_000_000, 10_000_000, least=4) == 10
    assert partition_count(1_000, 10_000_000, least=4) == 4


def test_rows_go_where_their_middle_falls_in_the_running_total():
    spread = Spread.of([(0, 60), (1, 40)], size=25, least=1)  # 100 characters: 4 partitions of 25
    first, second = spread.keys(0), spread.keys(1)
    assert [first(10), first(30), first(20)] == [0, 1, 2]  # middles 5, 25, 50
    assert [second(40)] == [3]  # middle 80
    assert spread.count == 4


def test_one_huge_row_still_lands_in_a_partition_that_exists():
    spread = Spread.of([(0, 10)], size=1, least=1)
    key = spread.keys(0)
    assert key(10) == 5 and 0 <= key(0) < spread.count
