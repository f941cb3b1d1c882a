"""A target's key: its document's id and its span (``3f9c…e1:887-900``),
the address owner assignments, progress reports, the audit log and URLs
file a target under.

A name could be given to another upload; an id is the hash of the text, so
no upload can change what a key means. A statement read from a store knows
its document's id (``Statement.doc_id``); one built in memory for a
document never stored has none and is keyed by its document's name.
"""

from __future__ import annotations

from luoshi.types import Statement


def target_key(s: Statement) -> str:
    """The key of a target statement (module docstring)."""
    return f"{s.doc_id or s.doc}:{s.start}-{s.end}"
