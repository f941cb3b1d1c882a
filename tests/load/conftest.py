"""Shared checks for the loader tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import luoshi
from luoshi.errors import InputError
from luoshi.load import load_path
from luoshi.types import Document


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
