"""Office files are ZIP archives (.docx, .xlsx), and their readers take every
part into memory: the archive is inspected with ``zipfile`` first.

It is refused as a zip bomb when its members add up to more than
MAX_UNZIPPED_BYTES uncompressed, or when a member above 1 MB expands more
than MAX_ZIP_RATIO times. (zipfile never yields more than a member's
declared size, so checking the declared sizes suffices.)
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from luoshi.errors import FormatError
from luoshi.load.files import MAX_BYTES

MAX_UNZIPPED_BYTES = MAX_BYTES
"""Largest total uncompressed size of an Office archive (200 MB)."""

MAX_ZIP_RATIO = 100
"""Largest compression ratio of a member above ZIP_RATIO_FROM bytes."""

ZIP_RATIO_FROM = 2**20
"""Members up to 1 MB are not ratio-checked: small XML parts compress well."""

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class OfficeFormat:
    name: str  # Word .docx
    main_part: str  # the member every such file has
    old: str  # what an OLE2 file of this suffix is


DOCX = OfficeFormat(
    "Word .docx", "word/document.xml", "an old binary .doc, or a password-protected .docx; save it as .docx"
)
XLSX = OfficeFormat(
    "Excel .xlsx", "xl/workbook.xml", "an old binary .xls, or a password-protected .xlsx; save it as .xlsx"
)


def check_archive(data: bytes, source: str, fmt: OfficeFormat = DOCX) -> None:
    """Refuse bytes that are not a ZIP with ``fmt``'s main part, or that unpack too far."""
    if data.startswith(_OLE2):
        raise FormatError(source, f"not a {fmt.name} file ({fmt.old})")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except MemoryError:
        raise
    except Exception:  # BadZipFile, and worse for mangled directories
        # A ZIP's directory is at its end: a cut-short one still starts like a ZIP.
        what = "a damaged or cut-short ZIP archive" if data.startswith(_ZIP) else "not a ZIP archive"
        raise FormatError(source, f"not a {fmt.name} file ({what})") from None
    total = sum(member.file_size for member in members)
    if total > MAX_UNZIPPED_BYTES:
        raise FormatError(
            source,
            f"zip bomb? {_mb(total)} uncompressed, above the {_mb(MAX_UNZIPPED_BYTES)} limit",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ZIP_RATIO_FROM and ratio > MAX_ZIP_RATIO:
            raise FormatError(
                source,
                f"zip bomb? {member.filename} expands {ratio:,.0f}:1 to {_mb(member.file_size)} uncompressed",
            )
    if fmt.main_part not in {member.filename for member in members}:
        raise FormatError(source, f"not a {fmt.name} file (no {fmt.main_part} in the ZIP archive)")


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"
