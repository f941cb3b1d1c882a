"""A figure said more than once in one document is one statement.

News pages restate the body in the headline, and reprints repeat whole
paragraphs. Each such mention becomes evidence of the statement it repeats
(``Statement.repeats``), not a statement of its own: the body's sentence is
the statement, the headline and the copies point to it.
"""

from __future__ import annotations

import dataclasses

from luoshi.types import Statement

_HEADLINE_MAX = 40  # a line this short without 。 is a headline or heading, not prose
_SENTENCE_MARKS = "。\n！？"  # the commonest first


def merge_repeats(text: str, statements: list[Statement]) -> list[Statement]:
    """``statements`` (in text order) with each repeat folded into the
    statement it repeats."""
    header_end = _header_end(text)
    keep: list[Statement] = []
    # The sentence is compared only among figures alike in all else: most have no twin.
    by_key: dict[tuple[object, ...], list[int]] = {}
    headlines: list[Statement] = []
    for s in statements:
        if s.value is None:
            keep.append(s)
            continue
        if s.end <= header_end:
            headlines.append(s)
            continue
        key = (s.indicator, s.base_value, s.base_unit, s.region, s.kind)
        twins = by_key.get(key)
        if twins is None:
            by_key[key] = [len(keep)]
            keep.append(s)
            continue
        i = next((i for i in twins if _clause(text, keep[i]) == _clause(text, s)), None)
        if i is not None:  # a repeated paragraph: the same words again
            keep[i] = _with_repeat(keep[i], s)
            continue
        twins.append(len(keep))
        keep.append(s)
    if not headlines:
        return keep
    for h in headlines:
        body = next((i for i, s in enumerate(keep) if s.value is not None and _same_figure(s, h)), None)
        if body is None:
            keep.append(h)  # the headline's figure is said nowhere else
        else:
            keep[body] = _with_repeat(keep[body], h)
    keep.sort(key=lambda s: (s.start, s.end))
    return keep


def _same_figure(a: Statement, b: Statement) -> bool:
    """A headline's figure and the body's: the same amount of the same thing
    in the same place (the headline's indicator name is often shorter)."""
    return (a.base_value, a.base_unit, a.region) == (b.base_value, b.base_unit, b.region)


def _clause(text: str, s: Statement) -> str:
    """The whole sentence around the figure: a copy repeats all of it."""
    # Each mark is looked for only as far as the nearest one found so far: a mark
    # the text lacks (！) would otherwise send the search to the text's end.
    start, end = 0, len(text)
    for c in _SENTENCE_MARKS:
        start = max(start, text.rfind(c, start, s.start) + 1)
        found = text.find(c, s.end, end)
        end = end if found < 0 else found
    return text[start:end]


def _header_end(text: str) -> int:
    """Where the body begins: the first line of prose (long, or with 。).
    The lines above it are headline, subtitle, date and source."""
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end + 1
        stripped = text[pos:end].strip()
        if len(stripped) > _HEADLINE_MAX or "。" in stripped:
            return pos
        pos = end
    return 0  # no prose at all: nothing is a headline


def _with_repeat(s: Statement, other: Statement) -> Statement:
    return dataclasses.replace(s, repeats=tuple(sorted({*s.repeats, (other.start, other.end)})))
