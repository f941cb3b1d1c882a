"""Loaders: files in, ``Document``s out.

    load_path(path)     one file -> its documents (a CSV bulk file: one per row)
    iter_paths(paths)   files, folders and globs -> the files to load
    decode(data, src)   bytes -> (text, encoding name)

Formats, by suffix, and the ``Document.loader`` they set:

    .txt .md     "text"  the decoded file
    .csv         "csv"   one Document per row of its full_text column
    .html .htm   "html"  the page's main text (trafilatura), title, date (htmldate)
    .pdf         "pdf"   the text layer of every page (pdfplumber); no OCR
    .docx        "docx"  paragraphs and table rows in order (python-docx)
    .xlsx        "xlsx"  every sheet's rows, a line each (openpyxl)

The text of a Document is exactly what its loader produced (the decoded
file, the CSV field, the extracted main text): statement offsets refer to it,
and page furniture is marked in ``Document.skip``, never cut out.

Limits: a file above MAX_BYTES (200 MB) is refused before it is read,
whatever its type; a .docx or .xlsx whose ZIP members would unpack to more than
MAX_UNZIPPED_BYTES (200 MB), or one of whose members above 1 MB expands more
than MAX_ZIP_RATIO (100) times, is refused as a zip bomb; a line longer than
MAX_LINE_CHARS is refused as a blob, not prose.

Every problem with an input raises an ``InputError`` subclass whose message
starts with the file's path and says in one line, in Chinese, what is wrong
and what to do; a file deleted after it was listed says "文件不存在（可能在
luoshi 运行时被删除或移走了）…". A library's own exception text never reaches
the message: at most its type name, in brackets (``load.files.describe``).
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path

from luoshi.errors import InputError
from luoshi.load.bulk_csv import load_csv
from luoshi.load.encoding import decode
from luoshi.load.files import MAX_BYTES, MAX_LINE_CHARS, SUPPORTED_SUFFIXES, check_file
from luoshi.load.html_page import load_html
from luoshi.load.pdf import load_pdf
from luoshi.load.spreadsheet import load_xlsx
from luoshi.load.text import load_text
from luoshi.load.word import load_docx
from luoshi.load.zipped import MAX_UNZIPPED_BYTES, MAX_ZIP_RATIO
from luoshi.types import Document

__all__ = [
    "MAX_BYTES",
    "MAX_LINE_CHARS",
    "MAX_UNZIPPED_BYTES",
    "MAX_ZIP_RATIO",
    "SUPPORTED_SUFFIXES",
    "decode",
    "iter_paths",
    "load_path",
]

_LOADERS: dict[str, Callable[[Path], list[Document]]] = {
    ".txt": load_text,
    ".md": load_text,
    ".csv": load_csv,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".xlsx": load_xlsx,
}
_GLOB_CHARS = frozenset("*?[")


def load_path(path: str | Path) -> list[Document]:
    """The documents in one file: one per row for a CSV bulk file, else one."""
    path = Path(path)
    check_file(path)
    return _LOADERS[path.suffix.lower()](path)


def iter_paths(paths: Iterable[str], suffixes: Collection[str] = SUPPORTED_SUFFIXES) -> Iterator[Path]:
    """Expand files, folders and glob patterns into files, each once, in order given.

    A folder yields its files of ``suffixes`` (the loaders' by default),
    recursively and sorted; a glob yields
    its sorted matches (folders among them expanded the same way). A file named
    directly is yielded whatever its suffix, so that load_path can say why it
    cannot read it. A missing path, or a glob that matches nothing, raises
    InputError naming it.
    """
    seen: set[Path] = set()
    for given in paths:
        for path in _expand(given, suffixes):
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                yield path


def _expand(given: str, suffixes: Collection[str]) -> Iterator[Path]:
    if _GLOB_CHARS & set(given):
        matches = sorted(glob.glob(given, recursive=True))
        if not matches:
            raise InputError(given, "没有文件与这个模式匹配；请检查拼写和路径")
        for match in map(Path, matches):
            if match.is_dir():
                yield from _folder_files(match, suffixes)
            elif match.suffix.lower() in suffixes:
                yield match
        return
    path = Path(given)
    if path.is_dir():
        yield from _folder_files(path, suffixes)
    elif path.exists():
        yield path
    else:
        raise InputError(given, "没有这个文件或文件夹；请检查拼写和路径")


def _folder_files(folder: Path, suffixes: Collection[str]) -> Iterator[Path]:
    """Files of ``suffixes`` under ``folder``, recursively, sorted; hidden ones left out."""
    files = (p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
    yield from sorted(p for p in files if not _hidden(p.relative_to(folder)))


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)
