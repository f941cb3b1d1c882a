"""Task tables (任务分解表) in Word and Excel: each row is one line whose
牵头单位 and 责任单位 cells carry their header as a label, so the row's
figures get its lead unit as owner and its other units as co_owners; a
牵头单位 cell merged over several rows gives each of them its unit."""

from __future__ import annotations

import json

import docx
import openpyxl
from typer.testing import CliRunner

import luoshi
from luoshi.cli import app
from luoshi.load import load_path
from luoshi.load.tables import owner_label
from luoshi.types import Document, Statement

HEADER = ("序号", "重点任务", "牵头单位", "责任单位", "完成时限")
ROWS = [
    ("1", "全年农畜产品在京销售额达到28亿元", "市农牧局", "市商务局、市供销合作社联合社", "2025年12月底前"),
    ("2", "新建在京展销窗口8个以上", "", "市商务局", "2025年12月底前"),  # 牵头单位 merged down from row 1
    ("3", "组织农村牧区劳动力到京就业1.5万人次", "市人力资源社会保障局", "", "年底前"),
]


def _figure(document: Document, value_text: str) -> Statement:
    [found] = [s for s in luoshi.extract_document(document) if s.value_text == value_text]
    assert found.quote == document.text[found.start : found.end]
    return found


def _owners(document: Document) -> dict[str, tuple[str | None, tuple[str, ...]]]:
    return {v: (s.owner, s.co_owners) for v in ("28亿元", "8个以上", "1.5万人次") if (s := _figure(document, v))}


EXPECTED = {
    "28亿元": ("市农牧局", ("市商务局", "市供销合作社联合社")),
    "8个以上": ("市农牧局", ("市商务局",)),
    "1.5万人次": ("市人力资源社会保障局", ()),
}


def make_docx(tmp_path):
    word = docx.Document()
    word.add_paragraph("赤峰市2025年京蒙协作重点任务分解表")
    table = word.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for j, header in enumerate(HEADER):
        table.cell(0, j).text = header
    for i, row in enumerate(ROWS, start=1):
        for j, value in enumerate(row):
            if value:
                table.cell(i, j).text = value
    table.cell(1, 2).merge(table.cell(2, 2)).text = "市农牧局"
    path = tmp_path / "任务分解.docx"
    word.save(path)
    return path


def make_xlsx(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "任务分解"
    sheet.append(["赤峰市2025年京蒙协作重点任务分解表"])
    sheet.merge_cells("A1:E1")
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append([int(row[0]), *(value or None for value in row[1:])])
    sheet.merge_cells("C3:C4")
    path = tmp_path / "任务分解.xlsx"
    book.save(path)
    return path


def test_a_word_task_table_gives_each_row_its_lead_and_responsible_units(tmp_path):
    [document] = load_path(make_docx(tmp_path))
    lines = document.text.split("\n")
    assert lines[1] == "\t".join(HEADER)
    assert lines[2] == (
        "1\t全年农畜产品在京销售额达到28亿元\t牵头单位：市农牧局\t责任单位：市商务局、市供销合作社联合社\t2025年12月底前"
    )
    assert lines[3] == "2\t新建在京展销窗口8个以上\t牵头单位：市农牧局\t责任单位：市商务局\t2025年12月底前"
    assert _owners(document) == EXPECTED


def test_a_cell_of_several_units_on_lines_of_their_own_lists_each(tmp_path):
    word = docx.Document()
    table = word.add_table(rows=2, cols=3)
    for j, header in enumerate(("工作任务", "牵头单位", "配合单位")):
        table.cell(0, j).text = header
    table.cell(1, 0).text = "新增外贸企业30家"
    table.cell(1, 1).text = "市商务局"
    table.cell(1, 2).text = "赤峰海关"
    table.cell(1, 2).add_paragraph("市税务局")
    path = tmp_path / "配合.docx"
    word.save(path)
    [document] = load_path(path)
    assert document.text.split("\n")[1] == "新增外贸企业30家\t牵头单位：市商务局\t配合单位：赤峰海关、市税务局"
    firms = _figure(document, "30家")
    assert (firms.owner, firms.co_owners) == ("市商务局", ("赤峰海关", "市税务局"))


def test_an_excel_task_table_reads_like_the_word_one(tmp_path):
    [document] = load_path(make_xlsx(tmp_path))
    assert document.loader == "xlsx" and document.title == "赤峰市2025年京蒙协作重点任务分解表"
    lines = document.text.split("\n")
    assert lines[3] == "2\t新建在京展销窗口8个以上\t牵头单位：市农牧局\t责任单位：市商务局\t2025年12月底前"
    assert _owners(document) == EXPECTED


def test_luoshi_extract_reads_an_xlsx_file(tmp_path):
    path = make_xlsx(tmp_path)
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "jsonl"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    [sales] = [r for r in rows if r["value_text"] == "28亿元"]
    assert (sales["owner"], sales["co_owners"]) == ("市农牧局", ["市商务局", "市供销合作社联合社"])


def test_a_table_without_owner_columns_is_read_as_before(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["指标", "2025年", "增速"])
    book.active.append(["口岸货运量（亿吨）", 1.3, 0.085])
    book.active["C2"].number_format = "0.0%"
    book.create_sheet("说明").append(["数据来源：自治区商务厅"])
    path = tmp_path / "指标.xlsx"
    book.save(path)
    [document] = load_path(path)
    assert document.text == "Sheet\n指标\t2025年\t增速\n口岸货运量（亿吨）\t1.3\t8.5%\n\n说明\n数据来源：自治区商务厅"


def test_column_headers_that_name_responsible_units():
    assert [owner_label(h) for h in ("牵头单位", "牵头单位（部门）", "责任 单位", "配合单位", "协同责任单位")] == [
        "牵头单位",
        "牵头单位",
        "责任单位",
        "配合单位",
        "协同责任单位",
    ]
    assert [owner_label(h) for h in ("责任领导", "完成时限", "单位", "牵头单位负责同志及联系电话")] == [None] * 4
