"""Document names: labels people read, unique within a store.

A document is addressed by its id (the SHA-256 of its text); its name is
the label shown beside it and the ``doc`` of its statements in the
extraction contract. Were two documents allowed one name, a later upload
named like a stored document (``000_39f8f6a33f179f43.txt``) would make
every lookup by that name ambiguous — and links resolving the name to the
newest document would open the newcomer. So the store keeps names unique:
the first document keeps its name, a later different text under the same
name is stored as ``NAME (2)``, ``NAME (3)``…, the way a file manager
names a copy. A name once given never changes, so nothing that names a
document can come to mean another.
"""

from __future__ import annotations

import re
from collections.abc import Collection

_NUMBERED = re.compile(r" \((\d+)\)")


def like_pattern(name: str) -> str:
    """The LIKE pattern (escape character ``\\``) of ``NAME (n)`` labels."""
    escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + " (%)"


def next_label(name: str, taken: Collection[str]) -> str:
    """``name`` when free, else ``name (n)`` with n one past the highest
    number ``taken`` already gives that name (at least 2). ``taken``: the
    stored names equal to ``name`` or matching ``like_pattern(name)``."""
    if name not in taken:
        return name
    highest = 1
    for label in taken:
        if label.startswith(name):
            numbered = _NUMBERED.fullmatch(label, len(name))
            if numbered:
                highest = max(highest, int(numbered.group(1)))
    return f"{name} ({highest + 1})"
