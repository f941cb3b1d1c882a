"""Plain-text and markdown files: one file, one Document."""

from __future__ import annotations

from pathlib import Path

from luoshi.load.chrome import chrome_ranges
from luoshi.load.files import read_text
from luoshi.load.metadata import guess_title, header_date
from luoshi.types import Document


def load_text(path: Path) -> list[Document]:
    """The file as one Document named by its base name; the text is exactly the decoded file."""
    text = read_text(path)
    skip = chrome_ranges(text)
    document = Document(
        name=path.name,
        text=text,
        title=guess_title(text, skip),
        published=header_date(text),
        source=str(path),
        loader="text",
        skip=skip,
    )
    return [document]
