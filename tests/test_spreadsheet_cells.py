"""Exports safe to open: text from users and documents that a spreadsheet
would run as a formula comes out inert in every CSV and Excel file luoshi
writes, and numbers stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from luoshi.accounts import Accounts, Role
from luoshi.cli import app
from luoshi.spreadsheet_cells import inert_cell, xlsx_cell
from luoshi.store import open_store
from luoshi.track.board import store_scoreboard

ROOT = Path(__file__).resolve().parents[1]
HYPERLINK = '=HYPERLINK("http://x","y")'
# Document text whose clauses start with a formula character, as a pasted page can.
HOSTILE = (
    "内蒙古自治区2024年经济运行情况\n"
    "+全年口岸货运量达到1.32亿吨。\n"
    "@自治区商务厅 2024年全区规模以上工业增加值增长-1.2%。\n"
    "=1+1 全区地区生产总值增长5.5%。\n"
)
runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+全年口岸货运量达到1.32亿吨", "'+全年口岸货运量达到1.32亿吨"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1:A3)", "'@SUM(A1:A3)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("＝１＋１", "'＝１＋１"),
        ("自治区商务厅", "自治区商务厅"),
        ("1.3亿吨", "1.3亿吨"),
        ("-1.2%", "-1.2%"),  # a number as written, not a formula
        ("+5", "+5"),
        (-5.2, -5.2),
        (7, 7),
        (None, None),
    ],
)
def test_formula_text_gets_an_apostrophe_and_numbers_stay(value: object, cell: object):
    assert inert_cell(value) == cell


def test_a_workbook_cell_loses_characters_xml_cannot_hold():
    assert xlsx_cell("\x01=1+1") == "'=1+1"


@pytest.fixture
def hostile_db(tmp_path: Path) -> str:
    """The samples, a page whose clauses start with formula characters, and
    a target whose owner an admin named ``=HYPERLINK(…)``."""
    page = tmp_path / "hostile_2025.txt"
    page.write_text(HOSTILE, encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    run("ingest", str(ROOT / "samples"), str(page), "--db", db)
    with open_store(db) as store:
        accounts = Accounts(store)  # type: ignore[arg-type]
        admin = accounts.add_user("root", "a-long-password-1", Role.ADMIN)
        board = store_scoreboard(store, "内蒙古自治区", "2025")
        trains = next(a.target for a in board if "中欧班列" in a.target.quote)
        accounts.assign_owner(trains, HYPERLINK, by=admin)
    return db


def runs_as_formula(cell: str) -> bool:
    """Whether a spreadsheet would take this text for a formula: a formula
    character first, and not simply a number such as -1.2%."""
    if not cell.startswith(("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")):
        return False
    try:
        float(cell.removesuffix("%"))
    except ValueError:
        return True
    return False


def assert_inert_csv(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    for row in rows:
        for cell in row:
            assert not runs_as_formula(cell), cell
    return rows


def assert_inert_xlsx(path: Path | io.BytesIO) -> list[list[object]]:
    sheet = load_workbook(path).active
    assert sheet is not None
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value
            if isinstance(cell.value, str):
                assert not runs_as_formula(cell.value), cell.value
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_statement_csv_and_xlsx_exports_are_inert_and_keep_negative_numbers(hostile_db: str, tmp_path: Path):
    run("export", str(tmp_path / "all.csv"), "--format", "csv", "--db", hostile_db)
    rows = assert_inert_csv((tmp_path / "all.csv").read_text(encoding="utf-8"))
    quotes = [r[3] for r in rows]
    assert "'+全年口岸货运量达到1.32亿吨" in quotes and "'=1+1 全区地区生产总值增长5.5%" in quotes
    run("export", str(tmp_path / "all.xlsx"), "--format", "xlsx", "--db", hostile_db)
    cells = assert_inert_xlsx(tmp_path / "all.xlsx")
    header = cells[0]
    [industry] = [r for r in cells if str(r[header.index("quote")]).endswith("增加值增长-1.2%")]
    assert industry[header.index("value")] == -1.2  # a number, not text


def test_extract_csv_is_inert(tmp_path: Path):
    page = tmp_path / "hostile.txt"
    page.write_text(HOSTILE, encoding="utf-8")
    rows = assert_inert_csv(run("extract", str(page), "--published", "2025-02-10", "-f", "csv"))
    assert "'+全年口岸货运量达到1.32亿吨" in [r[3] for r in rows]


def test_the_task_table_with_a_hostile_owner_is_inert_in_csv_and_xlsx(hostile_db: str, tmp_path: Path):
    args = ["status", "--region", "内蒙古", "--period", "2025", "--db", hostile_db]
    rows = assert_inert_csv(run(*args, "-f", "csv"))
    assert ["'" + HYPERLINK] == [r[2] for r in rows if r[2].startswith("'")]
    out = tmp_path / "任务分解表.xlsx"
    run(*args, "-f", "xlsx", "-o", str(out))
    cells = assert_inert_xlsx(out)
    assert "'" + HYPERLINK in [r[2] for r in cells]


def test_the_comparison_table_is_inert(hostile_db: str, tmp_path: Path):
    args = ["compare", "--indicator", "gdp_growth", "--kind", "actual", "--period", "2024", "--db", hostile_db]
    rows = assert_inert_csv(run(*args, "-f", "csv"))
    assert any(cell.startswith("'=1+1") for row in rows for cell in row)
    out = tmp_path / "compare.xlsx"
    run(*args, "-f", "xlsx", "-o", str(out))
    assert any(str(v).startswith("'=1+1") for row in assert_inert_xlsx(out) for v in row)
