"""Which place a document is about, as a whole.

A league's report, a banner's plan or a city's news item is about that
place even when it names its province more often: the title says so
(《巴林右旗2025年国民经济和社会发展计划》), or the body that issued it
(来源：包头市人民政府), or the news dateline (新华社满洲里12月5日电). Only
when none of those names a place does the most-mentioned division decide,
at the level the text's own words (全旗, 全市, 全区) point to.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from luoshi.gazetteer import Gazetteer, Region
from luoshi.load.metadata import MAX_TITLE_CHARS
from luoshi.rules import load_yaml


@dataclass(frozen=True)
class _Header:
    chars: int
    dateline: re.Pattern[str]
    issuer: re.Pattern[str]
    signature: re.Pattern[str]
    level_words: dict[str, tuple[str, ...]]


@cache
def _header() -> _Header:
    d = load_yaml("regions_context.yaml")
    doc, refs = d["document"], d["self_references"]
    return _Header(
        chars=int(doc["header_chars"]),
        dateline=re.compile(doc["dateline"]),
        issuer=re.compile(doc["issuer"]),
        signature=re.compile(doc["signature"]),
        level_words={
            # 全区 and 自治区 count for the province here: a district's own text says 全区 too, but names itself.
            "province": tuple(refs["province"] + refs["district_or_province"] + refs["province_only_in_own_documents"]),
            "prefecture": tuple(refs["prefecture"]),
            "county": tuple(refs["county"]),
        },
    )


def document_region(
    text: str,
    title: str | None,
    declared: Region | None,
    mentions: Sequence[tuple[int, int, Region]],
    gazetteer: Gazetteer,
) -> Region | None:
    """The region a document is about. ``mentions`` are the subject mentions
    of regions in ``text`` (start, end, region), in order."""
    claimed = _claimed(text, title, mentions, gazetteer)
    if declared is not None:
        # Metadata gives the province of a bulk export; the header may narrow it.
        return claimed if claimed is not None and within(claimed, declared) else declared
    return claimed or _most_mentioned(text, mentions, gazetteer)


def within(inner: Region, outer: Region) -> bool:
    """``inner`` is ``outer`` or lies inside it."""
    if inner.code is None or outer.code is None:
        return inner == outer
    if inner.code == outer.code:
        return True
    if outer.level == "province":
        return inner.province_code == outer.code
    return outer.level == "prefecture" and inner.parent == outer.code


def _claimed(
    text: str, title: str | None, mentions: Sequence[tuple[int, int, Region]], gazetteer: Gazetteer
) -> Region | None:
    """The place the title, issuing body or dateline names, in that order."""
    h = _header()
    head = text[: h.chars]
    span = _title_span(head, title)
    if span is not None:
        found = _narrowest([m for m in mentions if span[0] <= m[0] and m[1] <= span[1]])
    else:
        found = _narrowest(gazetteer.find(title or ""))
    if found is not None:
        return found
    issuer = h.issuer.search(head)
    signed = h.signature.search(text, max(0, len(text) - h.chars))
    for org in (issuer.group("org") if issuer else None, signed.group("org") if signed else None):
        found = _narrowest(gazetteer.find(org or "")[:1])
        if found is not None:
            return found
    dateline = h.dateline.search(head)
    if dateline is not None:
        found = _narrowest(gazetteer.find(dateline.group("place"))[:1])
        if found is not None and _reported_on(found, mentions):
            return _capital_speaks_for_province(found, gazetteer)
    return None


def _reported_on(place: Region, mentions: Sequence[tuple[int, int, Region]]) -> bool:
    """A dateline names where the news was filed; it is the news's place unless
    the text speaks more of another province (新华社北京电 on Inner Mongolia)."""
    provinces = Counter(r.province_code for _, _, r in mentions if r.province_code is not None)
    return not provinces or provinces.most_common(1)[0][0] == place.province_code


def title_line(text: str) -> str | None:
    """The first line of a text when it reads as a title (short, no 。)."""
    span = _title_span(text[: _header().chars], None)
    return text[span[0] : span[1]].strip() if span else None


def _title_span(head: str, title: str | None) -> tuple[int, int] | None:
    """Where the title stands in the text: the given title, else the first line."""
    if title:
        at = head.find(title)
        return (at, at + len(title)) if at >= 0 else None
    stripped = head.lstrip()
    if not stripped:
        return None
    start = len(head) - len(stripped)
    end = head.find("\n", start)
    if end < 0 or end - start > MAX_TITLE_CHARS or "。" in head[start:end]:
        return None  # prose, not a title line
    return start, end


def _narrowest(found: Sequence[tuple[int, int, Region]]) -> Region | None:
    """The first region named, narrowed by each later one that lies inside it
    (内蒙古赤峰市巴林右旗 → 巴林右旗)."""
    best: Region | None = None
    for _, _, region in found:
        if region.code is None:
            continue
        if best is None:
            best = region
        elif within(region, best):
            best = region
    return best


def _capital_speaks_for_province(region: Region, gazetteer: Gazetteer) -> Region:
    """GB/T 2260 numbers a province's capital XX01: its dateline is the province's."""
    if region.level == "prefecture" and region.code is not None and region.code.endswith("0100"):
        return gazetteer.by_code(region.province_code or "") or region
    return region


def _most_mentioned(text: str, mentions: Sequence[tuple[int, int, Region]], gazetteer: Gazetteer) -> Region | None:
    """The division named most often, at the level the text's own words
    (全旗/全县, 全市/全盟, else the province) point to."""
    words = _header().level_words
    use = {level: sum(text.count(w) for w in ws) for level, ws in words.items()}
    level = max(("county", "prefecture"), key=lambda lv: use[lv])
    if use[level] > use["province"]:
        counts = Counter(r for _, _, r in mentions if r.level == level)
        if counts:
            return counts.most_common(1)[0][0]
    provinces = Counter(r.province_code for _, _, r in mentions if r.province_code is not None)
    return gazetteer.by_code(provinces.most_common(1)[0][0]) if provinces else None
