"""Plain-text and markdown files: one file, one Document.

``make_document`` is the last step of every one-document loader (text, HTML,
PDF, DOCX): it checks the loader's text, marks page furniture and fills in
the title and date the format itself did not give.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from luoshi.load.chrome import chrome_ranges
from luoshi.load.files import check_lines, read_text
from luoshi.load.metadata import guess_title, header_date
from luoshi.types import Document


def load_text(path: Path) -> list[Document]:
    """The file as one Document named by its base name; the text is exactly the decoded file."""
    return [make_document(path, read_text(path), "text")]


def make_document(
    path: Path,
    text: str,
    loader: str,
    *,
    title: str | None = None,
    published: date | None = None,
    created: date | None = None,
) -> Document:
    """A Document of ``text`` as produced by ``loader``, named by the file's base name.

    ``text`` is kept exactly (offsets refer to it); furniture lines become
    ``skip`` ranges. Without a ``title`` the first heading or short line is
    taken, without ``published`` a header date line (时间：…) near the top,
    and without either the file's own ``created`` date.
    """
    check_lines(text, str(path))
    skip = chrome_ranges(text)
    return Document(
        name=path.name,
        text=text,
        title=title or guess_title(text, skip),
        published=published or header_date(text) or created,
        source=str(path),
        loader=loader,
        skip=skip,
    )
