"""decode(): the encoding order, BOMs, declarations, and text left untouched."""

from __future__ import annotations

import re
import unicodedata

import charset_normalizer
import pytest

from luoshi.errors import DecodeError
from luoshi.load import decode, load_path

PARAGRAPH = (
    "2025年，全区口岸货运量1.3亿吨，同比增长8.5%；"
    "力争2026年全年实现口岸货运量1.4亿吨以上，中欧班列开行超过1万列。\n"
    "兴安盟、乌兰察布市等12个盟市签订区域合作协议36项。\n"
)
# Short GBK phrases that a detector alone reads as Korean or Big5.
SHORT_GBK = ["口岸货运量1.3亿吨", "内蒙古口岸货运量达到1.234亿吨", "今年", "货运量"]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PARAGRAPH.encode("gbk"), "gb18030"),
        (PARAGRAPH.encode("gb18030"), "gb18030"),
        (PARAGRAPH.encode("utf-8"), "utf-8"),
        (PARAGRAPH.encode("utf-8-sig"), "utf-8-sig"),
        (PARAGRAPH.encode("utf-16"), "utf-16-le"),
        (b"\xfe\xff" + PARAGRAPH.encode("utf-16-be"), "utf-16-be"),
        (PARAGRAPH.encode("utf-32"), "utf-32-le"),
    ],
    ids=["gbk", "gb18030", "utf-8", "utf-8-bom", "utf-16-bom", "utf-16-be-bom", "utf-32-bom"],
)
def test_same_paragraph_decodes_the_same_in_every_encoding(data, encoding):
    assert decode(data, "p.txt") == (PARAGRAPH, encoding)


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta charset="gbk">\n',
        "<meta charset=GB2312>\n",
        "# -*- coding: gbk -*-\n",
        '<?xml version="1.0" encoding="GBK"?>\n',
    ],
)
def test_declared_charset_decodes_the_paragraph(declaration):
    text, encoding = decode((declaration + PARAGRAPH).encode("gbk"), "p.html")
    assert text == declaration + PARAGRAPH
    assert encoding == "gb18030"  # GBK and GB2312 are read as their superset


def test_declared_charset_wins_over_utf8_when_both_decode():
    # Latin-1 "é" (0xE9) followed by ASCII is invalid UTF-8, but "Ã©" as UTF-8
    # bytes (C3 A9) is valid UTF-8: only the declaration tells them apart.
    data = "<meta charset=latin-1>\ncafÃ©\n".encode("latin-1")
    assert decode(data, "p.html") == ("<meta charset=latin-1>\ncafÃ©\n", "iso8859-1")


def test_unknown_declared_charset_falls_back_to_the_order():
    data = ('<meta charset="x-no-such-codec">\n' + PARAGRAPH).encode("gbk")
    assert decode(data, "p.html")[0].endswith(PARAGRAPH)


@pytest.mark.parametrize("char", ["㐀", "䶮", "𠀀", "𪚥"])
def test_gb18030_only_characters_survive(char):
    with pytest.raises(UnicodeEncodeError):
        char.encode("gbk")  # the point: GBK cannot hold it, only GB18030 can
    text = f"{char}字企业年产值增长12%。"
    assert decode(text.encode("gb18030"), "p.txt") == (text, "gb18030")


@pytest.mark.parametrize("phrase", SHORT_GBK)
def test_short_gbk_decodes_right_whatever_a_detector_thinks(phrase):
    assert decode(phrase.encode("gbk"), "p.txt") == (phrase, "gb18030")


def test_a_detector_alone_misreads_short_gbk():
    # Why the order is fixed: charset_normalizer alone gets some of these wrong
    # (口岸货运量1.3亿吨 comes out as Korean cp949).
    misread = [p for p in SHORT_GBK if str(charset_normalizer.from_bytes(p.encode("gbk")).best()) != p]
    assert misread


def test_bom_is_stripped_and_nothing_else_changes():
    text = "  全角１２３、㎡、\u3000全角空格\r\nＡＢＣ\ufeff中间的BOM留下\r\n"
    decoded, _ = decode(text.encode("utf-8-sig"), "p.txt")
    assert decoded == text
    assert decoded != unicodedata.normalize("NFKC", decoded)


def test_crlf_is_kept_by_load_path(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(PARAGRAPH.replace("\n", "\r\n").encode("gbk"))
    [document] = load_path(path)
    assert document.text == PARAGRAPH.replace("\n", "\r\n")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-16", "utf-32"])
def test_load_path_reads_every_encoding_to_the_same_text(tmp_path, encoding):
    path = tmp_path / f"report_{encoding}.txt"
    path.write_bytes(PARAGRAPH.encode(encoding))
    assert load_path(path)[0].text == PARAGRAPH


def test_bom_with_invalid_body_is_a_decode_error():
    with pytest.raises(DecodeError, match=r"^p\.txt: 开头有 UTF-16LE 的字节顺序标记（BOM），内容却不是 UTF-16LE"):
        decode(b"\xff\xfe" + "口岸".encode("utf-16-le") + b"\x00\xd8", "p.txt")


def test_gbk_with_one_bad_byte_is_refused_as_damaged_not_guessed():
    # Without the check, charset_normalizer reads this as Thai (cp874).
    data = (PARAGRAPH * 200).encode("gbk")
    damaged = data[:5000] + b"\x80" + data[5000:]
    with pytest.raises(DecodeError) as info:
        decode(damaged, "p.txt")
    assert re.fullmatch(
        r"p\.txt: GB18030 文字已损坏：有 1 处无法解码的字节，第一处在第 5,0\d\d 字节"
        r"（可能下载不完整或被改动过）；请重新下载，或修复后重新保存",
        str(info.value),
    )


def test_truncated_utf8_is_refused_as_damaged_not_read_as_gb18030():
    data = "口岸货运量达1.3亿吨".encode()[:-2]  # cut inside the last character
    assert data.decode("gb18030") == "鍙ｅ哺璐ц繍閲忚揪1.3浜垮"  # what GB18030 alone would make of it
    with pytest.raises(DecodeError, match=r"^p\.txt: UTF-8 文字已损坏：有 1 处无法解码的字节"):
        decode(data, "p.txt")
