"""Who is responsible for a figure: the body a spokesperson speaks for
(自治区商务厅相关负责人表示…) or the lead unit of a task (牵头单位：…)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from luoshi.extract.structure import Structure
from luoshi.rules import load_yaml

_ORG_BODY = r"[\u4e00-\u9fff（）()]{2,24}?"


@dataclass(frozen=True)
class _Patterns:
    attribution: re.Pattern[str]
    verb: re.Pattern[str]
    lead_unit: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    d = load_yaml("owners.yaml")
    suffix = "|".join(sorted(d["org_suffixes"], key=len, reverse=True))
    verbs = "|".join(d["speech_verbs"])
    org = rf"(?P<org>{_ORG_BODY}(?:{suffix}))"
    return _Patterns(
        attribution=re.compile(rf"{org}(?:{d['speaker']})(?:{verbs})"),
        verb=re.compile(verbs),
        lead_unit=re.compile(rf"{d['lead_unit']}(?P<org>[^，,。；;）)\n]{{2,40}})"),
    )


@dataclass(frozen=True, slots=True)
class OwnerScope:
    start: int
    end: int
    owner: str


def owner_scopes(text: str, structure: Structure) -> list[OwnerScope]:
    """Spans of text each owned by one body, sorted by start."""
    p = _patterns()
    scopes = []
    for m in _attributions(text, structure, p):
        org_start = m.start("org")
        para_start, para_end = structure.paragraph(org_start)
        scopes.append(OwnerScope(para_start, para_end, m.group("org")))
        if text[org_start - 1 : org_start] == "”":
            opening = text.rfind("“", 0, org_start - 1)
            if opening >= 0:
                scopes.append(OwnerScope(opening, org_start, m.group("org")))
    for m in p.lead_unit.finditer(text):
        para_start, para_end = structure.paragraph(m.start())
        scopes.append(OwnerScope(para_start, para_end, m.group("org").strip()))
    scopes.sort(key=lambda s: (s.start, -s.end))
    return scopes


def _attributions(text: str, structure: Structure, p: _Patterns) -> list[re.Match[str]]:
    """Attribution matches, looked for only in sentences that hold a speech verb."""
    return [m for start, end in structure.sentences_with(p.verb) for m in p.attribution.finditer(text, start, end)]


class OwnerResolver:
    def __init__(self, text: str, structure: Structure) -> None:
        self.scopes = owner_scopes(text, structure)
        self.starts = [s.start for s in self.scopes]

    def resolve(self, pos: int) -> str | None:
        """The innermost scope around ``pos`` (a quotation beats its paragraph)."""
        best: OwnerScope | None = None
        i = bisect_right(self.starts, pos) - 1
        while i >= 0:
            s = self.scopes[i]
            if s.start <= pos < s.end and (best is None or s.end - s.start < best.end - best.start):
                best = s
            i -= 1
        return best.owner if best else None
