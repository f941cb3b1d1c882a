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

from luoshi.errors import FormatError, shown
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
    save_as: str  # what to do: open it in the program that made it and save it again

    def saved_again(self) -> str:
        return f"请{self.save_as} 后重试"


DOCX = OfficeFormat(
    "Word .docx",
    "word/document.xml",
    "是旧版 .doc 文件，或加了密码的 .docx",
    "用 Word 或 WPS 打开，另存为 .docx",
)
XLSX = OfficeFormat(
    "Excel .xlsx",
    "xl/workbook.xml",
    "是旧版 .xls 文件，或加了密码的 .xlsx",
    "用 Excel 或 WPS 打开，另存为 .xlsx",
)


def check_archive(data: bytes, source: str, fmt: OfficeFormat = DOCX) -> None:
    """Refuse bytes that are not a ZIP with ``fmt``'s main part, or that unpack too far."""
    if data.startswith(_OLE2):
        raise FormatError(source, f"不是 {fmt.name} 文件：{fmt.old}；请{fmt.save_as} 后重试（有密码的先去掉密码）")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except MemoryError:
        raise
    except Exception:  # BadZipFile, and worse for mangled directories
        # A ZIP's directory is at its end: a cut-short one still starts like a ZIP.
        if data.startswith(_ZIP):
            what = f"{fmt.name} 文件已损坏：ZIP 压缩包不完整（可能下载不完整）；请重新下载，或{fmt.save_as} 后重试"
        else:
            what = f"不是 {fmt.name} 文件：内容不是 ZIP 压缩包（可能是改了扩展名的其他文件）；{fmt.saved_again()}"
        raise FormatError(source, what) from None
    total = sum(member.file_size for member in members)
    if total > MAX_UNZIPPED_BYTES:
        raise FormatError(
            source,
            f"解压后共 {_mb(total)}，超过 {_mb(MAX_UNZIPPED_BYTES)} 的上限（疑似压缩炸弹）；请拆成较小的文件",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ZIP_RATIO_FROM and ratio > MAX_ZIP_RATIO:
            raise FormatError(
                source,
                f"其中的 {shown(member.filename)} 压缩比为 {ratio:,.0f}:1，解压后有 {_mb(member.file_size)}"
                "（疑似压缩炸弹）；luoshi 不读取这样的文件",
            )
    if fmt.main_part not in {member.filename for member in members}:
        raise FormatError(source, f"不是 {fmt.name} 文件：压缩包中缺少 {fmt.main_part}；{fmt.saved_again()}")


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"
