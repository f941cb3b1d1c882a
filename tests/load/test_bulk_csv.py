"""CSV bulk files: one Document per full_text row, with names, regions and dates."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from luoshi.errors import FormatError
from luoshi.load import load_path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "gwr2026"
REPORTS = sorted(CORPUS.glob("2026_*.csv"))
NO_CORPUS = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"real reports not found at {CORPUS}")
csv.field_size_limit(2**31 - 1)


def csv_row(path: Path) -> dict[str, str]:
    """The single row as the csv module reads it: the reference for exact text."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    return row


@NO_CORPUS
def test_all_31_provincial_reports_are_there():
    assert len(REPORTS) == 31


@NO_CORPUS
@pytest.mark.parametrize("path", REPORTS, ids=[p.stem for p in REPORTS])
def test_report_loads_as_one_document_with_its_metadata(path):
    row = csv_row(path)
    [document] = load_path(path)
    assert document.name == path.name
    assert document.text == row["full_text"]
    assert document.region == row["province"]
    assert document.published == date.fromisoformat(row["publish_date"])
    assert document.title == row["title"]
    assert (document.loader, document.source) == ("csv", str(path))


@NO_CORPUS
@pytest.mark.parametrize("path", REPORTS, ids=[p.stem for p in REPORTS])
def test_report_furniture_is_skipped_and_prose_is_not(path):
    [document] = load_path(path)
    text = document.text
    skipped = "".join(text[start:end] for start, end in document.skip)
    assert "。" not in skipped
    assert len(skipped) < 0.02 * len(text)
    if text.startswith("下载"):
        start, end = document.skip[0]
        toolbar_end = text.index("】") + 1
        assert start == 0 and end > toolbar_end
        assert text[:toolbar_end].split("\n")[:4] == ["下载", "打印", "全屏", "收藏"]


@NO_CORPUS
@pytest.mark.parametrize("name", ["run_manifest_2026.csv", "failures_2026.csv"])
def test_corpus_side_files_have_no_full_text(name):
    path = CORPUS / name
    with pytest.raises(FormatError) as info:
        load_path(path)
    assert str(info.value).startswith(f"{path}: CSV 中没有 full_text 列（现有的列：province、")


def write_csv(tmp_path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    path = tmp_path / "bulk.csv"
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_rows_are_named_by_index_and_empty_rows_skipped(tmp_path):
    path = write_csv(
        tmp_path,
        [
            ["province", "full_text"],
            ["北京市", "地区生产总值增长5%左右。"],
            ["天津市", "  "],
            ["河北省", "粮食产量稳定在760亿斤以上。"],
        ],
    )
    documents = load_path(path)
    assert [(d.name, d.region) for d in documents] == [("bulk.csv", "北京市"), ("bulk.csv#2", "河北省")]


def test_full_text_is_kept_exactly_with_crlf_quotes_and_commas(tmp_path):
    text = '各位代表：\r\n全年口岸货运量1.3亿吨，"同比"增长8.5%。\n\n  末尾空格  '
    path = write_csv(tmp_path, [["full_text"], [text]])
    assert load_path(path)[0].text == text


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2026-02-12", date(2026, 2, 12)),
        ("2026/2/12", date(2026, 2, 12)),
        ("2026年2月12日", date(2026, 2, 12)),
        ("2026-02-12 09:45:30", date(2026, 2, 12)),
        ("2026-02-30", None),
        ("二〇二六年二月", None),
        ("", None),
    ],
)
def test_publish_date_formats_and_unreadable_dates_ignored(tmp_path, written, expected):
    path = write_csv(tmp_path, [["publish_date", "full_text"], [written, "全年目标增长5%左右。"]])
    assert load_path(path)[0].published == expected


def test_missing_publish_date_falls_back_to_the_text_header(tmp_path):
    text = "下载\n来源：内蒙古日报\n时间：2026-02-12\n各位代表：\n现在，我代表自治区人民政府向大会报告工作。"
    path = write_csv(tmp_path, [["province", "publish_date", "full_text"], ["内蒙古自治区", "不详", text]])
    assert load_path(path)[0].published == date(2026, 2, 12)


def test_metadata_columns_are_optional(tmp_path):
    text = "2026年政府工作报告\n各位代表：\n现在我代表省政府报告工作。"
    path = write_csv(tmp_path, [["full_text"], [text]])
    [document] = load_path(path)
    assert (document.region, document.published, document.title) == (None, None, "2026年政府工作报告")


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-16"])
def test_csv_is_decoded_with_the_same_encoding_order(tmp_path, encoding):
    path = write_csv(tmp_path, [["province", "full_text"], ["内蒙古自治区", "口岸货运量1.3亿吨。"]], encoding)
    [document] = load_path(path)
    assert (document.region, document.text) == ("内蒙古自治区", "口岸货运量1.3亿吨。")


def test_header_names_are_matched_without_surrounding_spaces(tmp_path):
    path = write_csv(tmp_path, [[" province ", "full_text "], ["北京市", "正文。"]])
    assert load_path(path)[0].region == "北京市"
