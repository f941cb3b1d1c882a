"""Text and markdown files: one Document, exact text, title and header date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from luoshi.load import load_path
from luoshi.load.metadata import guess_title, header_date, parse_date

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seed" / "000_39f8f6a33f179f43.txt"


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed not found at {SEED}")
def test_seed_loads_as_its_exact_utf8_text():
    [document] = load_path(SEED)
    assert document.text == SEED.read_bytes().decode("utf-8")
    assert document.name == "000_39f8f6a33f179f43.txt"
    assert (document.source, document.loader) == (str(SEED), "text")
    assert document.title == "深化区域合作 拓展发展新空间"
    assert (document.region, document.published) == (None, None)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".TXT"])
def test_text_and_markdown_load_the_same_way(tmp_path, suffix):
    path = tmp_path / f"note{suffix}"
    path.write_text("全年口岸货运量1.3亿吨。\n", encoding="utf-8")
    [document] = load_path(str(path))
    assert (document.name, document.text, document.loader) == (path.name, "全年口岸货运量1.3亿吨。\n", "text")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("\n\n## 深化区域合作 拓展发展新空间 ##\n\n正文。", "深化区域合作 拓展发展新空间"),
        ("导语一句。\n# 标题在后\n正文。", "标题在后"),
        ("下载\n打印\n】\n2026年北京市政府工作报告\n各位代表：", "2026年北京市政府工作报告"),
        ("  兴安盟区域合作成果  \n正文。", "兴安盟区域合作成果"),
        ("这是一段很长的正文，" * 10 + "\n第二行", None),
        ("## 本期导读\n\n⇒ 4版\n", None),
    ],
)
def test_title_is_the_first_heading_or_short_first_line_outside_furniture(tmp_path, text, title):
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    assert load_path(path)[0].title == title


def test_guess_title_without_skip_takes_the_first_line():
    assert guess_title("下载\n正文") == "下载"


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("来源：内蒙古日报\n时间：2026-02-12\n正文。", date(2026, 2, 12)),
        ("发布时间：2026/2/9\n正文。", date(2026, 2, 9)),
        ("【发布日期：2026年2月9日】\n正文。", date(2026, 2, 9)),
        ("发表时间：\n2026-02-09 09:45:30\n来源：\n宁夏日报客户端", date(2026, 2, 9)),
        ("正文提到时间：2026-02-12的会议。", None),
        ("会议时间：2026-02-12", None),
        ("x" * 1000 + "\n时间：2026-02-12", None),
        ("时间：2026-13-45", None),
    ],
)
def test_published_comes_only_from_a_header_line_near_the_top(tmp_path, text, published):
    assert header_date(text) == published
    path = tmp_path / "page.txt"
    path.write_text(text + "\n", encoding="utf-8")
    assert load_path(path)[0].published == published


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("2026-02-12", date(2026, 2, 12)),
        (" 2026/02/12 ", date(2026, 2, 12)),
        ("2026年2月3日", date(2026, 2, 3)),
        ("2026-02-12T08:00:00", date(2026, 2, 12)),
        ("2026.02.12", None),
        ("2026-02", None),
        ("12/02/2026", None),
        (None, None),
    ],
)
def test_parse_date(value, parsed):
    assert parse_date(value) == parsed


def test_a_date_label_after_a_source_label_on_one_line_dates_the_text(tmp_path):
    from luoshi.load import load_path

    path = tmp_path / "news.txt"
    path.write_text("粤桂协作再上新台阶\n\n来源：南方日报　发布时间：2025-11-22 07:30\n\n正文。\n", encoding="utf-8")
    [doc] = load_path(path)
    assert str(doc.published) == "2025-11-22"
