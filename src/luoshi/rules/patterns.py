"""Cue patterns compiled to scan whole texts fast.

Python's regular expression engine skips ahead on its own, in C, to the
positions where a match can start only when it sees the pattern's first
characters: a literal, a character class, or an alternation whose every
branch opens with a literal. A cue list such as (?:完成|达到)计划|(?<!重)要…
hides them behind groups and lookbehinds, and the engine then tries the
whole pattern at every position of the text. ``scanning`` rewrites such a
pattern into the same alternation spread out (完成计划|达到计划|要(?<!重要)…),
whose first characters the engine sees; where that cannot be done, it leads
the engine those characters to skip to itself, as it does for a pattern
whose first characters it sees (a lookahead of them would not: the engine
would still try the whole pattern, lookahead first, at every position).
Both read the characters from the pattern itself (its parse tree), so the
data stays as written, and both match exactly what the pattern matches.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # the engine, to compile a parse tree as re does
import re
from collections.abc import Iterable
from re import _compiler, _parser  # type: ignore[attr-defined]  # the stdlib's parser and compiler
from re import _constants as c  # type: ignore[attr-defined]  # the stdlib parser's opcodes
from typing import Any

import ahocorasick_rs

_MAX_FIRST = 64  # beyond this many first characters the lookahead gains nothing
_MAX_BRANCHES = 256  # beyond this many branches a spread pattern grows too large


def scanning(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled so that the engine skips to where a match can
    start: as written when the engine sees its first characters, else spread
    out, else told those characters, where few and certain."""
    parsed = _parser.parse(pattern)
    if _engine_skips(parsed):
        return re.compile(pattern)
    spread = _spread(parsed)
    if spread is not None and _engine_skips(spread):
        return _compiled(pattern, spread)
    first = lead(parsed)
    return re.compile(pattern) if first is None else _compiled(pattern, parsed, first)


def words_automaton(words: Iterable[str]) -> ahocorasick_rs.AhoCorasick:
    """The words as one automaton finding them leftmost-longest, as a regex
    alternation of them, longest first, does: a text scanned whole for a
    few dozen words costs it a third to a half of the regex's time (the
    engine checks every character against their first characters)."""
    return ahocorasick_rs.AhoCorasick(
        list(words),
        matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
        implementation=ahocorasick_rs.Implementation.DFA,
    )


def lead(parsed: Any) -> set[str] | None:
    """The characters every match of the parsed pattern opens with, where
    few, certain and free of case; None otherwise."""
    first = _first(parsed)
    if not first or len(first) > _MAX_FIRST or parsed.state.flags & re.IGNORECASE:
        return None
    return first


def _engine_skips(parsed: Any) -> bool:
    """The engine knows the literal or the characters every match opens with."""
    return bool(_compiler._get_literal_prefix(parsed, 0)[0]) or _compiler._get_charset_prefix(parsed, 0) is not None


def _compiled(source: str, tree: Any, first: set[str] | None = None) -> re.Pattern[str]:
    """The rewritten ``tree`` compiled as the stdlib does, keeping ``source``
    (which it matches exactly) as the pattern's text; ``first``: the
    characters its matches open with, for the engine to skip to."""
    state = tree.state
    index = [None] * state.groups
    for name, i in state.groupdict.items():
        index[i] = name
    code = _compiler._code(tree, 0) if first is None else _skipping_code(tree, first)
    pattern: re.Pattern[str] = _sre.compile(source, state.flags, code, state.groups - 1, state.groupdict, tuple(index))
    return pattern


def _skipping_code(tree: Any, first: set[str]) -> list[int]:
    """The engine's code for ``tree`` with an info block that names
    ``first`` as the characters a match opens with: the stdlib writes that
    block from a pattern opening with a class of those characters, here
    given the width of the whole pattern."""
    flags = tree.state.flags
    opening = _sub(tree, [(c.IN, [(c.LITERAL, ord(ch)) for ch in sorted(first)])])
    opening.width = tree.getwidth()  # the info block's minimum and maximum length are the pattern's
    code: list[int] = []
    _compiler._compile_info(code, opening, flags)
    _compiler._compile(code, tree.data, flags)
    code.append(c.SUCCESS)
    return code


def _spread(parsed: Any) -> Any | None:
    """The parsed pattern rewritten so that it opens with an alternation of
    branches that each open with a literal; None where it cannot be."""
    items = list(parsed.data)
    if not items:
        return None
    op, av = items[0]
    if op is c.SUBPATTERN and av[0] is not None and not av[1] and not av[2]:
        # A capturing group first: spread what it holds, the engine looks inside.
        inner = _spread(av[3])
        return None if inner is None else _sub(parsed, [(op, (av[0], 0, 0, inner)), *items[1:]])
    if _lookbehind(op, av) and len(items) > 1 and items[1][0] is c.SUBPATTERN and items[1][1][0] is not None:
        # (?<![0-9])(19…): the lookbehind holds at the group's start, inside it.
        group, add, remove, body = items[1][1]
        moved = (c.SUBPATTERN, (group, add, remove, _sub(body, [items[0], *body.data])))
        return _spread(_sub(parsed, [moved, *items[2:]]))
    branches = _openings(parsed, items)
    if branches is None or len(branches) > _MAX_BRANCHES:
        return None
    if len(branches) == 1:
        return _sub(parsed, branches[0])
    return _sub(parsed, [(c.BRANCH, (None, [_sub(parsed, b) for b in branches]))])


def _openings(parsed: Any, items: list[Any]) -> list[list[Any]] | None:
    """``items`` as branches, in the order the engine tries them, each
    opening with a literal; None where the first step is not one of these."""
    if not items:
        return None
    (op, av), rest = items[0], items[1:]
    if op is c.LITERAL:
        return [items]
    if op is c.IN:
        chars = _charset(av)
        if chars is None or len(chars) > _MAX_FIRST:
            return None
        # One character of the class can match at a position: their order is free.
        return [[(c.LITERAL, ord(ch)), *rest] for ch in sorted(chars)]
    if op is c.SUBPATTERN and av[0] is None and not av[1] and not av[2]:
        return _openings(parsed, [*av[3].data, *rest])
    if op is c.BRANCH:
        out: list[list[Any]] = []
        for branch in av[1]:
            found = _openings(parsed, [*branch.data, *rest])
            if found is None:
                return None
            out.extend(found)
        return out
    if op in _REPEATS and av[0] >= 1 and av[2].getwidth()[0] >= 1:
        # x{2,5} is x x{1,4}: the first one read opens the branch.
        low, high, body = av
        again = (op, (low - 1, high if high == c.MAXREPEAT else high - 1, body))
        return _openings(parsed, [*body.data, again, *rest])
    if _lookbehind(op, av):
        # (?<!重)要 is 要(?<!重要): checked once the literal after it is read.
        found = _openings(parsed, rest)
        if found is None:
            return None
        return [[first, (op, (-1, _sub(av[1], [*av[1].data, first]))), *tail] for first, *tail in found]
    return None


_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)


def _lookbehind(op: Any, av: Any) -> bool:
    return op in (c.ASSERT, c.ASSERT_NOT) and av[0] == -1


def _sub(like: Any, data: list[Any]) -> Any:
    return _parser.SubPattern(like.state, data)


def _first(items: Any) -> set[str] | None:
    """The characters a match of the parsed sequence ``items`` can start
    with; None when any character could (or the parse is not understood)."""
    items = list(items)
    for i, (op, av) in enumerate(items):
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
        if op in _REPEATS and av[0] >= 1:
            return _first(av[2])
        if op in _REPEATS:
            # [ \t]*【: a character of the repeat, or else what follows it.
            body, rest = _first(av[2]), _first(items[i + 1 :])
            return None if body is None or rest is None else body | rest
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
