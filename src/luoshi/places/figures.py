"""The figures of a signing: the amount of money and the number of projects
its sentence gives (签约项目108个，协议总投资2757亿元), found among the
statements the extractor read from the same document, each with its span."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from luoshi.rules import load_yaml
from luoshi.types import Kind, Measure, Statement

_MONEY = ("元", "美元")
_SENTENCE_END = re.compile(r"[。！？!?\n]")


@dataclass(frozen=True, slots=True)
class EventFigure:
    what: str  # amount (money) or projects (a count of projects or agreements)
    value: float
    unit: str
    base_value: float | None
    base_unit: str | None
    doc: str
    doc_id: str | None
    start: int
    end: int
    quote: str

    def to_dict(self) -> dict[str, object]:
        return {"what": self.what, "value": self.value, "unit": self.unit, "base_value": self.base_value,
                "base_unit": self.base_unit, "doc": self.doc, "doc_id": self.doc_id, "start": self.start,
                "end": self.end, "quote": self.quote}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Rules:
    units: frozenset[str]
    words: tuple[str, ...]


@cache
def _rules() -> _Rules:
    d = load_yaml("places.yaml")["events"]
    return _Rules(frozenset(d["project_units"]), tuple(d["project_words"]))


def figures_of(start: int, end: int, text: str, statements: Iterable[Statement]) -> list[EventFigure]:
    """Figures among a document's statements that open in the sentence of
    the event's span ``start:end`` in ``text``."""
    rules = _rules()
    lo = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    after = _SENTENCE_END.search(text, end)
    hi = after.start() if after else len(text)
    found = []
    for s in statements:
        if s.kind is Kind.EVENT or s.value is None or s.unit is None or not lo <= s.start < hi:
            continue
        what = _what(s, rules)
        if what is not None:
            found.append(EventFigure(what, s.value, s.unit, s.base_value, s.base_unit, s.doc, s.doc_id, s.start,
                                     s.end, s.quote))  # fmt: skip
    return found


def _what(s: Statement, rules: _Rules) -> str | None:
    if s.measure is Measure.LEVEL and s.base_unit in _MONEY:
        return "amount"
    if s.measure is Measure.COUNT and s.unit in rules.units and any(w in s.quote for w in rules.words):
        return "projects"
    return None
