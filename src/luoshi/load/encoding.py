"""Bytes to text, in the encodings Chinese government documents come in.

The order is fixed, because a detector alone misreads short GBK text (as
Korean cp949, Big5 …), while strict UTF-8 almost never decodes bytes meant
as something else, and Chinese text not in UTF-8 is almost always GBK or
GB18030:

1. a byte-order mark (UTF-8, UTF-16, UTF-32), which is stripped;
2. a charset declared in the first 1 KB (``<meta charset=gbk>``,
   ``# -*- coding: gb2312 -*-``, ``<?xml … encoding="GBK"?>``);
3. strict UTF-8;
4. GB18030, a superset of GBK and GB2312;
5. ``charset_normalizer``, as a last resort.

Bytes that are UTF-8 or GB18030 but for a few bad sequences (a truncated
download, one flipped byte) are refused as damaged instead of being passed
on: the next decoder would turn them into fluent mojibake (GB18030 reads
short broken UTF-8, the detector reads broken GBK as Thai cp874).

Nothing else is done to the text: offsets of statements point into exactly
the string returned here.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from luoshi.errors import DecodeError

# UTF-32 LE first: its mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""(?:charset|coding|encoding)\s*[:=]\s*["']?([A-Za-z][A-Za-z0-9_.:-]{1,30})""", re.IGNORECASE)
# GB2312 and GBK files often hold characters beyond their own tables; GB18030
# is a superset that decodes them all the same way.
_TO_GB18030 = {"gb2312", "gbk", "cp936"}
_BINARY_PROBE = 8192
_CONTROL_BYTES = (frozenset(range(0x20)) - frozenset(b"\t\n\r\f\v\x1b")) | {0x7F}
_MAX_CONTROL_SHARE = 0.1
_CHECKED_FOR_DAMAGE = ("utf-8", "gb18030")
# Damaged text: few bad sequences (at most 1 per 1000 bytes), each outnumbered
# by good non-ASCII characters. Text in another encoding scores far lower
# (GBK read as UTF-8: about 1 good per 10 bad); noise has many bad sequences.
_DAMAGE_RATIO = 4
_DAMAGE_BYTES_PER_BAD = 1000
NOT_TEXT = "不是 UTF-8、GB18030 或其他能识别的编码的文字；请用文本编辑器另存为 UTF-8 后重试"
BINARY = "是二进制文件，不是文字（图片、压缩包或程序？）；请提供文本文件，或检查扩展名是否与内容相符"


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode a file's bytes; return ``(text, encoding name)``.

    Raises DecodeError naming ``source`` for binary data or bytes that no
    encoding in the order above decodes.
    """
    with_bom = _decode_bom(data, source)
    if with_bom is not None:
        return with_bom
    if looks_binary(data[:_BINARY_PROBE]):
        raise DecodeError(source, BINARY)
    for encoding in _candidates(data):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            if encoding in _CHECKED_FOR_DAMAGE:
                _refuse_if_damaged(data, encoding, exc.start, source)
    return _detect(data, source)


def looks_binary(head: bytes) -> bool:
    """True for NUL bytes or a high share of control bytes: no text file has them."""
    if b"\x00" in head:
        return True
    control = sum(1 for byte in head if byte in _CONTROL_BYTES)
    return control > _MAX_CONTROL_SHARE * max(len(head), 1)


def declared_charset(data: bytes) -> str | None:
    """The codec named by a charset declaration in the first 1 KB, if Python knows it."""
    match = _DECLARED.search(data[:1024])
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return "gb18030" if name in _TO_GB18030 else name


def _decode_bom(data: bytes, source: str) -> tuple[str, str] | None:
    """Decode by byte-order mark; a file that has one must be valid in its encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding.removesuffix("-sig")), encoding
            except UnicodeDecodeError as exc:
                name = _named(encoding.removesuffix("-sig"))
                raise DecodeError(
                    source,
                    f"开头有 {name} 的字节顺序标记（BOM），内容却不是 {name}：第 {exc.start + len(bom):,} 字节起"
                    "无法解码；请用文本编辑器另存为 UTF-8 后重试",
                ) from None
    return None


def _refuse_if_damaged(data: bytes, encoding: str, first_bad: int, source: str) -> None:
    """Raise DecodeError if ``data`` is ``encoding`` text with a few bad bytes."""
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    if bad <= max(1, len(data) // _DAMAGE_BYTES_PER_BAD) and good >= _DAMAGE_RATIO * bad:
        raise DecodeError(
            source,
            f"{_named(encoding)} 文字已损坏：有 {bad:,} 处无法解码的字节，第一处在第 {first_bad:,} 字节"
            "（可能下载不完整或被改动过）；请重新下载，或修复后重新保存",
        )


def _named(encoding: str) -> str:
    """An encoding as people write it: utf-16-le → UTF-16LE, gb18030 → GB18030."""
    return encoding.upper().replace("-LE", "LE").replace("-BE", "BE")


def _candidates(data: bytes) -> list[str]:
    """The fixed decoding order, with a declared charset (if any) first."""
    declared = declared_charset(data)
    first = [declared] if declared else []
    return first + [name for name in ("utf-8", "gb18030") if name != declared]


def _detect(data: bytes, source: str) -> tuple[str, str]:
    """Last resort: let charset_normalizer guess, and refuse when it cannot."""
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError(source, NOT_TEXT)
    return str(best), best.encoding
