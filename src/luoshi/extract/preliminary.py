"""Whether an outcome is preliminary: its sentence says 预计, 初步核算, 快报 …
(``preliminary`` in cues.yaml), so a final figure is used before it.

Decided once, where a statement is made — by the extractor, by a statistics
import from its row, by the store's migration for statements stored before
the flag existed — so that linking reads ``Statement.preliminary`` and never
a text again. The sentence is cut from the document as written, between two
of the rule data's ``sentence_ends``.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from functools import cache

from luoshi.errors import RulesError
from luoshi.rules import load_yaml
from luoshi.types import Kind, Statement


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(any cue word, any sentence end)."""
    d = load_yaml("cues.yaml")["preliminary"]
    # preliminary_spans relies on it: a cue starting in a sentence ends there
    if any(end in cue for cue in d["cues"] for end in d["sentence_ends"]):
        raise RulesError("rules/data/cues.yaml: a preliminary cue holds a sentence end")
    cues = re.compile("|".join(map(re.escape, d["cues"])))
    ends = re.compile("|".join(map(re.escape, d["sentence_ends"])))
    return cues, ends


def cue_words() -> tuple[str, ...]:
    """The cue words, as the rule data lists them."""
    return tuple(load_yaml("cues.yaml")["preliminary"]["cues"])


def says_preliminary(words: str) -> bool:
    """Whether ``words`` (a statistics row, a sentence) hold a cue word."""
    return _patterns()[0].search(words) is not None


def preliminary_spans(text: str) -> Callable[[int, int], bool]:
    """For one text: whether the sentence holding ``text[start:end]`` says
    a cue word. Cue words and sentence ends are found once for the text,
    so asking about each of its figures costs two bisections."""
    cues_re, ends_re = _patterns()
    cues = [m.start() for m in cues_re.finditer(text)]
    if not cues:
        return lambda start, end: False
    ends = [m.start() for m in ends_re.finditer(text)]

    def says(start: int, end: int) -> bool:
        before = bisect_left(ends, start)  # the last end before the span closes the sentence before
        lo = ends[before - 1] + 1 if before else 0
        after = bisect_left(ends, end)
        hi = ends[after] if after < len(ends) else len(text)
        # a cue holds no sentence end: one starting inside the sentence ends in it
        first = bisect_left(cues, lo)
        return first < len(cues) and cues[first] < hi

    return says


def flag_preliminary(text: str, statements: Iterable[Statement]) -> list[Statement]:
    """``statements`` of ``text``, each outcome (kind actual) whose sentence
    says a cue word marked preliminary; targets and events never are."""
    says = preliminary_spans(text)
    return [
        dataclasses.replace(s, preliminary=True) if s.kind is Kind.ACTUAL and says(s.start, s.end) else s
        for s in statements
    ]
