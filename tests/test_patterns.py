"""Cue patterns compiled for scanning (spread into branches that open with a
literal, or told their first characters) match exactly what the plain
pattern matches."""

from __future__ import annotations

import re
from re import _parser  # type: ignore[attr-defined]

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.extract.kinds import _progress_cue, _target_cue
from luoshi.extract.periods import _PART_ANCHOR, _YEAR
from luoshi.numbers.scanner import rules
from luoshi.rules.patterns import _engine_skips, _spread, lead, scanning, words_automaton


@pytest.mark.parametrize(
    "pattern",
    [
        "力争|确保|(?<![重主])要(?!求)",  # a lookbehind before the literal: checked after it
        "(?:完成|达到)(?:了)?计划",
        "[0-9]+亿元|[一二三]+万",  # a repeat of a class: its first one opens the branch
        r"(?<![0-9])((?:19|20)[0-9]{2})(?:年|(?=[-—至到]))",  # a capturing group first: spread inside it
        "[月季]|[半全]年",
    ],
)
def test_a_pattern_is_spread_so_the_engine_sees_its_first_characters(pattern: str):
    spread = _spread(_parser.parse(pattern))
    assert spread is not None and _engine_skips(spread)
    compiled = scanning(pattern)
    assert compiled.pattern == pattern and compiled.groupindex == re.compile(pattern).groupindex


@pytest.mark.parametrize(
    ("pattern", "first"),
    [
        (r"(?=[0-9])(?P<n>[0-9]+)亿", "0123456789"),  # a named group first holds a lookahead: not spread
        (r"(?m)^[ \t]*[\[【](?P<n>[0-9]+)", " \t[【"),  # an optional repeat first: its characters or what follows
        (".{0,3}目标", None),  # any character may start it: no lead
        ("(?:19|20)?年", "12年"),  # an optional part first: its first characters or what follows
        ("(?:19|20)?.年", None),  # and what follows it may be any character: no lead
    ],
)
def test_the_lead_names_the_first_characters_where_they_are_certain(pattern: str, first: str | None):
    parsed = _parser.parse(pattern)
    assert _spread(parsed) is None or not _engine_skips(_spread(parsed))
    assert lead(parsed) == (set(first) if first else None)
    compiled = scanning(pattern)
    assert compiled.pattern == pattern and compiled.groupindex == re.compile(pattern).groupindex


ALPHABET = (
    "0123456789.%一二三四五十百千万亿力争确保要求完成达到了计划年度目标预期增长元吨，。、重主即必将近上下半全季月"
)
TEXT = st.text(alphabet=ALPHABET, max_size=80)


def _plain(compiled: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(compiled.pattern)


@given(TEXT)
def test_the_project_patterns_match_the_same_spans_and_groups_as_written(text: str):
    for compiled in (_target_cue(), _progress_cue(), rules().pattern, _YEAR, _PART_ANCHOR):
        plain = _plain(compiled)
        assert [(m.span(), m.groups()) for m in compiled.finditer(text)] == [
            (m.span(), m.groups()) for m in plain.finditer(text)
        ]


@given(st.text(alphabet="ab12重要求计划\n", max_size=30))
def test_spread_patterns_match_what_they_were_written_as(text: str):
    for pattern in (
        "(?<![重1])(?:要|计划)(?!求)",
        "(?:a|ab)+?2|b{2,3}+1",
        "(?<!a)([12]{1,3})(?P<x>要)?",
        r"(?=[12])(?P<n>[12]+)要",  # told its first characters
        "(?<![a1])(?:(?P<d>[12]++)(?:计划)?|(?P<c>重+要))",  # told them too: a lookbehind and an alternation
        "(?m)^b*(?P<n>[12]+)要",  # and where an optional repeat comes first
    ):
        spread, plain = scanning(pattern), re.compile(pattern)
        assert [(m.span(), m.groups()) for m in spread.finditer(text)] == [
            (m.span(), m.groups()) for m in plain.finditer(text)
        ]


WORDS = ["今年", "去年", "一带一路", "一带", "带一", "全区", "全自治区", "自治区", "十四五", "四五", "十四"]


@given(st.text(alphabet="今去年一带路全区自治十四五", max_size=40))
def test_a_words_automaton_finds_what_the_alternation_longest_first_finds(text: str):
    plain = re.compile("|".join(sorted(WORDS, key=len, reverse=True)))
    found = [(s, e) for _, s, e in words_automaton(WORDS).find_matches_as_indexes(text)]
    assert found == [m.span() for m in plain.finditer(text)]
