"""Page furniture ("chrome") as ranges to skip, never as rewritten text.

Portal pages carry toolbar words (下载 / 打印 / 【字号：…】), source and time
lines, share buttons, related-links boxes; newspaper pages end with a 本期导读
guide. The patterns live in ``rules/data/page_chrome.yaml``; this module
turns the lines they match into ``Document.skip`` ranges.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from luoshi.errors import RulesError
from luoshi.rules import load_yaml

_DATA = "page_chrome.yaml"


@dataclass(frozen=True, slots=True)
class LineRule:
    id: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class BlockRule:
    id: str
    start: re.Pattern[str]
    stop: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class ChromeRules:
    max_line_chars: int
    lines: tuple[LineRule, ...]
    blocks: tuple[BlockRule, ...]
    any_line: re.Pattern[str]  # all line patterns in one, to test a line once


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text: ``start:end`` includes its line break."""

    start: int
    end: int
    body: str  # the line without surrounding whitespace


def chrome_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """Sorted, merged ``(start, end)`` ranges of the furniture in ``text``.

    Furniture lines separated only by blank lines form one range.
    """
    spans = sorted((start, end) for start, end, _rule in find_chrome(text))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def find_chrome(text: str) -> list[tuple[int, int, str]]:
    """Every furniture line or block as ``(start, end, rule id)``, unmerged."""
    rules = chrome_rules()
    lines = list(split_lines(text))
    found = [(line.start, line.end, rule_id) for line in lines if (rule_id := _line_rule(line.body, rules))]
    for block in rules.blocks:
        found.extend((start, end, block.id) for start, end in _block_spans(lines, block, rules))
    return found


def split_lines(text: str) -> Iterator[Line]:
    """The lines of ``text`` with their offsets; only ``\\n`` breaks a line."""
    start = 0
    for raw in text.split("\n"):
        end = min(start + len(raw) + 1, len(text))
        yield Line(start, end, raw.strip())
        start = end


def _line_rule(body: str, rules: ChromeRules) -> str | None:
    """The id of the first line rule that matches ``body`` as a whole."""
    if not body or len(body) > rules.max_line_chars or not rules.any_line.fullmatch(body):
        return None
    return next(rule.id for rule in rules.lines if rule.pattern.fullmatch(body))


def _block_spans(lines: list[Line], block: BlockRule, rules: ChromeRules) -> Iterator[tuple[int, int]]:
    """Spans from each line matching ``block.start`` to the next ``block.stop`` line."""
    i = 0
    while i < len(lines):
        body = lines[i].body
        if len(body) > rules.max_line_chars or not block.start.fullmatch(body):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not (block.stop and block.stop.fullmatch(lines[j].body)):
            j += 1
        yield lines[i].start, lines[j - 1].end
        i = j


@cache
def chrome_rules() -> ChromeRules:
    """The validated rules of ``page_chrome.yaml``, compiled once."""
    data = load_yaml(_DATA)
    if not isinstance(data, dict):
        raise RulesError(f"rules/data/{_DATA}: expected a mapping with 'lines' and 'blocks'")
    lines = tuple(LineRule(e["id"], _compile(e, "pattern")) for e in _entries(data, "lines"))
    blocks = tuple(
        BlockRule(e["id"], _compile(e, "start"), _compile(e, "stop") if e.get("stop") else None)
        for e in _entries(data, "blocks")
    )
    _check_unique_ids([r.id for r in lines] + [b.id for b in blocks])
    any_line = re.compile("|".join(f"(?:{r.pattern.pattern})" for r in lines))
    return ChromeRules(int(data.get("max_line_chars", 60)), lines, blocks, any_line)


def _entries(data: dict, key: str) -> list[dict]:
    entries = data.get(key) or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("id") for e in entries):
        raise RulesError(f"rules/data/{_DATA}: '{key}' must be a list of mappings, each with an id")
    return entries


def _compile(entry: dict, key: str) -> re.Pattern[str]:
    try:
        return re.compile(str(entry[key]))
    except (KeyError, re.error) as exc:
        raise RulesError(f"rules/data/{_DATA}: rule {entry['id']!r}: bad or missing {key}: {exc}") from None


def _check_unique_ids(ids: list[str]) -> None:
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RulesError(f"rules/data/{_DATA}: duplicate rule ids: {', '.join(duplicates)}")
