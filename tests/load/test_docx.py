"""Word .docx files: paragraphs and table rows in order; damaged files and zip bombs refused."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date, datetime

import docx
from docx.oxml import parse_xml

from luoshi.errors import FormatError
from luoshi.load import MAX_UNZIPPED_BYTES, load_path

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TITLE = "兴安盟口岸发展情况"
FIRST = "2025年全盟口岸货运量1.3亿吨，同比增长8.5%。"
LAST = "全年开行中欧班列120列，运送货物1.1万标箱。"
ROWS = [("指标", "2025年", "2026年目标"), ("口岸货运量（亿吨）", "1.3", "1.5")]


def make_docx(tmp_path, name: str = "report.docx", *, core_title: str = "", created: datetime | None = None):
    """A heading, a paragraph, a 2×3 table, a paragraph."""
    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_paragraph(FIRST)
    table = document.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for i, row in enumerate(ROWS):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    document.add_paragraph(LAST)
    document.core_properties.title = core_title
    document.core_properties.created = created or datetime(2026, 2, 3, 9, 0)
    path = tmp_path / name
    document.save(path)
    return path


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_paragraphs_and_table_rows_in_order(tmp_path, finds_port_freight):
    path = make_docx(tmp_path)
    [document] = load_path(path)
    rows = ["\t".join(row) for row in ROWS]
    assert document.text == "\n".join([TITLE, FIRST, *rows, LAST])
    assert (document.name, document.source, document.loader) == ("report.docx", str(path), "docx")
    assert document.title == TITLE  # the first heading: the core title is empty
    assert document.published == date(2026, 2, 3)  # core created: nothing better
    finds_port_freight(document)


def test_core_title_and_header_date_come_first(tmp_path):
    path = make_docx(tmp_path, core_title="  兴安盟 口岸工作报告 ")
    word = docx.Document(str(path))
    word.paragraphs[0].insert_paragraph_before("发布日期：2026年2月12日")
    word.save(str(path))
    [document] = load_path(path)
    assert document.title == "兴安盟 口岸工作报告"
    assert document.published == date(2026, 2, 12)


def test_merged_cells_count_once(tmp_path):
    word = docx.Document()
    table = word.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "口岸货运量"
    table.cell(0, 2).text = "1.3亿吨"
    table.cell(1, 0).text = "中欧班列"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "120列"
    path = tmp_path / "merged.docx"
    word.save(str(path))
    assert load_path(path)[0].text == "口岸货运量\t1.3亿吨\n中欧班列\t120列"


def test_tracked_changes_content_controls_and_links(tmp_path):
    word = docx.Document()
    body = word.element.body
    paragraph = (
        f"<w:p {W}><w:r><w:t>全年口岸货运量</w:t></w:r>"
        "<w:del><w:r><w:delText>1.2</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>1.3</w:t></w:r></w:ins>"
        "<w:hyperlink><w:r><w:t>亿吨</w:t></w:r></w:hyperlink>"
        "<w:r><w:tab/><w:t>。</w:t></w:r></w:p>"
    )
    control = f"<w:sdt {W}><w:sdtContent><w:p><w:r><w:t>{LAST}</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    body.insert(0, parse_xml(paragraph))
    body.insert(1, parse_xml(control))
    path = tmp_path / "tracked.docx"
    word.save(str(path))
    assert load_path(path)[0].text == f"全年口岸货运量1.3亿吨\t。\n{LAST}"


def test_random_bytes_are_not_a_docx(tmp_path, refused):
    path = write(tmp_path, "noise.docx", os.urandom(4096))
    assert ": 不是 Word .docx 文件：内容不是 ZIP 压缩包" in refused(path, FormatError)


def test_truncated_docx(tmp_path, refused):
    data = make_docx(tmp_path).read_bytes()
    path = write(tmp_path, "cut.docx", data[: len(data) // 2])
    message = refused(path, FormatError)
    assert ": Word .docx 文件已损坏：ZIP 压缩包不完整（可能下载不完整）；请重新下载" in message


def test_zip_without_document_xml_is_not_a_docx(tmp_path, refused):
    path = write(tmp_path, "archive.docx", zip_bytes({"readme.txt": "口岸货运量1.3亿吨".encode()}))
    assert ": 不是 Word .docx 文件：压缩包中缺少 word/document.xml" in refused(path, FormatError)


def test_old_binary_doc_renamed_docx(tmp_path, refused):
    path = write(tmp_path, "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    message = refused(path, FormatError)
    assert ": 不是 Word .docx 文件：是旧版 .doc 文件，或加了密码的 .docx；请用 Word 或 WPS 打开" in message


def test_damaged_document_xml_is_a_format_error(tmp_path, refused):
    with zipfile.ZipFile(make_docx(tmp_path, "good.docx")) as good:
        members = {name: good.read(name) for name in good.namelist()}
    members["word/document.xml"] = members["word/document.xml"][:300]
    path = write(tmp_path, "damaged.docx", zip_bytes(members))
    message = refused(path, FormatError)
    assert ": Word .docx 文件已损坏：其中的 XML 内容已损坏（XMLSyntaxError）；请用 Word 或 WPS 打开" in message


def test_docx_without_text(tmp_path, refused):
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    assert ": Word 文件中没有文字（只有图片？）" in refused(path, FormatError)


def zeros_member(path, name: str, megabytes: int, level: int) -> None:
    """A ZIP whose one member is ``megabytes`` MB of zeros, written in 1 MB chunks."""
    chunk = bytes(2**20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        with archive.open(name, "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(chunk)


def test_zip_bomb_above_the_unzipped_limit(tmp_path, refused):
    path = tmp_path / "bomb.docx"
    zeros_member(path, "word/document.xml", 300, level=1)  # about 1 MB on disk, half a second
    assert path.stat().st_size < 2 * 2**20 and 300 * 2**20 > MAX_UNZIPPED_BYTES
    message = refused(path, FormatError)
    assert message.endswith(": 解压后共 300 MB，超过 200 MB 的上限（疑似压缩炸弹）；请拆成较小的文件")


def test_zip_bomb_by_compression_ratio(tmp_path, refused):
    path = tmp_path / "ratio.docx"
    zeros_member(path, "word/document.xml", 20, level=9)
    message = refused(path, FormatError)
    assert ": 其中的 word/document.xml 压缩比为 " in message
    assert ":1，解压后有 20 MB（疑似压缩炸弹）" in message


def test_well_compressed_small_members_are_not_bombs(tmp_path):
    # A 1 MB part of repeated XML compresses far beyond 100:1 yet is fine.
    path = make_docx(tmp_path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("customXml/item9.xml", b"<a/>" * (2**18))
    assert load_path(path)[0].text.startswith(TITLE)
