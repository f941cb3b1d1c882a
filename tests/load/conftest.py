"""Shared checks for the loader tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import luoshi
from luoshi.errors import InputError
from luoshi.load import load_path
from luoshi.types import Document

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# A library's own message, which a user must never be shown: "Error: …", a
# quoted repr, lxml's or pdfminer's words.
LIBRARY_WORDS = re.compile(r"Error:|Exception|Traceback|'[^']*'|lxml|pdfminer|object|/Root", re.IGNORECASE)


@pytest.fixture
def refused() -> Callable[[Path, type[InputError]], str]:
    """Load a path; return the message of its error, checked to be of the right
    type and to name the file in one line."""

    def check(path: Path, expected_type: type[InputError]) -> str:
        with pytest.raises(InputError) as info:
            load_path(path)
        assert type(info.value) is expected_type, str(info.value)
        message = str(info.value)
        assert message.startswith(f"{path}: ")
        assert "\n" not in message
        assert info.value.source == str(path)
        assert CHINESE.search(info.value.reason) and "；" in info.value.reason, message  # what is wrong; what to do
        assert LIBRARY_WORDS.search(info.value.reason) is None, message
        return message

    return check


@pytest.fixture
def finds_port_freight() -> Callable[[Document], None]:
    """Check that the real pipeline finds 口岸货运量 1.3 亿吨 in a document, quoted from its text."""

    def check(document: Document) -> None:
        statements = luoshi.extract_document(document)
        assert statements
        for statement in statements:
            assert statement.quote == document.text[statement.start : statement.end]
        found = [(s.indicator, s.value, s.unit, s.quote) for s in statements]
        assert any(f[:3] == ("port_freight_volume", 1.3, "亿吨") and "口岸货运量1.3亿吨" in f[3] for f in found), found

    return check
