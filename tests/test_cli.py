"""The luoshi command, end to end: output formats, filters and bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from luoshi.cli import app

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpus" / "seed" / "000_39f8f6a33f179f43.txt"
REPORTS = sorted((SHARED / "corpus" / "gwr2026").glob("2026_*.csv"))
needs_shared = pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/corpus (real texts)")

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_samples_extract_to_jsonl_with_exact_quotes():
    result = run("extract", str(ROOT / "samples" / "nmg_cooperation_2025.md"), "--format", "jsonl")
    assert result.exit_code == 0
    text = (ROOT / "samples" / "nmg_cooperation_2025.md").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) > 20
    for row in rows:
        assert text[row["start"] : row["end"]] == row["quote"]
    freight = [r for r in rows if r["indicator"] == "port_freight_volume" and r["kind"] == "target"]
    assert [(r["value"], r["unit"], r["period"]) for r in freight] == [(1.3, "亿吨", "2025")]


@needs_shared
def test_gdp_growth_targets_of_all_31_provinces():
    args = ["--indicator", "gdp_growth", "--kind", "target", "--period", "2026", "-f", "jsonl"]
    result = run("extract", *map(str, REPORTS), *args)
    this_year = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(this_year) == 31
    provinces = {r["doc"].split("_")[1] for r in this_year}
    assert len(provinces) == 31
    assert {r["region"] for r in this_year} == provinces
    assert all(r["doc"].split("_")[1] == r["region"] for r in this_year)


@needs_shared
def test_region_filter_accepts_a_short_name():
    result = run("extract", str(SEED), "--region", "兴安", "-f", "jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and {r["region"] for r in rows} == {"兴安盟"}


def test_csv_output_has_the_contract_columns():
    result = run("extract", str(ROOT / "samples" / "demo_bulk.csv"), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0].keys() >= {"doc", "start", "end", "quote", "indicator", "kind", "period", "value", "unit"}
    assert {r["doc"] for r in rows} == {"demo_bulk.csv", "demo_bulk.csv#1"}


def test_table_is_readable_chinese():
    result = run("extract", str(ROOT / "samples" / "nmg_cooperation_2025.md"))
    assert result.exit_code == 0
    assert "口岸货运量" in result.stdout and "目标" in result.stdout


def test_published_date_anchors_relative_years(tmp_path: Path):
    doc = tmp_path / "note.txt"
    doc.write_text("去年全区粮食产量达到820亿斤。", encoding="utf-8")
    result = run("extract", str(doc), "--published", "2025-03-01", "-f", "jsonl")
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (row["indicator"], row["period"], row["kind"]) == ("grain_output", "2024", "actual")


def test_output_file_is_written_whole(tmp_path: Path):
    out = tmp_path / "sub" / "s.jsonl"
    result = run("extract", str(ROOT / "samples"), "-f", "jsonl", "-o", str(out))
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").count("\n") > 50
    assert not list(out.parent.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", "是二进制文件，不是文字"),
        ("empty.txt", b"", "文件是空的"),
        ("garbage.txt", bytes(range(128, 256)) * 40, "不是 UTF-8、GB18030 或其他能识别的编码的文字"),
        ("nofull.csv", b"a,b\n1,2\n", "CSV 中没有 full_text 列（现有的列：a、b）"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(tmp_path: Path, name: str, content: bytes, reason: str):
    path = tmp_path / name
    path.write_bytes(content)
    proc = subprocess.run(
        [sys.executable, "-m", "luoshi", "extract", str(path), "-f", "jsonl"], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and reason in lines[0]
    assert "Traceback" not in proc.stderr


def test_a_50mb_single_line_is_refused(tmp_path: Path):
    path = tmp_path / "line.txt"
    path.write_text("增长5%" * 12_500_000, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "luoshi", "extract", str(path)], capture_output=True, text=True)
    assert proc.returncode == 1 and "有一行长达 50,000,000 个字符" in proc.stderr and "Traceback" not in proc.stderr


def test_good_files_are_still_extracted_when_one_fails(tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    good = ROOT / "samples" / "nmg_report_2026.md"
    result = runner.invoke(app, ["extract", str(bad), str(good), "-f", "jsonl"])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) > 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "goal"], "--kind: 不认识的类型“goal”"),
        (["--region", "火星"], "--region: 不认识的地区“火星”"),
        (["--published", "yesterday"], "--published: “yesterday”不是日期"),
    ],
)
def test_bad_options_exit_2_with_a_message(args: list[str], message: str):
    result = runner.invoke(app, ["extract", str(ROOT / "samples"), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_missing_path_exits_2():
    result = runner.invoke(app, ["extract", "no/such/file.txt"])
    assert result.exit_code == 2 and "no/such/file.txt: 没有这个文件或文件夹" in result.output


def test_every_command_and_option_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert {"extract", "ingest", "statements", "export", "import-stats"} <= set(commands)
    missing = [name for name in commands if f"`{name}" not in readme and f"luoshi {name}" not in readme]
    for command in commands.values():
        options = [opt for param in command.params for opt in param.opts if opt.startswith("--")]
        missing += [opt for opt in options if opt not in ("--help",) and opt not in readme]
    assert missing == []
