"""Reading one file into checked text: the checks every loader shares.

Each check fails with an InputError subclass that names the file and says,
in one line, what is wrong with it.
"""

from __future__ import annotations

from pathlib import Path

from luoshi.errors import FormatError, InputError
from luoshi.load.encoding import decode

MAX_BYTES = 200 * 1024 * 1024
"""Largest file luoshi reads (200 MB): a bigger one is a corpus dump to split."""

MAX_LINE_CHARS = 1_000_000
"""Longest line accepted: longer is a blob (minified HTML, base64), not prose."""

SUPPORTED_SUFFIXES = (".txt", ".md", ".csv")


def check_file(path: Path) -> None:
    """Fail unless ``path`` is an existing file of a supported type."""
    source = str(path)
    if not path.exists():
        raise InputError(source, "no such file")
    if path.is_dir():
        raise InputError(source, "is a folder, not a file; give the folder to iter_paths to read its files")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        kind = path.suffix or "(no suffix)"
        readable = ", ".join(SUPPORTED_SUFFIXES)
        raise InputError(source, f"unsupported file type {kind}; luoshi reads {readable}")


def read_text(path: Path) -> str:
    """The decoded text of ``path``, checked to be non-empty prose-shaped text."""
    source = str(path)
    text, _encoding = decode(_read_bytes(path), source)
    if not text.strip():
        raise FormatError(source, "empty file")
    longest = overlong_line(text)
    if longest is not None:
        raise FormatError(source, f"a single line of {longest:,} characters: not prose; split it into paragraphs")
    return text


def overlong_line(text: str) -> int | None:
    """Length of the longest line if it exceeds MAX_LINE_CHARS, else None.

    A lone ``\\r`` counts as a line break too (old Mac files).
    """
    if len(text) <= MAX_LINE_CHARS:
        return None  # cheap: no line is longer than the whole text
    longest = max(map(len, text.split("\n")))
    if longest > MAX_LINE_CHARS and "\r" in text:
        longest = max(len(part) for line in text.split("\n") for part in line.split("\r"))
    return longest if longest > MAX_LINE_CHARS else None


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing files above MAX_BYTES before reading them."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            limit = MAX_BYTES // 2**20
            raise InputError(
                source, f"file of {size / 2**20:,.0f} MB is above the {limit} MB limit; split it into smaller files"
            )
        if size == 0:
            raise FormatError(source, "empty file")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None
