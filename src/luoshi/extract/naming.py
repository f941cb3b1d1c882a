"""Names for figures the catalogue does not know, taken from the text:
the noun phrase before the figure, or after a measure word (20个对外开放口岸)."""

from __future__ import annotations

import re
from functools import cache

from luoshi.rules import load_yaml

_AFTER_PUNCT = r"[0-9，,。；;、：:！？!?\n（(“”‘’\"]"
_BEFORE_STOP = re.compile(r"[，,。；;、：:！？!?\n（）()]")
_QUOTES = re.compile(r"[“”‘’\"《》]")
_LIST_MARK = re.compile(r"^(?:\d+[.．、]|[（(]?[一二三四五六七八九十]+[)）、])")
_YEAR_WORDS = re.compile(r"^(?:截至)?(?:(?:19|20)\d{2}年(?:底|末|初)?|今年|去年|全年)")


@cache
def _after_stop() -> re.Pattern[str]:
    words = load_yaml("cues.yaml")["name_after_stop"]
    return re.compile("|".join([_AFTER_PUNCT, *words]))


@cache
def _strip_re() -> re.Pattern[str]:
    words = load_yaml("cues.yaml")["predicate_only"]
    alt = "|".join(sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{alt}|[了到至的])+$")


def name_before(text: str, clause_start: int, pos: int, limit: int = 16) -> str:
    """The subject words between the clause start and the figure."""
    chunk = text[clause_start:pos]
    cut = list(_BEFORE_STOP.finditer(chunk))
    if cut:
        chunk = chunk[cut[-1].end() :]
    # 10.发放…补贴 (a numbered item), 化解“一地多证” (a quoted name): the words count, the marks do not.
    chunk = _QUOTES.sub("", _LIST_MARK.sub("", chunk.strip()))
    chunk = _YEAR_WORDS.sub("", chunk)
    chunk = _strip_re().sub("", chunk)
    return chunk[-limit:]


def name_after(text: str, pos: int, limit: int = 14) -> str:
    """The noun phrase right after a measure word (个国家, 家企业)."""
    window = text[pos : pos + limit + 4]
    m = _after_stop().search(window)
    return (window[: m.start()] if m else window)[:limit]


def is_predicate_only(text: str, clause_start: int, pos: int) -> bool:
    """True when the clause before the figure has no subject of its own
    (、增长5.4%; ，同比增长14.5%; 稳步达到)."""
    return not _strip_re().sub("", text[clause_start:pos].strip())
