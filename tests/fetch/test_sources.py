"""sources.yaml: feeds, listings and sitemaps with region, source type and
schedule; every mistake named with the file, the source and the field."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from luoshi.errors import InputError
from luoshi.fetch import SourceKind, read_sources
from luoshi.fetch.sources import parse_schedule
from luoshi.source_types import SourceType

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_example_reads_and_names_the_three_sites():
    sources = read_sources(ROOT / "sources.example.yaml")
    hosts = {s.url.split("/")[2] for s in sources}
    assert {"www.nmg.gov.cn", "swt.nmg.gov.cn", "szb.northnews.cn"} <= hosts
    assert all(s.region == "内蒙古自治区" for s in sources)
    assert {s.kind for s in sources} >= {SourceKind.LISTING}


def test_defaults_apply_to_each_source_and_fields_are_checked(tmp_path):
    path = write(
        tmp_path,
        """
defaults:
  region: 内蒙古
  schedule: 12h
sources:
  - name: swt-tzgg
    kind: listing
    url: https://swt.nmg.gov.cn/zwgk/tzgg/
    link_pattern: '/t\\d{8}_\\d+\\.html$'
    page_url: index_{n}.html
    pages: 3
    source_type: 政府文件
    attachments: true
  - name: nmrb
    kind: feed
    url: http://szb.northnews.cn/nmgrb/html/{today:%Y-%m/%d}/node_2.htm
    schedule: 1d
""",
    )
    listing, feed = read_sources(path)
    assert (listing.region, listing.schedule, listing.source_type) == ("内蒙古自治区", timedelta(hours=12),
                                                                        SourceType.GOVERNMENT_DOCUMENT)  # fmt: skip
    assert listing.pages == 3 and listing.attachments and listing.link_pattern.search("/t20260512_1.html")
    assert feed.schedule == timedelta(days=1)
    assert feed.url_on(date(2026, 5, 9)) == "http://szb.northnews.cn/nmgrb/html/2026-05/09/node_2.htm"


F = "{name: a, kind: feed, url: 'https://x.cn/', "
L = "{name: a, kind: listing, url: 'https://x.cn/', "


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{name: a, kind: rss, url: 'https://x.cn/'}", "来源 a：kind 应为 feed、listing、sitemap 之一"),
        ("{name: a, kind: feed, url: 'ftp://x.cn/'}", "来源 a：url 'ftp://x.cn/' 不可用：只能抓取 http 或 https 网址"),
        ("{name: a, kind: listing, url: 'https://x.cn/'}", "来源 a：link_pattern 必须给出"),
        (L + "link_pattern: '('}", "来源 a：link_pattern 不是有效的正则表达式"),
        (F + "schedule: 1m}", "来源 a：schedule '1m' 太频繁：至少间隔 5m"),
        (F + "schedule: often}", "来源 a：schedule 'often' 应为间隔"),
        (F + "region: 火星}", "来源 a：region 不认识“火星”"),
        (F + "source_type: 传闻}", "来源 a：source_type '传闻' 不是可选的来源类型"),
        (F + "pages: 0}", "来源 a：pages 应为 1 到 50 的整数"),
        (F + "allow_private: yes please}", "来源 a：allow_private 应为 true 或 false"),
        (F + "colour: red}", "来源 a：colour 不是来源的字段"),
        ("{name: 'a b', kind: feed, url: 'https://x.cn/'}", "来源 a b：name 应为 1–64 个字母"),
    ],
)
def test_each_mistake_is_named_with_file_source_and_field(tmp_path, entry, message):
    path = write(tmp_path, f"sources:\n  - {entry}\n")
    with pytest.raises(InputError) as failed:
        read_sources(path)
    assert failed.value.source == str(path)
    assert failed.value.reason.startswith(message)


def test_two_sources_of_one_name_are_refused(tmp_path):
    path = write(tmp_path, "sources:\n  - {name: a, kind: feed, url: 'https://x.cn/a'}\n"
                           "  - {name: a, kind: feed, url: 'https://x.cn/b'}\n")  # fmt: skip
    with pytest.raises(InputError, match="来源名称 a 重复"):
        read_sources(path)


def test_schedules_read_as_intervals():
    assert parse_schedule("30m") == timedelta(minutes=30)
    assert parse_schedule("1d12h") == timedelta(days=1, hours=12)
    assert parse_schedule("2w") == timedelta(weeks=2)
    with pytest.raises(ValueError):
        parse_schedule("daily")
