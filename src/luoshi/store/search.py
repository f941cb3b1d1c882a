"""Search that works on Chinese without a tokenizer or an extension.

Default full-text tokenizers split nothing in Chinese, so the store keeps,
for each document, the set of its character bigrams. A query's candidates
are the documents holding every bigram of it; an exact substring search over
their texts then confirms each match and gives its offsets. Bigrams with
whitespace in them are not kept (they would only bloat the index); a query
with no bigram left (one character, say) falls back to scanning the texts.
"""

from __future__ import annotations

from collections.abc import Iterator

SNIPPET_CHARS = 40
_BLANKS = str.maketrans({c: " " for c in "\n\r\t\v\f\u3000\u2028\u2029"})


def bigrams(text: str) -> set[str]:
    """The distinct two-character substrings of ``text`` without whitespace."""
    grams: set[str] = set()
    for run in text.split():  # str.split() cuts at exactly the str.isspace() characters
        grams.update(map(str.__add__, run, run[1:]))
    return grams


def matches(text: str, query: str) -> Iterator[int]:
    """Start offsets of every occurrence of ``query`` in ``text`` (overlaps included)."""
    at = text.find(query)
    while at >= 0:
        yield at
        at = text.find(query, at + 1)


def snippet(text: str, start: int, end: int, width: int = SNIPPET_CHARS) -> str:
    """``width`` characters of ``text`` around ``text[start:end]`` (centred
    unless near an end; the whole match if it is longer), line breaks shown
    as spaces so that it prints on one line."""
    size = max(width, end - start)
    lo = max(0, min(start - (size - (end - start)) // 2, len(text) - size))
    return text[lo : lo + size].translate(_BLANKS)
