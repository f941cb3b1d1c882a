"""The data behind the maps and the indicator charts: per region and year,
the target and the outcome used, each with the link to its source span."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from luoshi.extract.indicators import families
from luoshi.gazetteer import Gazetteer
from luoshi.track.board import Assessment
from luoshi.track.link import TrackIndex, preference
from luoshi.track.periods import split
from luoshi.track.status import Status
from luoshi.track.tables import figure_words
from luoshi.types import Statement
from luoshi.web.board_rows import DONE
from luoshi.web.links import statement_href

# The "12+2" view: two port cities reported beside the 12 leagues.
PORT_CITIES = {"150781": "满洲里市", "152501": "二连浩特市"}
_MEASURE_WORDS = {"growth_pct": "增速", "rate_pct": "", "level": "", "count": "", "pp_diff": "变化"}
NMG = "150000"


@cache
def _labels() -> dict[str, str]:
    found: dict[str, str] = {}
    for f in families():
        for measure, ident in f.ids.items():
            said = f.name.endswith(("涨幅", "增速", "增长", "率"))  # 居民消费价格涨幅 is already a rate of change
            found.setdefault(ident, f.name + ("" if said else _MEASURE_WORDS.get(measure, "")))
        if f.default:
            found.setdefault(f.default, f.name)
    return found


def indicator_label(indicator: str) -> str:
    """gdp_growth → 地区生产总值增速; other:口岸货运量 → 口岸货运量."""
    if indicator.startswith("other:"):
        return indicator[6:]
    return _labels().get(indicator, indicator)


# Indicators named only by their own words (other:…) offered for choosing
# across regions: those set by several regions, the most widely set few.
SHARED_BY = 3
OTHERS_OFFERED = 30


def indicators(index: TrackIndex) -> list[tuple[str, str, int]]:
    """(id, label, regions) of the indicators worth comparing across regions:
    the catalogue's, then the most widely set of the others; most widely set first.
    Only measurable ones: a numeral naming a programme (六个倍增计划) sets nothing to compare."""
    regions: dict[str, set[str]] = defaultdict(set)
    for (region, indicator, _, _), group in index.targets.items():
        if not all(t.in_name for t in group):
            regions[indicator].add(region)
    ranked = sorted(regions.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    others = [i for i, r in ranked if i.startswith("other:") and len(r) >= SHARED_BY][:OTHERS_OFFERED]
    kept = {i for i, _ in ranked if not i.startswith("other:")} | set(others)
    return [(i, indicator_label(i), len(r)) for i, r in ranked if i in kept]


def target_regions(index: TrackIndex) -> list[str]:
    """Regions with targets, provinces first, then by code."""
    gaz = Gazetteer.default()
    names = {region for region, _, _, _ in index.targets}

    def order(name: str) -> tuple[int, str]:
        r = gaz.by_name(name)
        if r is None or r.code is None:
            return (9, name)
        return ({"province": 0, "prefecture": 1}.get(r.level, 2), r.code)

    return sorted(names, key=order)


def region_choices(regions: list[str], chosen: str | None) -> list[str]:
    """What the region filter offers: provinces, the prefectures of the chosen
    region's province, and the places inside a chosen prefecture — thousands
    of counties in one list would help nobody."""
    gaz = Gazetteer.default()
    here = gaz.by_name(chosen) if chosen else None
    province = here.code[:2] if here and here.code else None
    prefecture = here.code[:4] if here and here.code and here.level != "province" else None

    def offered(name: str) -> bool:
        r = gaz.by_name(name)
        if r is None or r.code is None or r.level == "province" or name == chosen:
            return True
        if r.level == "prefecture":
            return r.code[:2] == province
        return prefecture is not None and r.code[:4] == prefecture

    return [name for name in regions if offered(name)]


def target_years(index: TrackIndex, region: str | None) -> list[str]:
    years = {year for r, _, _, year in index.targets if region is None or r == region}
    return sorted((y for y in years if y.isdigit()), reverse=True)


def _point(s: Statement, ids: Mapping[str, str]) -> dict[str, Any]:
    return {
        "value": s.value,
        "high": s.value_high,
        "text": figure_words(s),
        "quote": s.quote,
        "href": statement_href(s, ids),
    }


def series(index: TrackIndex, indicator: str, ids: Mapping[str, str]) -> dict[str, dict[str, dict[str, Any]]]:
    """{region: {year: {"target": point, "actual": point}}} for whole-year figures."""
    out: dict[str, dict[str, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
    for (region, ind, _, year), group in index.targets.items():
        whole = [t for t in group if ind == indicator and split(t.period)[1] is None]
        if whole:
            first = min(whole, key=lambda t: (t.doc, t.start))
            out[region][year]["target"] = _point(first, ids)
    for (region, ind, _, year), group in index.outcomes.items():
        if ind != indicator:
            continue
        whole = [s for s in group if s.period == year and not s.cumulative]
        if not whole:
            continue
        index.mark_preliminary(whole)
        best = min((index.evidence(s) for s in whole), key=preference)
        out[region][year]["actual"] = _point(best.statement, ids)
    return {r: dict(y) for r, y in out.items()}


def met_shares(board: Sequence[Assessment], level: str) -> dict[str, dict[str, Any]]:
    """Per province (``level`` province), per league of Inner Mongolia
    (prefecture) or per port city of the 12+2 view (port), by code: the
    trackable targets, those with data, those met, and the share met of
    all of them — a target without an outcome counts against the share, so
    4 met of 16 is 25 %, not the 100 % of the 4 with data. ``value`` is
    what the map colours: the share in per cent, or None (grey) where no
    target has an outcome yet; ``label`` says it in words."""
    gaz = Gazetteer.default()
    out: dict[str, dict[str, Any]] = {}
    for a in board:
        if not a.link.trackable:  # a numeral naming a programme sets nothing to meet
            continue
        r = gaz.by_name(a.target.region)
        if r is None or r.code is None:
            continue
        if level == "province":
            code = r.code[:2] + "0000"
        elif level == "port":
            if r.code not in PORT_CITIES:
                continue
            code = r.code
        elif r.code.startswith(NMG[:2]) and r.level != "province":
            code = r.code[:4] + "00"
        else:
            continue
        entry = out.setdefault(code, {"targets": 0, "with_data": 0, "met": 0})
        entry["targets"] += 1
        if a.status is not Status.NO_DATA:
            entry["with_data"] += 1
        if a.status in DONE:
            entry["met"] += 1
    for entry in out.values():
        entry["share"] = round(entry["met"] / entry["targets"], 3)
        entry["value"] = round(entry["share"] * 100, 1) if entry["with_data"] else None
        entry["label"] = share_label(entry["met"], entry["targets"], entry["with_data"])
    return out


def share_label(met: int, targets: int, with_data: int) -> str:
    """已完成 2 / 共 5 项（40%，3 项暂无实绩）."""
    waiting = targets - with_data
    said = f"{met / targets:.0%}" if with_data else "暂无实绩"
    if with_data and waiting:
        said += f"，{waiting} 项暂无实绩"
    return f"已完成 {met} / 共 {targets} 项（{said}）"
