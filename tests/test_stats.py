"""Statistics tables as outcome statements: every row or none."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.errors import FormatError, InputError
from luoshi.stats import read_stats
from luoshi.types import Kind, Measure

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "statistics" / "nmg_2025_sample.csv"


def test_each_row_is_an_actual_statement_quoting_its_row():
    table = read_stats(SAMPLE)
    text = table.document.text
    assert table.document.loader == "stats"
    freight = table.statements[0]
    assert (freight.indicator, freight.period, freight.value, freight.unit) == (
        "port_freight_volume",
        "2025",
        1.32,
        "亿吨",
    )
    assert freight.kind is Kind.ACTUAL and freight.measure is Measure.LEVEL
    assert freight.base_value == pytest.approx(1.32e8) and freight.base_unit == "吨"
    assert freight.region == "内蒙古自治区" and freight.region_code == "150000"
    for s in table.statements:
        assert text[s.start : s.end] == s.quote and s.quote.count("\n") == 0
    assert table.statements[2].measure is Measure.GROWTH_PCT


def test_a_row_saying_a_preliminary_cue_is_a_preliminary_outcome(tmp_path: Path):
    path = tmp_path / "stats.csv"
    path.write_text(
        "地区,指标,时期,数值,单位,来源\n"
        "内蒙古自治区,port_freight_volume,2025,1.32,亿吨,统计快报\n"
        "内蒙古自治区,port_freight_volume,2024,1.25,亿吨,统计年鉴\n"
        "内蒙古自治区,investment_attracted,2025,6000,亿元,自治区统计局初步核算\n",
        encoding="utf-8",
    )
    rows = read_stats(path).statements
    # each row is its own sentence: a cue in the row before says nothing of it
    assert [s.preliminary for s in rows] == [True, False, True]
    plain = read_stats(SAMPLE).statements
    assert plain and not any(s.preliminary for s in plain)


def test_chinese_headers_and_excel_are_read(tmp_path: Path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["地区", "指标", "时期", "数值", "单位"])
    sheet.append(["乌兰察布市", "other:番茄产量", "2025-10", 5200, "吨"])
    sheet.append(["内蒙古", "urban_unemployment_rate", "2025-Q3", 5.1, "%"])
    path = tmp_path / "stats.xlsx"
    book.save(path)
    table = read_stats(path)
    assert [(s.region, s.period, s.value) for s in table.statements] == [
        ("乌兰察布市", "2025-10", 5200.0),
        ("内蒙古自治区", "2025-Q3", 5.1),
    ]
    assert table.statements[1].measure is Measure.RATE_PCT


def test_bad_rows_are_named_and_nothing_is_kept(tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "region,indicator,period,value,unit\n"
        "内蒙古自治区,gdp,2025,2.67,万亿元\n"
        "火星,gdp,2025,1,亿元\n"
        "内蒙古自治区,gdp,去年,1,亿元\n"
        "内蒙古自治区,gdp,2025,很多,亿元\n",
        encoding="utf-8",
    )
    with pytest.raises(FormatError) as info:
        read_stats(path)
    message = str(info.value)
    assert message.startswith(str(path)) and "有 3 行有误，未导入任何数据" in message
    assert "第 3 行的地区“火星”不认识" in message
    assert "第 4 行的期间“去年”写法不对" in message
    assert "第 5 行的数值“很多”不是数字" in message and "第 2 行" not in message


def test_a_table_without_the_needed_columns_is_refused(tmp_path: Path):
    path = tmp_path / "cols.csv"
    path.write_text("地区,数值\n内蒙古,1\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_stats(path)
    message = str(info.value)
    assert message.startswith(f"{path}: 缺少列：indicator（或写作 指标、指标代码）、period（") and "unit" in message
    assert "表头是：地区、数值" in message


def test_a_gbk_table_is_read(tmp_path: Path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("地区,指标,时期,数值,单位\n内蒙古自治区,port_freight_volume,2025,1.32,亿吨\n".encode("gbk"))
    assert read_stats(path).statements[0].value == 1.32


def test_other_file_types_are_refused(tmp_path: Path):
    path = tmp_path / "stats.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match=r"stats\.pdf: 不支持的统计表类型 \.pdf；请另存为 \.csv 或 \.xlsx"):
        read_stats(path)


def test_a_text_file_named_xlsx_is_refused_as_no_workbook(tmp_path: Path):
    path = tmp_path / "表.xlsx"
    path.write_text("region,indicator,period,value,unit\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_stats(path)
    assert str(info.value).startswith(f"{path}: 不是 Excel .xlsx 文件：内容不是 ZIP 压缩包")
