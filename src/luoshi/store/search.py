"""Search for Chinese text, verbatim, with the offsets of every match.

Full-text tokenizers split nothing in Chinese, and an index of character
bigrams costs as much to write as extracting the document it indexes
(bench/search.py). So each database finds documents its own way:

- DuckDB scans the texts (``contains``): nothing to write at ingest, and
  as fast as a bigram table to query at a million statements.
- PostgreSQL asks a pg_trgm GIN index on the texts (``LIKE``), made by
  migration 0015 when the extension can be created; where it cannot, the
  store keeps the bigram table of before (``doc_bigrams``: the distinct
  character bigrams of each document, without whitespace) and writes it
  at ingest.

Either way the database names the candidates in order (name, id), the
texts of the first ones are read a few at a time, and Python finds the
exact offsets, stopping at the limit. Where the database's test is exact,
the first ``limit`` documents are enough: each holds at least one match.

A trigram index finds rare text at once but common text slowly (every
document a candidate, every text read to confirm it), and text of fewer
than three characters not at all. So PostgreSQL first reads the first
documents by name (``FIRST_DOCUMENTS``, along the index on names): when
they hold ``limit`` matches, as for 发展 or 高质量发展, those are the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from luoshi.store.backend import Backend, Row
from luoshi.store.base import SearchHit

SNIPPET_CHARS = 40
FETCH = 10  # texts read at a time: most searches end within the first few documents
_BLANKS = str.maketrans({c: " " for c in "\n\r\t\v\f\u3000\u2028\u2029"})
# The key a document's text is read back by: DuckDB reads a row by its rowid
# without decompressing its neighbours' texts.
_KEY = {"duckdb": "rowid", "postgres": "doc_no"}
_TEXTS = {
    "duckdb": "SELECT rowid, id, text FROM documents WHERE rowid = ANY(?::BIGINT[])",
    "postgres": "SELECT doc_no, id, text FROM documents WHERE doc_no = ANY(?)",
}
FIRST_DOCUMENTS = 256  # a few MB of text, read in milliseconds
_FIRST_PASS = (
    "SELECT d.doc_no, d.id, d.name FROM (SELECT doc_no, id, name, text FROM documents ORDER BY name, id LIMIT ?) d"
    " WHERE strpos(d.text, ?) > 0 ORDER BY d.name, d.id"
)
_TRIGRAM = re.compile(r"\w{3}")  # pg_trgm's LIKE support needs three word characters in a row
_BIGRAM_TABLE = (
    "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'doc_bigrams'"
)


def bigrams(text: str) -> set[str]:
    """The distinct two-character substrings of ``text`` without whitespace."""
    grams: set[str] = set()
    for run in text.split():  # str.split() cuts at exactly the str.isspace() characters
        grams.update(map(str.__add__, run, run[1:]))
    return grams


def keeps_bigrams(db: Backend) -> bool:
    """Whether the store keeps the bigram table (PostgreSQL without pg_trgm)."""
    return bool(db.execute(_BIGRAM_TABLE))


def search(db: Backend, text: str, limit: int, by_bigrams: bool) -> list[SearchHit]:
    """Up to ``limit`` matches of ``text``, by document name then offset."""
    if db.dialect == "postgres" and not by_bigrams and limit <= FIRST_DOCUMENTS:
        # exact: the documents it names are the first of all those holding the text
        hits = _confirmed(db, text, limit, db.execute(_FIRST_PASS, [FIRST_DOCUMENTS, text]))
        if len(hits) >= limit:
            return hits
    return _confirmed(db, text, limit, db.execute(*_candidates(db.dialect, text, limit, by_bigrams)))


def _confirmed(db: Backend, text: str, limit: int, found: list[Row]) -> list[SearchHit]:
    """The matches in the candidates ``found`` (key, id, name), up to ``limit``."""
    hits: list[SearchHit] = []
    for lo in range(0, len(found), FETCH):
        batch = found[lo : lo + FETCH]
        read = db.execute(_TEXTS[db.dialect], [[key for key, _, _ in batch]])
        texts = {key: (doc_id, body) for key, doc_id, body in read}
        for key, doc_id, name in batch:
            stored = texts.get(key)
            if stored is None or stored[0] != doc_id:
                continue  # removed since the candidates were found
            body = stored[1]
            for at in matches(body, text):
                end = at + len(text)
                hits.append(SearchHit(doc_id, name, at, end, snippet(body, at, end)))
                if len(hits) >= limit:
                    return hits
    return hits


def _candidates(dialect: str, text: str, limit: int, by_bigrams: bool) -> tuple[str, list[Any]]:
    """SQL naming (key, id, name) of the documents that may hold ``text``."""
    select = f"SELECT d.{_KEY[dialect]}, d.id, d.name FROM documents d"
    order = " ORDER BY d.name, d.id"
    grams = sorted(bigrams(text)) if by_bigrams else []
    if grams:
        # No test of the text here: PostgreSQL would run it on every text
        # before the join. Bigrams name candidates only, so no LIMIT either.
        marks = ", ".join("?" * len(grams))
        join = (
            f" JOIN (SELECT doc_no FROM doc_bigrams WHERE gram IN ({marks}) GROUP BY doc_no HAVING count(*) = ?) g"
            " ON g.doc_no = d.doc_no"
        )
        return select + join + order, [*grams, len(grams)]
    if dialect == "duckdb":
        where, needle = "contains(d.text, ?)", text
    elif _TRIGRAM.search(text):
        where, needle = "d.text LIKE ? ESCAPE '\\'", "%" + _escape_like(text) + "%"
    else:  # LIKE would have the index read whole
        where, needle = "strpos(d.text, ?) > 0", text
    return select + f" WHERE {where}" + order + " LIMIT ?", [needle, limit]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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
