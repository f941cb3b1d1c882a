"""Cue patterns led by a lookahead of their first characters match exactly
what the plain pattern matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.extract.kinds import _progress_cue, _target_cue
from luoshi.numbers.scanner import rules
from luoshi.rules.patterns import scanning


@pytest.mark.parametrize(
    ("pattern", "lead"),
    [
        ("力争|确保|(?<![重主])要(?!求)", "力确要"),
        ("(?:完成|达到)(?:了)?计划", "完达"),
        ("[0-9]+亿元|[一二三]+万", "0123456789一二三"),
        (".{0,3}目标", None),  # any character may start it: no lead
        ("(?:19|20)?年", None),  # may start with 年 or a digit, but the optional part is not understood: no lead
    ],
)
def test_the_lead_names_the_first_characters_where_they_are_certain(pattern: str, lead: str | None):
    compiled = scanning(pattern).pattern
    if lead is None:
        assert compiled == pattern
    else:
        first = re.match(r"\(\?=\[(.*?)\]\)", compiled)
        assert first is not None and set(first.group(1)) == set(lead)


ALPHABET = "0123456789.%一二三四五十百千万亿力争确保要求完成达到了计划年度目标预期增长元吨，。、"
TEXT = st.text(alphabet=ALPHABET, max_size=80)


@given(TEXT)
def test_the_project_patterns_match_the_same_spans_with_and_without_the_lead(text: str):
    for compiled in (_target_cue(), _progress_cue(), rules().pattern):
        led = compiled.pattern.startswith("(?=[")
        plain = re.compile(compiled.pattern.split(")(?:", 1)[1][:-1]) if led else compiled
        assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in plain.finditer(text)]
