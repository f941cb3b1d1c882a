"""The small rules a 通报 is written and set by: Chinese numbering of its
sections and items, and where a PDF line may break (禁则)."""

from __future__ import annotations

import pytest

from luoshi.bulletin.compose import chinese_number
from luoshi.bulletin.pdf_out import break_lines


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (25, "二十五"), (101, "一百零一"), (110, "一百一十"),
     (1000, "一千"), (1010, "一千零一十"), (1100, "一千一百"), (10_000, "10000")],
)  # fmt: skip
def test_items_are_numbered_in_chinese(n: int, words: str) -> None:
    assert chinese_number(n) == words


def _width(text: str) -> float:
    """One unit a CJK character or punctuation mark, half for a digit or Latin letter."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def test_closing_punctuation_hangs_at_the_end_of_a_line_never_starting_the_next() -> None:
    lines = break_lines("一二三四五，六七八九十。", 5, _width)
    assert lines == ["一二三四五，", "六七八九十。"]


def test_opening_punctuation_moves_to_the_next_line_with_its_word() -> None:
    lines = break_lines("一二三四（五六）", 5, _width)
    assert lines == ["一二三四", "（五六）"]


def test_a_figure_is_kept_whole_on_one_line_when_it_fits() -> None:
    lines = break_lines("完成投资2073.1亿元", 6, _width)
    assert lines == ["完成投资", "2073.1亿元"]
    assert all(_width(line) <= 6 for line in lines)


def test_the_first_line_is_shorter_by_its_indent() -> None:
    lines = break_lines("一二三四五六七八", 4, _width, indent=2)
    assert lines == ["一二", "三四五六", "七八"]
