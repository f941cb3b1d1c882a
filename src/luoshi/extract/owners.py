"""Who is responsible for a figure, and who works with them: the lead unit
(the owner) and the other responsible units (co-owners).

Two kinds of wording name them (see owner_tasks and owner_speech):

- A task assignment: 牵头单位：市发展改革委；责任单位：市统计局, （市发改委牵头）,
  （市发改委） after a task, 由市交通运输局负责, a task table's 牵头单位 and
  责任单位 columns. It owns its task, whatever the figure's kind: a progress
  report (督查通报) names the 牵头单位 of the progress it reports as plainly
  as a task breakdown names that of the target.
- A body that speaks (自治区商务厅相关负责人表示…, a press conference's
  answer): what it says is its own, plans and results alike.

The innermost scope around a figure wins: a task beats the paragraph of a
speaker, a quotation its paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from luoshi.extract.owner_speech import spoken_scopes
from luoshi.extract.owner_tasks import task_scopes
from luoshi.extract.owner_words import OwnerScope, lexicon
from luoshi.extract.structure import Structure

__all__ = ["OwnerResolver", "OwnerScope", "owner_scopes"]

_COLONS = (re.compile("："), re.compile(":"))  # two literals scan faster than one class


def owner_scopes(text: str, structure: Structure) -> list[OwnerScope]:
    """Spans of text each owned by its units, sorted by start."""
    lex = lexicon()
    colons = sorted(m.start() for colon in _COLONS for m in colon.finditer(text))
    scopes = [*spoken_scopes(text, structure, lex, colons), *task_scopes(text, structure, lex, colons)]
    scopes.sort(key=lambda s: (s.start, -s.end))
    return scopes


class OwnerResolver:
    def __init__(self, text: str, structure: Structure) -> None:
        self.scopes = owner_scopes(text, structure)
        self.starts = [s.start for s in self.scopes]
        self.longest = max((s.end - s.start for s in self.scopes), default=0)

    def resolve(self, pos: int) -> tuple[str, ...]:
        """The units of the innermost scope around ``pos``, the lead first."""
        best: OwnerScope | None = None
        i = bisect_right(self.starts, pos) - 1
        while i >= 0 and self.scopes[i].start + self.longest > pos:
            s = self.scopes[i]
            if s.start <= pos < s.end and (best is None or s.end - s.start < best.end - best.start):
                best = s
            i -= 1
        return best.units if best else ()
