"""Terminal tables readable in an 80-column window: one line a row, no line
longer than the window, names and figures whole, long quotes and sources
cut with an ellipsis; ``--wide`` shows every cell whole."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from luoshi.cli import app
from luoshi.cli.terminal_tables import Column, fit_table, print_tables

ROOT = Path(__file__).resolve().parents[1]
# the samples these tests were written on: the places samples (places_*.md) add
# targets and documents they do not count
SCOREBOARD_SAMPLES = [
    str(ROOT / "samples" / name) for name in ("demo_bulk.csv", "nmg_cooperation_2025.md", "nmg_report_2026.md")
]
runner = CliRunner()


def run(*args: str, columns: int = 80) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": str(columns)}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("tables") / "s.duckdb")
    run("ingest", *SCOREBOARD_SAMPLES, "--db", path)
    run("import-stats", str(ROOT / "statistics" / "nmg_2025_sample.csv"), "--db", path)
    return path


def assert_fits(text: str, width: int = 80) -> list[str]:
    lines = text.splitlines()
    assert lines and max(cell_len(line) for line in lines) <= width
    return lines


def line_with(lines: list[str], text: str) -> str:
    [line] = [line for line in lines if text in line]
    return line


def test_status_fits_80_columns_with_each_task_whole_on_one_line(db: str):
    args = ["status", "--region", "内蒙古", "--period", "2025", "--db", db]
    lines = assert_fits(run(*args))
    tasks = list(csv.DictReader(io.StringIO(run(*args, "-f", "csv"))))
    assert len(tasks) >= 5
    for row in tasks:
        name = row["任务/指标"].removeprefix("内蒙古自治区 ")
        assert row["状态"] in line_with(lines, f" {name} ")  # the task and its status on one line
    assert "101.5%" in line_with(lines, "口岸货运量") or "1.32" in line_with(lines, "口岸货运量")


def test_status_wide_shows_the_whole_quote_and_sources(db: str):
    text = run("status", "--region", "内蒙古", "--period", "2025", "--wide", "--db", db)
    row = line_with(text.splitlines(), "口岸货运量")
    assert "全年口岸货运量的目标定为1.3亿吨" in row and "已完成" in row
    assert "实绩：nmg_2025_sample.csv（统计数据）" in row and "…" not in row


def test_statements_fit_80_columns_with_indicator_names_and_figures_whole(db: str):
    args = ["statements", "--region", "内蒙古", "--db", db]
    lines = assert_fits(run(*args))
    rows = json.loads(run(*args, "-f", "json"))
    for s in rows:
        name = s.get("indicator_name")
        if name and cell_len(name) <= 28:  # the catalogue's longest name; a longer phrase may be cut
            assert any(name in line and s.get("value_text", "") in line for line in lines), name
    assert any("…" in line for line in lines)  # long quotes cut, not folded


def test_statements_wide_shows_every_quote_whole(db: str):
    args = ["statements", "--region", "内蒙古", "--db", db]
    text = run(*args, "--wide")
    for s in json.loads(run(*args, "-f", "json")):
        assert " ".join(s["quote"].split()) in text


def test_compare_fits_80_columns_with_every_province_whole(db: str):
    lines = assert_fits(run("compare", "--indicator", "gdp_growth", "--kind", "target", "--period", "2026", "--db", db))
    for province in ("北京市", "内蒙古自治区", "新疆维吾尔自治区", "广西壮族自治区"):
        line_with(lines, province)
    assert "5%左右" in line_with(lines, "内蒙古自治区")


@pytest.mark.parametrize("command", [["documents"], ["extract", str(ROOT / "samples")]])
def test_other_tables_fit_80_columns(db: str, command: list[str]):
    args = [*command, "--db", db] if command[0] != "extract" else command
    assert_fits(run(*args))


def test_a_very_narrow_window_still_gets_whole_lines(db: str):
    assert_fits(run("status", "--region", "内蒙古", "--period", "2025", "--db", db, columns=40), width=40)


def test_a_cut_column_shares_the_room_and_a_whole_one_never_shrinks(capsys: pytest.CaptureFixture[str]):
    columns = [Column("指标", 0), Column("原文", 1, cut_to=10), Column("来源", 2, cut_to=10)]
    rows = [["城镇居民人均可支配收入", "全年城镇居民人均可支配收入增长5.5%左右，与经济增长同步", "政府工作报告.txt"]]
    print_tables([fit_table("表", columns, rows, 50)])
    lines = capsys.readouterr().out.splitlines()
    assert max(cell_len(line) for line in lines) <= 50
    row = lines[-1]
    assert row.startswith("城镇居民人均可支配收入  ") and "…" in row
