"""Cue patterns compiled to scan whole texts fast.

Python's regular expressions try every alternative of a pattern at every
position of the text. A cue list such as 力争|确保|目标…|要… starts with a
handful of characters; telling the engine so, with a lookahead of those
first characters, lets it skip the positions that cannot match. The set is
read from the pattern itself (its parse tree), so the data stays as written.
"""

from __future__ import annotations

import re
from re import _constants as c  # type: ignore[attr-defined]  # the stdlib parser's opcodes
from re import _parser  # type: ignore[attr-defined]
from typing import Any

_MAX_FIRST = 64  # beyond this many first characters the lookahead gains nothing


def scanning(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled, led by a lookahead of the characters any match
    can start with, where those are few and certain."""
    first = _first(_parser.parse(pattern))
    if first is None or not first or len(first) > _MAX_FIRST:
        return re.compile(pattern)
    chars = "".join(re.escape(ch) for ch in sorted(first))
    return re.compile(f"(?=[{chars}])(?:{pattern})")


def _first(items: Any) -> set[str] | None:
    """The characters a match of the parsed sequence ``items`` can start
    with; None when any character could (or the parse is not understood)."""
    for op, av in items:
        if op is c.LITERAL:
            return {chr(av)}
        if op is c.IN:
            return _charset(av)
        if op is c.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                found = _first(branch)
                if found is None:
                    return None
                out |= found
            return out
        if op is c.SUBPATTERN:
            return _first(av[-1])
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            return _first(av[2])
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # a lookaround or anchor takes no character
        return None
    return None


def _charset(av: Any) -> set[str] | None:
    out: set[str] = set()
    for op, value in av:
        if op is c.LITERAL:
            out.add(chr(value))
        elif op is c.RANGE and value[1] - value[0] < _MAX_FIRST:
            out.update(chr(x) for x in range(value[0], value[1] + 1))
        else:
            return None
    return out
