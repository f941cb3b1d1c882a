"""Reading one file: the checks every loader shares.

Each check fails with an InputError subclass that names the file and says,
in one line, what is wrong with it. Every loader reads its file through
``read_bytes``, so the size limit (MAX_BYTES, 200 MB) holds for every type
and is checked before a byte is read.
"""

from __future__ import annotations

from pathlib import Path

from luoshi.errors import FormatError, InputError
from luoshi.load.encoding import decode

MAX_BYTES = 200 * 1024 * 1024
"""Largest file luoshi reads (200 MB): a bigger one is a corpus dump to split."""

MAX_LINE_CHARS = 1_000_000
"""Longest line accepted: longer is a blob (minified HTML, base64), not prose."""

SUPPORTED_SUFFIXES = (".txt", ".md", ".csv", ".html", ".htm", ".pdf", ".docx", ".xlsx")

DELETED = "no such file (deleted while luoshi was running?)"
"""Why a listed file cannot be read: paths given by the user are checked by iter_paths."""


def check_file(path: Path) -> None:
    """Fail unless ``path`` is an existing file of a supported type."""
    source = str(path)
    if not path.exists():
        raise InputError(source, DELETED)
    if path.is_dir():
        raise InputError(source, "is a folder, not a file; give the folder to iter_paths to read its files")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        kind = path.suffix or "(no suffix)"
        readable = ", ".join(SUPPORTED_SUFFIXES)
        raise InputError(source, f"unsupported file type {kind}; luoshi reads {readable}")


def read_text(path: Path) -> str:
    """The decoded text of ``path``, checked to be non-empty prose-shaped text."""
    source = str(path)
    text, _encoding = decode(read_bytes(path), source)
    if not text.strip():
        raise FormatError(source, "empty file")
    check_lines(text, source)
    return text


def check_lines(text: str, source: str) -> None:
    """Refuse a text with a line above MAX_LINE_CHARS: a blob, not prose."""
    longest = overlong_line(text)
    if longest is not None:
        raise FormatError(source, f"a single line of {longest:,} characters: not prose; split it into paragraphs")


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


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing files above MAX_BYTES before reading them.

    A file that vanished since it was listed is an InputError saying so; one
    that grew past the limit while being read is refused all the same.
    """
    source = str(path)
    try:
        _refuse_size(path.stat().st_size, source)
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(source, DELETED) from None
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None
    _refuse_size(len(data), source)
    return data


def _refuse_size(size: int, source: str) -> None:
    if size > MAX_BYTES:
        limit = MAX_BYTES // 2**20
        raise InputError(
            source, f"file of {size / 2**20:,.0f} MB is above the {limit} MB limit; split it into smaller files"
        )
    if size == 0:
        raise FormatError(source, "empty file")


def describe(exc: BaseException) -> str:
    """A library's exception in one short line: its type and first 200 characters."""
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message[:200]}" if message else type(exc).__name__
