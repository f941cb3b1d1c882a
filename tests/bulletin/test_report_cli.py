"""``luoshi report``: a 通报 file from the command line, kept unless
``--draft``, with one-line errors naming the option."""

from __future__ import annotations

from pathlib import Path

from bulletin_samples import NEXT_YEAR
from docx import Document
from pdf_tools import pdf_text
from typer.testing import CliRunner

from luoshi.bulletin import Snapshots
from luoshi.cli import app
from luoshi.store.duckdb_store import DuckDBStore

runner = CliRunner()


def _run(store: DuckDBStore, *args: str):  # type: ignore[no-untyped-def]
    url = store.url
    store.close()  # one writer at a time on a DuckDB file
    return runner.invoke(app, ["report", "--db", str(url), *args])


def test_report_writes_a_pdf_and_keeps_it_as_issued(store: DuckDBStore, tmp_path: Path) -> None:
    out = tmp_path / "通报.pdf"
    result = _run(store, "--region", "内蒙古", "--period", "2025", "--as-of", NEXT_YEAR.isoformat(),
                  "--format", "pdf", "-o", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "第1期，已保存" in result.output and "6 项任务" in result.output
    text = pdf_text(out)
    assert "关于内蒙古自治区2025年重点任务推进情况的通报" in text and "截至2026年3月1日" in text
    again = DuckDBStore(Path(store.url))
    try:
        assert [i.number for i in Snapshots(again.backend).list()] == [1]
    finally:
        again.close()


def test_a_draft_is_written_but_not_kept_and_names_its_issuer_and_owner(store: DuckDBStore, tmp_path: Path) -> None:
    out = tmp_path / "通报.docx"
    result = _run(store, "--region", "内蒙古自治区", "--period", "2025", "--owner", "商务厅", "--draft",
                  "--issuer", "自治区区域合作深化行动领导小组办公室", "-o", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "草稿，未保存" in result.output and "3 项任务" in result.output
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "关于自治区商务厅2025年重点任务推进情况的通报" in text and "自治区商务厅：" in text
    assert "自治区区域合作深化行动领导小组办公室" in text
    again = DuckDBStore(Path(store.url))
    try:
        assert Snapshots(again.backend).list() == []
    finally:
        again.close()


def test_bad_options_are_named_in_one_line(store: DuckDBStore, tmp_path: Path) -> None:
    out = str(tmp_path / "x.pdf")
    bad_day = _run(store, "--region", "内蒙古", "--period", "2025", "--as-of", "2025-13-01", "-o", out)
    assert bad_day.exit_code == 2 and "--as-of: '2025-13-01' 不是日期" in bad_day.output
    nowhere = runner.invoke(app, ["report", "--db", str(store.url), "--region", "火星", "--period", "2025", "-o", out])
    assert nowhere.exit_code == 2 and "--region: 不认识的地区“火星”" in nowhere.output
    xlsx = runner.invoke(app, ["report", "--region", "内蒙古", "--period", "2025", "-f", "xlsx", "-o", out])
    assert xlsx.exit_code == 2
    folder = runner.invoke(app, ["report", "--db", str(store.url), "--region", "内蒙古", "--period", "2025",
                                 "--draft", "-o", str(tmp_path)])  # fmt: skip
    assert folder.exit_code == 2 and "是文件夹" in folder.output
