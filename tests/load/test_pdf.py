"""PDF files: the text layer of every page, in order; no OCR; damaged files refused in one line."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from luoshi.errors import DecodeError, FormatError
from luoshi.load import load_path
from luoshi.load.pdf import unmapped_glyphs

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))  # built into reportlab: no font file needed

PAGE_ONE = ["兴安盟口岸工作情况", "2025年全盟口岸货运量1.3亿吨，同比增长8.5%。"]
PAGE_TWO = ["全年开行中欧班列120列，运送货物1.1万标箱。", "力争2026年口岸货运量达到1.5亿吨。"]


def make_pdf(pages: list[list[str]], title: str | None = None, encrypt=None) -> bytes:
    """A PDF with one page per list of lines, each line drawn in STSong-Light, a 公文 page number below."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1, encrypt=encrypt)  # invariant: created 2000-01-01
    if title:
        pdf.setTitle(title)
    for number, lines in enumerate(pages, 1):
        pdf.setFont(FONT, 12)
        for i, line in enumerate(lines):
            pdf.drawString(72, 760 - 24 * i, line)
        pdf.drawString(280, 40, f"— {number} —")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_two_pages_give_both_pages_text_in_order(tmp_path, finds_port_freight):
    path = write(tmp_path, "report.pdf", make_pdf([PAGE_ONE, PAGE_TWO], title="兴安盟口岸工作情况报告"))
    [document] = load_path(path)
    assert document.text == "\n".join([*PAGE_ONE, "— 1 —", *PAGE_TWO, "— 2 —"])
    assert (document.name, document.source, document.loader) == ("report.pdf", str(path), "pdf")
    assert document.title == "兴安盟口岸工作情况报告"
    assert document.published == date(2000, 1, 1)  # the PDF's creation date: nothing better
    skipped = [document.text[start:end] for start, end in document.skip]
    assert skipped == ["— 1 —\n", "— 2 —"]  # page numbers are furniture
    finds_port_freight(document)


def test_header_date_line_wins_over_creation_date_and_a_file_name_is_no_title(tmp_path):
    lines = ["发布日期：2026年2月12日", *PAGE_ONE]
    path = write(tmp_path, "dated.pdf", make_pdf([lines], title="Microsoft Word - 口岸.docx"))
    [document] = load_path(path)
    assert document.published == date(2026, 2, 12)
    assert document.title == "兴安盟口岸工作情况"  # the first line outside the furniture


def test_fake_bold_glyphs_printed_twice_count_once(tmp_path):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont(FONT, 16)
    for shift in (0, 0.3):  # how word processors embolden a Chinese font
        pdf.drawString(72 + shift, 760, PAGE_ONE[0])
    pdf.setFont(FONT, 12)
    pdf.drawString(72, 730, PAGE_ONE[1])
    pdf.showPage()
    pdf.save()
    path = write(tmp_path, "bold.pdf", buffer.getvalue())
    assert load_path(path)[0].text == "\n".join(PAGE_ONE)


def test_pdf_with_only_an_owner_password_loads(tmp_path):
    # Many government PDFs forbid copying but open without a password. (Latin text:
    # pdfminer reads STSong-Light in an encrypted reportlab PDF as (cid:N) codes.)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0))
    pdf.drawString(72, 700, "Port freight volume: 130 million tonnes.")
    pdf.showPage()
    pdf.save()
    path = write(tmp_path, "locked.pdf", buffer.getvalue())
    assert load_path(path)[0].text == "Port freight volume: 130 million tonnes."


def test_image_only_pdf_has_no_text_layer(tmp_path, refused):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    scan = Image.new("L", (200, 280), color=200)  # a blank "scanned page"
    pdf.drawImage(ImageReader(scan), 50, 100, width=500, height=700)
    pdf.showPage()
    pdf.save()
    path = write(tmp_path, "scan.pdf", buffer.getvalue())
    assert ": PDF 中没有文字层（扫描件？）；luoshi 不识别图片中的文字" in refused(path, FormatError)


@pytest.mark.parametrize("keep", [0.5, 0.1], ids=["half", "tenth"])
def test_truncated_pdf_is_a_format_error(tmp_path, refused, keep):
    data = make_pdf([PAGE_ONE, PAGE_TWO])
    path = write(tmp_path, "cut.pdf", data[: int(len(data) * keep)])
    assert ": PDF 已损坏：" in refused(path, FormatError)


def test_text_file_renamed_pdf_is_a_format_error(tmp_path, refused):
    path = write(tmp_path, "notes.pdf", "口岸货运量1.3亿吨。\n".encode())
    assert ": 不是 PDF 文件（开头没有 %PDF- 标记" in refused(path, FormatError)


def test_garbage_after_a_pdf_header_is_a_format_error(tmp_path, refused):
    path = write(tmp_path, "noise.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40)
    message = refused(path, FormatError)
    assert re.search(r": PDF 已损坏：[^（]+（PDF\w+Error）；请重新下载", message), message


def test_password_protected_pdf_is_a_decode_error(tmp_path, refused):
    secret = pdfencrypt.StandardEncryption("user", ownerPassword="owner")
    path = write(tmp_path, "secret.pdf", make_pdf([PAGE_ONE], encrypt=secret))
    assert ": PDF 已加密，需要密码才能打开；请另存一份不带密码的副本" in refused(path, DecodeError)


@pytest.mark.parametrize(
    ("text", "unmapped"),
    [
        ("(cid:2407)(cid:961)(cid:2058)(cid:4366)(cid:2568)(cid:18)(cid:15)(cid:20)(cid:4193)(cid:1557)", True),
        ("(cid:3021)(cid:2201)(cid:77)(cid:4)(cid:5)(cid:6)(cid:7)(cid:9) 2025 1.3", True),
        ("口岸货运量1.3亿吨", False),
        ("口岸货运量(cid:12)1.3亿吨", False),
    ],
)
def test_unmapped_glyphs(text, unmapped):
    assert unmapped_glyphs(text) is unmapped
