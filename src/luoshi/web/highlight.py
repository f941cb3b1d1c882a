"""A document's text cut into pieces for the page: plain text, figures
(each tied to the statements that read it) and the focused span.

Statements may overlap (two figures in one clause share words), so the text
is cut at every boundary and each piece lists what covers it: the page needs
no nested markup and escapes every piece as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from luoshi.types import Kind, Statement


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    start: int
    statements: tuple[int, ...] = ()  # indexes into the document's statements
    kind: str | None = None  # of the first statement: target, actual or event
    focus: bool = False  # inside the span asked for


def figure_span(s: Statement, text: str) -> tuple[int, int]:
    """Where the figure itself is: its words as written inside the quote,
    else the whole quote (events, imported rows)."""
    if s.value_text:
        at = text.find(s.value_text, s.start, s.end)
        if at >= 0:
            return at, at + len(s.value_text)
    return s.start, s.end


def pieces(text: str, statements: Sequence[Statement], focus: tuple[int, int] | None = None) -> list[Piece]:
    # Each figure, and each place that repeats it (a headline), points to its statement.
    spans = [(*figure_span(s, text), i) for i, s in enumerate(statements)]
    spans += [(*_repeated(s, text, a, b), i) for i, s in enumerate(statements) for a, b in s.repeats]
    cuts = {0, len(text)}
    for start, end, _ in spans:
        cuts.update((start, end))
    if focus is not None:
        cuts.update(max(0, min(len(text), x)) for x in focus)
    bounds = sorted(cuts)
    starts: dict[int, list[int]] = {}
    for n, (start, _, _) in enumerate(spans):
        starts.setdefault(start, []).append(n)
    open_: list[int] = []
    out: list[Piece] = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        open_ = [n for n in open_ if spans[n][1] > lo] + [n for n in starts.get(lo, []) if spans[n][1] > lo]
        inside = tuple(sorted({spans[n][2] for n in open_}))
        kind = statements[inside[0]].kind.value if inside else None
        focused = focus is not None and focus[0] <= lo and hi <= focus[1]
        out.append(Piece(text[lo:hi], lo, inside, kind, focused))
    return _merged(out)


def _repeated(s: Statement, text: str, start: int, end: int) -> tuple[int, int]:
    """The figure inside another span that says it again."""
    if s.value_text:
        at = text.find(s.value_text, start, end)
        if at >= 0:
            return at, at + len(s.value_text)
    return start, end


def _merged(found: list[Piece]) -> list[Piece]:
    """Neighbouring plain pieces joined: fewer elements on the page."""
    out: list[Piece] = []
    for p in found:
        last = out[-1] if out else None
        if last and not last.statements and not p.statements and last.focus == p.focus:
            out[-1] = Piece(last.text + p.text, last.start, (), None, last.focus)
        else:
            out.append(p)
    return out


KIND_WORDS = {Kind.TARGET.value: "目标", Kind.ACTUAL.value: "实绩", Kind.EVENT.value: "事件"}
