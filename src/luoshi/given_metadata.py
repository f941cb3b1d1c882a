"""What an uploader says about a document — its region, publication date
and title — checked, and put in place of what the loader guessed from the
text. Each value is optional: one not given leaves the loader's guess."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from luoshi.clock import BEIJING
from luoshi.errors import InputError
from luoshi.gazetteer import Gazetteer, Region
from luoshi.load.metadata import parse_date
from luoshi.types import Document

MIN_TITLE_CHARS = 2
MAX_TITLE_CHARS = 200
EARLIEST = date(1949, 10, 1)  # no document the scoreboard tracks is older
FALLBACK_REGION = "内蒙古自治区"


@dataclass(frozen=True, slots=True)
class GivenMetadata:
    """Checked values; None: not given, the loader's guess stands."""

    region: str | None = None
    published: date | None = None
    title: str | None = None

    def applied(self, doc: Document) -> Document:
        """``doc`` with the given values in place of the loader's."""
        return replace(
            doc,
            region=doc.region if self.region is None else self.region,
            published=doc.published if self.published is None else self.published,
            title=doc.title if self.title is None else self.title,
        )

    @property
    def empty(self) -> bool:
        return self.region is None and self.published is None and self.title is None


def given_metadata(
    region: str | None = None, published: str | None = None, title: str | None = None, today: date | None = None
) -> GivenMetadata:
    """Check what an uploader gave (blank: not given). InputError, in
    Chinese and naming the field, for a region the gazetteer does not know,
    a date that is no real date or lies more than a day ahead (of ``today``,
    in Beijing), or a title too short or too long."""
    return GivenMetadata(_region(region), _published(published, today), _title(title))


def _region(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    found = Gazetteer.default().by_name(text.strip())
    if found is None or found.code is None:
        raise InputError("地区", f"不认识“{text.strip()}”：应为行政区划的名称，如 内蒙古自治区、兴安盟、北京市")
    return found.name


def _published(text: str | None, today: date | None) -> date | None:
    if text is None or not text.strip():
        return None
    found = parse_date(text)
    if found is None:
        raise InputError("发布日期", f"“{text.strip()}”不是有效日期：应为 YYYY-MM-DD，如 2025-06-30")
    latest = (today or datetime.now(BEIJING).date()) + timedelta(days=1)
    if found > latest:
        raise InputError("发布日期", f"{found.isoformat()} 在将来：最晚为 {latest.isoformat()}")
    if found < EARLIEST:
        raise InputError("发布日期", f"{found.isoformat()} 太早：不早于 {EARLIEST.isoformat()}")
    return found


def _title(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    title = " ".join(text.split())
    if len(title) < MIN_TITLE_CHARS:
        raise InputError("标题", f"“{title}”太短：至少 {MIN_TITLE_CHARS} 个字")
    if len(title) > MAX_TITLE_CHARS:
        raise InputError("标题", f"太长（{len(title)} 个字）：最多 {MAX_TITLE_CHARS} 个字")
    return title


def main_region(regions: Iterable[str | None]) -> str:
    """The region named most often in ``regions`` (a store's targets' regions,
    say), for a form's default; FALLBACK_REGION when none is named."""
    counted = Counter(r for r in regions if r)
    return counted.most_common(1)[0][0] if counted else FALLBACK_REGION


def region_options(main: str) -> list[tuple[str, list[str]]]:
    """What a form's region select offers, grouped: the main region's
    province with its prefectures and counties, then the other provinces —
    a select of all 3,000 counties would help nobody."""
    gaz = Gazetteer.default()
    here = gaz.by_name(main)
    own = here.province_code if here is not None else None
    groups: list[tuple[str, list[str]]] = []
    if own is not None:
        # only names that stand for one place (新城区 is in several provinces: not offered)
        inside = [r for r in gaz if r.code and r.province_code == own and gaz.by_name(r.name) == r]
        province = gaz.by_code(own)
        groups.append((province.name if province else main, [r.name for r in sorted(inside, key=_code)]))
    provinces = sorted((r for r in gaz if r.level == "province" and r.code != own), key=_code)
    groups.append(("其他省级行政区" if groups else "省级行政区", [r.name for r in provinces]))
    return groups


def _code(r: Region) -> str:
    return r.code or ""
