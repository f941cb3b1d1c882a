"""Reading one file: the checks every loader shares.

Each check fails with an InputError subclass that names the file and says,
in one line of Chinese, what is wrong with it and what to do. Every loader reads its file through
``read_bytes``, so the size limit (MAX_BYTES, 200 MB) holds for every type
and is checked before a byte is read.
"""

from __future__ import annotations

import errno
from pathlib import Path

from luoshi.errors import FormatError, InputError
from luoshi.load.encoding import decode

MAX_BYTES = 200 * 1024 * 1024
"""Largest file luoshi reads (200 MB): a bigger one is a corpus dump to split."""

MAX_LINE_CHARS = 1_000_000
"""Longest line accepted: longer is a blob (minified HTML, base64), not prose."""

SUPPORTED_SUFFIXES = (".txt", ".md", ".csv", ".html", ".htm", ".pdf", ".docx", ".xlsx")

DELETED = "文件不存在（可能在 luoshi 运行时被删除或移走了）；请确认文件还在后重试"
"""Why a listed file cannot be read: paths given by the user are checked by iter_paths."""

EMPTY = "文件是空的，没有文字；请检查是否选错了文件"


def check_file(path: Path) -> None:
    """Fail unless ``path`` is an existing file of a supported type."""
    source = str(path)
    if not path.exists():
        raise InputError(source, DELETED)
    if path.is_dir():
        raise InputError(source, "是文件夹，不是文件；请给出其中的文件，或让 luoshi 读取整个文件夹")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        kind = path.suffix or "（无扩展名）"
        readable = " ".join(SUPPORTED_SUFFIXES)
        raise InputError(source, f"不支持的文件类型 {kind}：luoshi 只读取 {readable}；请另存为其中一种格式")


def read_text(path: Path) -> str:
    """The decoded text of ``path``, checked to be non-empty prose-shaped text."""
    source = str(path)
    text, _encoding = decode(read_bytes(path), source)
    if not text.strip():
        raise FormatError(source, EMPTY)
    check_lines(text, source)
    return text


def check_lines(text: str, source: str) -> None:
    """Refuse a text with a line above MAX_LINE_CHARS: a blob, not prose."""
    longest = overlong_line(text)
    if longest is not None:
        raise FormatError(source, f"有一行长达 {longest:,} 个字符，不是正文（像压缩过的网页或编码数据）；请分段后再试")


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
        raise InputError(source, unreadable(exc)) from None
    _refuse_size(len(data), source)
    return data


def _refuse_size(size: int, source: str) -> None:
    if size > MAX_BYTES:
        limit = MAX_BYTES // 2**20
        raise InputError(source, f"文件有 {size / 2**20:,.0f} MB，超过 {limit} MB 的上限；请拆成较小的文件")
    if size == 0:
        raise FormatError(source, EMPTY)


def unreadable(exc: OSError) -> str:
    """Why the system would not give a file's bytes, in Chinese; the
    system's own words (English, perhaps naming other paths) left out."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有读取这个文件的权限；请检查文件的权限或换一个用户运行"
    if exc.errno == errno.EISDIR:
        return "是文件夹，不是文件；请给出其中的文件"
    if exc.errno == errno.EIO:
        return "读取时出错（磁盘或网络文件系统故障？）；请把文件复制到本地后重试"
    code = errno.errorcode.get(exc.errno or 0)
    return f"无法读取这个文件（{code or type(exc).__name__}）；请检查文件是否完好后重试"


# What a library's exception says of a damaged file, by the exception's type
# name (the libraries are not imported here: most loaders import them late).
_CAUSES = {
    "BadZipFile": "ZIP 压缩包已损坏",
    "BadZipfile": "ZIP 压缩包已损坏",
    "LargeZipFile": "ZIP 压缩包已损坏",
    "zlib.error": "压缩的数据已损坏（可能下载不完整）",
    "EOFError": "文件提前结束（可能下载不完整）",
    "PSEOF": "文件提前结束（可能下载不完整）",
    "KeyError": "缺少必需的组成部分",
    "PackageNotFoundError": "缺少必需的组成部分",
    "XMLSyntaxError": "其中的 XML 内容已损坏",
    "ParseError": "其中的 XML 内容已损坏",
    "ExpatError": "其中的 XML 内容已损坏",
    "PDFNoValidXRef": "缺少对象目录（文件可能不完整）",
    "PDFSyntaxError": "文件结构有误",
    "PSSyntaxError": "文件结构有误",
    "PDFTypeError": "文件结构有误",
    "PDFValueError": "文件结构有误",
    "PDFEncryptionError": "加密方式无法识别",
    "PDFPasswordIncorrect": "已加密，需要密码",
    "UnicodeDecodeError": "含有无法解码的文字",
    "RecursionError": "嵌套过深",
}


def describe(exc: BaseException) -> str:
    """Why a library could not read a damaged file, in Chinese: the cause
    where its exception tells it (cut short, not a ZIP, a missing part,
    broken XML, encrypted), else that the content cannot be parsed; then the
    exception's type name in brackets, for support. Never the exception's
    own text: it is English and may name paths or library internals."""
    kind = type(exc)
    name = f"{kind.__module__}.{kind.__name__}" if kind.__module__ == "zlib" else kind.__name__
    return f"{_CAUSES.get(name, '内容无法解析')}（{name}）"
