"""``luoshi ingest`` and ``luoshi import-stats`` are trusted imports: they
store documents vouched for, of the source type given with --source-type,
else of the type the loader and title suggest."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from luoshi.cli import app

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "samples" / "nmg_report_2026.md"  # 数说内蒙古2026年政府工作报告
NEWS = ROOT / "samples" / "nmg_cooperation_2025.md"
STATS = ROOT / "statistics" / "nmg_2025_sample.csv"
runner = CliRunner()


def _documents(db: Path) -> dict[str, dict]:
    listed = runner.invoke(app, ["documents", "--format", "json", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    return {d["name"]: d for d in json.loads(listed.stdout)}


def test_without_a_type_an_ingest_types_documents_by_title_and_vouches_for_them(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    assert runner.invoke(app, ["ingest", str(REPORT), str(NEWS), "--db", str(db)]).exit_code == 0
    assert runner.invoke(app, ["import-stats", str(STATS), "--db", str(db)]).exit_code == 0
    docs = _documents(db)
    assert {name: d["source_type"] for name, d in docs.items()} == {
        REPORT.name: "government_work_report", NEWS.name: "news", STATS.name: "statistics",
    }  # fmt: skip
    assert {d["confirmed_by"] for d in docs.values()} == {"命令行导入"}
    assert {d["uploaded_by"] for d in docs.values()} == {None}


def test_source_type_names_the_type_by_id_or_in_chinese(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    done = runner.invoke(app, ["ingest", str(NEWS), "--source-type", "政府文件", "--db", str(db)])
    assert done.exit_code == 0, done.output
    stats = runner.invoke(app, ["import-stats", str(STATS), "--source-type", "news", "--db", str(db)])
    assert stats.exit_code == 0, stats.output
    docs = _documents(db)
    assert (docs[NEWS.name]["source_type"], docs[STATS.name]["source_type"]) == ("government_document", "news")


def test_an_unknown_source_type_is_refused_naming_it(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    bad = runner.invoke(app, ["ingest", str(NEWS), "--source-type", "unknown", "--db", str(db)])
    assert bad.exit_code == 2 and "--source-type: 'unknown' 不是可选的来源类型" in bad.output
    assert "government_work_report（政府工作报告）" in bad.output and not db.exists()
