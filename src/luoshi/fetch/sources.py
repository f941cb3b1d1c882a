"""Sources to follow, as configuration: ``sources.yaml`` (see
``sources.example.yaml`` and the README), or added by an admin on the web.

A source is one of

* ``feed``: an RSS or Atom feed; its items' links are fetched;
* ``listing``: a listing page (栏目页) whose links matching ``link_pattern``
  are fetched, over ``pages`` pages: the next page is ``page_url`` with
  ``{n}`` = 1, 2 … (``index_{n}.html`` on most government portals), else
  the link saying 下一页;
* ``sitemap``: a sitemap (or sitemap index), its URLs matching
  ``link_pattern`` when one is given;

with the region and source type of what it brings (统计数据, 政府文件,
新闻及其他…; ``luoshi.source_types``), how often to look (``schedule``:
``30m``, ``6h``, ``1d``, ``1w``), whether it may be on a private address
(``allow_private``), whether to fetch the PDF/DOCX/XLSX files its pages
link to (``attachments``), and at most how many new items a run takes
(``max_items``). A URL may hold ``{today:FORMAT}``, the day in Beijing
in strftime's FORMAT, for newspapers whose pages are by date
(``…/html/{today:%Y-%m/%d}/node_2.htm``).

Every problem is an InputError naming the file (or the web form), the
source and the field, in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from luoshi.clock import BEIJING
from luoshi.errors import InputError
from luoshi.fetch.safety import UnsafeAddress, check_url
from luoshi.given_metadata import given_metadata
from luoshi.source_types import SourceType, parse_source_type

DEFAULT_SCHEDULE = timedelta(hours=6)
SHORTEST_SCHEDULE = timedelta(minutes=5)
DEFAULT_MAX_ITEMS = 50
MOST_ITEMS = 1000
MOST_PAGES = 50
_NAME = re.compile(r"[\w.\-\u4e00-\u9fff]{1,64}")
_SCHEDULE = re.compile(r"(\d+)\s*([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_TODAY = re.compile(r"\{today:([^{}]*)\}")
_FIELDS = frozenset({"name", "kind", "url", "title", "region", "source_type", "schedule", "allow_private",
                     "link_pattern", "pages", "page_url", "max_items", "attachments", "recheck"})  # fmt: skip


class SourceKind(StrEnum):
    FEED = "feed"
    LISTING = "listing"
    SITEMAP = "sitemap"

    @property
    def label(self) -> str:
        return {"feed": "RSS/Atom 订阅", "listing": "栏目列表页", "sitemap": "网站地图"}[self.value]


@dataclass(frozen=True)
class Source:
    name: str
    kind: SourceKind
    url: str
    title: str | None = None  # what people call it (自治区政府 · 政府文件)
    region: str | None = None
    source_type: SourceType | None = None
    schedule: timedelta = DEFAULT_SCHEDULE
    allow_private: bool = False
    link_pattern: re.Pattern[str] | None = None
    pages: int = 1
    page_url: str | None = None  # the listing's page n, relative to url, with {n}
    max_items: int = DEFAULT_MAX_ITEMS
    attachments: bool = False
    recheck: bool = False  # fetch items fetched before again (conditionally)

    def url_on(self, day: date | None = None) -> str:
        """The URL with ``{today:…}`` filled in with ``day`` (Beijing's today)."""
        day = day or datetime.now(BEIJING).date()
        return _TODAY.sub(lambda m: day.strftime(m.group(1)), self.url)

    def as_dict(self) -> dict[str, Any]:
        """The source as sources.yaml writes it (and the store keeps a web-added one)."""
        out: dict[str, Any] = {"name": self.name, "kind": self.kind.value, "url": self.url}
        if self.title:
            out["title"] = self.title
        if self.region:
            out["region"] = self.region
        if self.source_type:
            out["source_type"] = self.source_type.value
        out["schedule"] = schedule_text(self.schedule)
        if self.link_pattern is not None:
            out["link_pattern"] = self.link_pattern.pattern
        for key, default in (("allow_private", False), ("pages", 1), ("page_url", None),
                             ("max_items", DEFAULT_MAX_ITEMS), ("attachments", False), ("recheck", False)):  # fmt: skip
            if getattr(self, key) != default:
                out[key] = getattr(self, key)
        return out


def schedule_text(every: timedelta) -> str:
    minutes = int(every.total_seconds() // 60)
    for unit, size in (("w", 7 * 24 * 60), ("d", 24 * 60), ("h", 60)):
        if minutes % size == 0:
            return f"{minutes // size}{unit}"
    return f"{minutes}m"


def read_sources(path: str | Path) -> list[Source]:
    """The sources of a sources.yaml; InputError naming the file and what is wrong."""
    where = str(path)
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(where, "没有这个来源配置文件") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(where, f"无法读取：{exc}") from None
    except yaml.YAMLError as exc:
        raise InputError(where, f"不是有效的 YAML：{' '.join(str(exc).split())}") from None
    return parse_sources(raw, where)


def parse_sources(raw: Any, where: str) -> list[Source]:
    if raw is None:
        return []
    if not isinstance(raw, Mapping) or not isinstance(raw.get("sources", []), list):
        raise InputError(where, "应有一个 sources: 列表")
    defaults = raw.get("defaults") or {}
    if not isinstance(defaults, Mapping):
        raise InputError(where, "defaults: 应为键值对")
    sources: list[Source] = []
    names: set[str] = set()
    for n, item in enumerate(raw.get("sources") or [], start=1):
        if not isinstance(item, Mapping):
            raise InputError(where, f"第 {n} 个来源应为键值对")
        source = source_from(dict(defaults) | dict(item), where, f"第 {n} 个来源")
        if source.name in names:
            raise InputError(where, f"来源名称 {source.name} 重复")
        names.add(source.name)
        sources.append(source)
    return sources


def source_from(item: Mapping[str, Any], where: str, which: str = "来源") -> Source:
    """One source from its fields (a sources.yaml entry, a web form);
    InputError naming ``where``, the source and the field."""
    name = str(item.get("name") or "").strip()
    label = f"来源 {name}" if name else which

    def bad(field: str, why: str) -> InputError:
        return InputError(where, f"{label}：{field} {why}")

    unknown = sorted(set(map(str, item)) - _FIELDS)
    if unknown:
        raise bad(unknown[0], f"不是来源的字段（可用：{'、'.join(sorted(_FIELDS))}）")
    if not _NAME.fullmatch(name):
        raise bad("name", "应为 1–64 个字母、数字、汉字、点、横线或下划线")
    try:
        kind = SourceKind(str(item.get("kind") or "").strip())
    except ValueError:
        raise bad("kind", f"应为 {'、'.join(k.value for k in SourceKind)} 之一") from None
    url = str(item.get("url") or "").strip()
    try:
        check_url(_TODAY.sub(lambda _: "today", url))
    except UnsafeAddress as exc:
        raise bad("url", f"{url!r} 不可用：{exc.reason}") from None
    pattern = _pattern(item.get("link_pattern"), bad)
    if kind is SourceKind.LISTING and pattern is None:
        raise bad("link_pattern", "必须给出：栏目页上哪些链接是文章（正则表达式，如 /t\\d{8}_\\d+\\.html$）")
    page_url = _text(item.get("page_url"))
    if page_url is not None and "{n}" not in page_url:
        raise bad("page_url", "应含 {n}（第几页，如 index_{n}.html）")
    return Source(
        name=name,
        kind=kind,
        url=url,
        title=_text(item.get("title")),
        region=_region(item.get("region"), bad),
        source_type=_source_type(item.get("source_type"), bad),
        schedule=_schedule(item.get("schedule"), bad),
        allow_private=_flag(item.get("allow_private"), "allow_private", bad),
        link_pattern=pattern,
        pages=_count(item.get("pages"), 1, MOST_PAGES, "pages", bad),
        page_url=page_url,
        max_items=_count(item.get("max_items"), DEFAULT_MAX_ITEMS, MOST_ITEMS, "max_items", bad),
        attachments=_flag(item.get("attachments"), "attachments", bad),
        recheck=_flag(item.get("recheck"), "recheck", bad),
    )


def parse_schedule(text: str) -> timedelta:
    """``30m``, ``6h``, ``1d``, ``1w`` (or several: ``1d12h``); ValueError else."""
    compact = text.strip().lower().replace(" ", "")
    if not compact or _SCHEDULE.sub("", compact):
        raise ValueError(text)
    total = timedelta()
    for amount, unit in _SCHEDULE.findall(compact):
        total += timedelta(**{_UNITS[unit]: int(amount)})
    return total


_Bad = Any  # (field, why) -> InputError


def _text(value: Any) -> str | None:
    return None if value is None or not str(value).strip() else str(value).strip()


def _pattern(value: Any, bad: _Bad) -> re.Pattern[str] | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return re.compile(text)
    except re.error as exc:
        raise bad("link_pattern", f"不是有效的正则表达式（{exc}）") from None


def _region(value: Any, bad: _Bad) -> str | None:
    try:
        return given_metadata(region=_text(value)).region
    except InputError as exc:
        raise bad("region", exc.reason) from None


def _source_type(value: Any, bad: _Bad) -> SourceType | None:
    text = _text(value)
    try:
        return None if text is None else parse_source_type(text)
    except InputError as exc:
        raise bad("source_type", exc.reason) from None


def _schedule(value: Any, bad: _Bad) -> timedelta:
    text = _text(value)
    if text is None:
        return DEFAULT_SCHEDULE
    try:
        every = parse_schedule(text)
    except ValueError:
        raise bad("schedule", f"{text!r} 应为间隔，如 30m、6h、1d、1w") from None
    if every < SHORTEST_SCHEDULE:
        raise bad("schedule", f"{text!r} 太频繁：至少间隔 {schedule_text(SHORTEST_SCHEDULE)}")
    return every


def _flag(value: Any, field: str, bad: _Bad) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    raise bad(field, "应为 true 或 false")


def _count(value: Any, default: int, most: int, field: str, bad: _Bad) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
        raise bad(field, f"应为 1 到 {most} 的整数")
    return value
