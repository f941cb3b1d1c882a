"""Where a figure was said: links to a document page scrolled to a span, to
a target's own page, and a statement's JSON with its link. Shared by ``api``
and ``pages``; nothing here renders HTML."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from luoshi.accounts import target_key
from luoshi.types import Statement


def document_href(doc_id: str, start: int | None = None, end: int | None = None) -> str:
    """The document page, scrolled to and highlighting a span."""
    if start is None or end is None:
        return f"/documents/{doc_id}"
    # two integers and a hyphen: nothing to escape (an API page builds thousands)
    return f"/documents/{doc_id}?at={int(start)}-{int(end)}#s{int(start)}-{int(end)}"


def doc_id_of(s: Statement, ids: Mapping[str, str]) -> str | None:
    """The id of a statement's document: its own (read from the store), else
    by its document's name — names are unique in a store, so either way the
    link opens the document that said it."""
    return s.doc_id or ids.get(s.doc)


def statement_href(s: Statement, ids: Mapping[str, str]) -> str | None:
    doc_id = doc_id_of(s, ids)
    return None if doc_id is None else document_href(doc_id, s.start, s.end)


def place_href(place_id: str, period: str | None = None) -> str:
    """A place's own page (a league, one of the 12+2 cities, a port, a partner)."""
    query = f"?{urlencode({'period': period})}" if period else ""
    return f"/places/{quote(place_id, safe=':')}{query}"


def target_href(s: Statement) -> str:
    return "/targets?" + urlencode({"key": target_key(s)}, quote_via=quote)


def statement_json(s: Statement, ids: Mapping[str, str]) -> dict[str, Any]:
    """The contract's fields plus where the statement is: its document's id
    and the link to its span."""
    return {**s.to_dict(), "doc_id": doc_id_of(s, ids), "href": statement_href(s, ids)}
