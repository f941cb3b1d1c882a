"""Named cooperation events (delegation visits, agreements signed) with
their parties and date, as ``event`` statements."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from luoshi.extract.structure import Structure
from luoshi.rules import load_yaml


@dataclass(frozen=True)
class EventRule:
    id: str
    type: str
    pattern: re.Pattern[str]
    trigger: re.Pattern[str]
    visited: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class EventMatch:
    rule: str
    type: str
    start: int
    end: int
    parties: tuple[str, ...]
    date: str | None  # ISO date when the text gives one
    place: str | None


@cache
def _rules() -> tuple[re.Pattern[str], tuple[EventRule, ...]]:
    d = load_yaml("events.yaml")
    rules = tuple(
        EventRule(
            e["id"],
            e["type"],
            re.compile(e["pattern"]),
            re.compile(e["trigger"]),
            re.compile(e["visited"]) if "visited" in e else None,
        )
        for e in d["events"]
    )
    return re.compile(d["date"]), rules


def find_events(text: str, structure: Structure, doc_year: int | None) -> Iterator[EventMatch]:
    date_re, rules = _rules()
    for rule in rules:
        for m in _matches(text, structure, rule):
            start = m.start()
            date, date_start = _date_before(text, date_re, structure, start, doc_year)
            if date_start is not None and date_start >= structure.sentence_start(start):
                start = date_start
            parties = [m.group("a")]
            if "place" in rule.pattern.groupindex:
                parties.append(m.group("place"))
            if "b" in rule.pattern.groupindex:
                parties.append(m.group("b"))
            if rule.visited is not None:
                parties.extend(_visited(text, rule.visited, structure, m.end()))
            place = m.group("place") if "place" in rule.pattern.groupindex else None
            yield EventMatch(rule.id, rule.type, start, m.end(), tuple(parties), date, place)


def _matches(text: str, structure: Structure, rule: EventRule) -> Iterator[re.Match[str]]:
    """Matches of the rule, looked for only in sentences holding its trigger."""
    for start, end in structure.sentences_with(rule.trigger):
        yield from rule.pattern.finditer(text, start, end)


def _date_before(
    text: str, date_re: re.Pattern[str], structure: Structure, pos: int, doc_year: int | None
) -> tuple[str | None, int | None]:
    para_start, _ = structure.paragraph(pos)
    last = None
    for m in date_re.finditer(text, para_start, pos):
        last = m
    if last is None:
        return None, None
    year = int(last.group("y")) if last.group("y") else doc_year
    if year is None:
        return None, last.start()
    try:
        when = date(year, int(last.group("m")), int(last.group("d")))
    except ValueError:  # 2月30日: no such day; the event keeps its year
        return None, last.start()
    return when.isoformat(), last.start()


def _visited(text: str, pattern: re.Pattern[str], structure: Structure, pos: int) -> list[str]:
    """Enterprises named as visited in the sentence after the visit."""
    end = structure.sentence_end(structure.sentence_end(pos))
    m = pattern.search(text, pos, end)
    if m is None:
        return []
    return [p.strip() for p in m.group("list").split("、") if p.strip()]
