"""The exception tree. Every error luoshi raises about user input names the
input and says what was wrong, in one line.

    LuoshiError
     ├── InputError          a file or value given by the user cannot be used
     │    ├── DecodeError     bytes that are not text in any supported encoding
     │    └── FormatError     text in a shape luoshi cannot read (CSV without full_text…)
     └── RulesError          a bundled rule file is invalid (a packaging bug)
"""

from __future__ import annotations


class LuoshiError(Exception):
    """Base of every error luoshi raises on purpose."""


class InputError(LuoshiError):
    """A user-supplied input cannot be used. ``source`` names it."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class DecodeError(InputError):
    """The bytes are not text in any encoding luoshi accepts."""


class FormatError(InputError):
    """The text is not in a shape luoshi can read."""


class RulesError(LuoshiError):
    """A bundled rule or lexicon file is invalid."""


def shown(text: str, most: int = 60) -> str:
    """A value from the user's data as a message quotes it: invisible and
    control characters escaped (a message must not hide or reorder text),
    and at most ``most`` characters, the cut marked with …."""
    visible = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)
    return visible if len(visible) <= most else visible[: most - 1] + "…"
