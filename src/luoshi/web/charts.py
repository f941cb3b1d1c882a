"""The data behind the maps and the indicator charts: per region and year,
the target and the outcome used, each with the link to its source span."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from luoshi.extract.indicators import families
from luoshi.gazetteer import Gazetteer
from luoshi.progress_evidence import number_words
from luoshi.track.board import Assessment
from luoshi.track.figures import scale
from luoshi.track.link_index import TrackIndex
from luoshi.track.periods import split
from luoshi.track.ranking import preference
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
    """``ranked_indicators`` of the targets an index holds."""
    regions: dict[str, set[str]] = defaultdict(set)
    for (region, indicator, _, _), group in index.targets.items():
        if not all(t.in_name for t in group):
            regions[indicator].add(region)
    return ranked_indicators(regions)


def ranked_indicators(regions: Mapping[str, Collection[str]]) -> list[tuple[str, str, int]]:
    """(id, label, regions) of the indicators worth comparing across regions
    (``regions``: those setting each by a measurable target — a numeral
    naming a programme, 六个倍增计划, sets nothing to compare): the
    catalogue's, then the most widely set of the others; most widely set first."""
    ranked = sorted(regions.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    others = [i for i, r in ranked if i.startswith("other:") and len(r) >= SHARED_BY][:OTHERS_OFFERED]
    kept = {i for i, _ in ranked if not i.startswith("other:")} | set(others)
    return [(i, indicator_label(i), len(r)) for i, r in ranked if i in kept]


def target_regions(names: Iterable[str]) -> list[str]:
    """Regions (those with targets), provinces first, then by code."""
    gaz = Gazetteer.default()

    def order(name: str) -> tuple[int, str]:
        r = gaz.by_name(name)
        if r is None or r.code is None:
            return (9, name)
        return ({"province": 0, "prefecture": 1}.get(r.level, 2), r.code)

    return sorted(set(names), key=order)


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


# What a measure's value axis is called, before its unit: 增速（%）, 数值（亿吨）.
AXIS_WORDS = {"level": "数值", "count": "数量", "growth_pct": "增速", "rate_pct": "比率", "pp_diff": "变化"}
_SAID_AS_CHANGE = ("涨幅", "增速", "增长", "率", "变化")
KIND_WORDS = {"target": "目标", "actual": "实绩"}
KIND_COLOURS = {"target": "#0969da", "actual": "#1a7f37"}  # the same in every chart
Series = dict[str, dict[str, dict[str, Any]]]  # {region: {year: {"target"|"actual": point}}}


@dataclass
class _Family:
    """Figures of one measure in one unit family (吨: 万吨, 亿吨 …): one axis."""

    measure: str
    figures: list[tuple[str, str, str, Statement]] = field(default_factory=list)  # region, year, kind, figure

    def shown_unit(self) -> tuple[str, float | None]:
        """The unit its axis shows (the targets' most usual, else the figures'),
        and what one of it is in the family's base unit (None: no base known)."""
        targets = [s for _, _, kind, s in self.figures if kind == "target"]
        pool = targets or [s for *_, s in self.figures]
        unit = Counter(s.unit or "" for s in pool).most_common(1)[0][0]
        like = next(s for s in pool if (s.unit or "") == unit)
        return unit, (scale(like) if like.base_value is not None else None)


def series(index: TrackIndex, indicator: str, ids: Mapping[str, str]) -> list[dict[str, Any]]:
    """One indicator's whole-year targets and outcomes, by measure and unit
    family — a growth rate and a tonnage are never one series. Each group:
    its measure, the unit its values are given in (every figure converted:
    13200万吨 beside 1.3亿吨 is 1.32), its title and axis name, and
    ``series`` {region: {year: {"target": point, "actual": point}}}. Groups
    with targets first, then the fuller."""
    figures: list[tuple[str, str, str, Statement]] = []
    for (region, ind, _, year), group in index.targets.items():
        whole = [t for t in group if ind == indicator and split(t.period)[1] is None]
        if whole:
            figures.append((region, year, "target", min(whole, key=lambda t: (t.doc, t.start))))
    for (region, ind, _, year), group in index.outcomes.items():
        if ind != indicator:
            continue
        whole = [s for s in group if s.period == year and not s.cumulative]
        if not whole:
            continue
        figures.append((region, year, "actual", min((index.evidence(s) for s in whole), key=preference).statement))
    return figure_groups(indicator_label(indicator), figures, ids)


def figure_groups(
    label: str, figures: Iterable[tuple[str, str, str, Statement]], ids: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Figures of one indicator (region, year, target or actual, statement)
    in groups as ``series`` gives them: one per measure and unit family."""
    families: dict[tuple[str, str], _Family] = {}
    for region, year, kind, s in figures:
        family = (s.base_unit if s.base_value is not None else s.unit) or ""
        families.setdefault((str(s.measure), family), _Family(str(s.measure))).figures.append((region, year, kind, s))
    groups = [_group(label, f, ids) for f in families.values()]
    groups.sort(key=lambda g: (not g["targets"], -g["points"]))
    return groups


def _group(label: str, family: _Family, ids: Mapping[str, str]) -> dict[str, Any]:
    unit, unit_scale = family.shown_unit()
    out: Series = defaultdict(dict)
    for region, year, kind, s in family.figures:
        out[region].setdefault(year, {})[kind] = _point(s, unit, unit_scale, ids)
    said = label.endswith(_SAID_AS_CHANGE) or family.measure in ("level", "count", "rate_pct")
    word = AXIS_WORDS.get(family.measure, "数值")
    title = label + ("" if said else word)
    return {
        "measure": family.measure,
        "unit": unit,
        "title": f"{title}（{unit}）" if unit else title,
        "axis": f"{word}（{unit}）" if unit else word,
        "targets": sum(kind == "target" for _, _, kind, _ in family.figures),
        "points": len(family.figures),
        "series": dict(out),
    }


def _point(s: Statement, unit: str, unit_scale: float | None, ids: Mapping[str, str]) -> dict[str, Any]:
    """A figure in the group's unit (written as it was in ``text``)."""
    value, high = s.value, s.value_high
    if unit_scale and s.base_value is not None and (s.unit or "") != unit:
        value = s.base_value / unit_scale
        high = None if s.value_high is None else s.value_high * scale(s) / unit_scale
    return {
        "value": _tidy(value),
        "high": _tidy(high),
        "unit": unit,
        "text": figure_words(s),
        "quote": s.quote,
        "href": statement_href(s, ids),
    }


def _tidy(v: float | None) -> float | None:
    """Ten significant digits: 1.32, not the 1.3200000000000003 a unit change leaves."""
    return None if v is None else float(f"{v:.10g}")


def main_series(groups: list[dict[str, Any]]) -> tuple[Series, str]:
    """The series a single-valued view (a map) shows, and its unit: the first group's."""
    return (groups[0]["series"], groups[0]["unit"]) if groups else ({}, "")


def indicator_charts(groups: list[dict[str, Any]], region: str, period: str, order: list[str]) -> list[dict[str, Any]]:
    """ECharts options for the 指标 page, one small chart per group, each with
    a single value axis named with its unit: the years of ``region`` (lines)
    and the regions of ``period`` (bars, in ``order``). Each data item carries
    its unit, its link and a tooltip (``tip``); the page adds only behaviour."""
    years = sorted({y for g in groups for per in g["series"].values() for y in per if y.isdigit()})
    charts: list[dict[str, Any]] = []
    for i, g in enumerate(groups):
        own = g["series"].get(region, {})
        if any(own.get(y) for y in years):
            items = {k: [_item(own.get(y, {}).get(k), k, region, y) for y in years] for k in KIND_WORDS}
            charts.append(_chart(f"chart-years-{i}", "years", g, years, items))
        places = [r for r in order if g["series"].get(r, {}).get(period)]
        if places:
            items = {k: [_item(g["series"][r][period].get(k), k, r, period) for r in places] for k in KIND_WORDS}
            charts.append(_chart(f"chart-regions-{i}", "regions", g, places, items))
    return charts


def _item(point: dict[str, Any] | None, kind: str, region: str, year: str) -> dict[str, Any] | None:
    if point is None:
        return None
    shown = f"{number_words(point['value'])}{point['unit']}"
    said = "" if point["text"].replace(" ", "") == shown else f"（原文：{point['text']}）"
    tip = f"{KIND_WORDS[kind]} · {region} {year}年：{shown}{said}\n{point['quote']}"
    return {"value": point["value"], "unit": point["unit"], "href": point["href"], "tip": tip}


def _chart(
    ident: str, view: str, g: dict[str, Any], categories: list[str], items: dict[str, list[Any]]
) -> dict[str, Any]:
    value_axis: dict[str, Any] = {"type": "value", "name": g["axis"]}
    category_axis: dict[str, Any] = {"type": "category", "data": categories}
    series = [
        {"name": word, "type": "line" if view == "years" else "bar", "data": items[kind], "color": KIND_COLOURS[kind]}
        | ({"connectNulls": True, "symbolSize": 10} if view == "years" else {"barMaxWidth": 24})
        for kind, word in KIND_WORDS.items()
        if any(d is not None for d in items[kind])
    ]
    option: dict[str, Any] = {
        "animation": False,
        "legend": {"data": [s["name"] for s in series], "top": 0},
        "series": series,
    }
    if view == "years":
        value_axis |= {"scale": True, "nameTextStyle": {"align": "left"}}
        option |= {"xAxis": category_axis, "yAxis": value_axis, "grid": {"left": 60, "right": 30, "top": 50}}
        height = 300
    else:
        value_axis |= {"nameLocation": "middle", "nameGap": 28}
        category_axis |= {"inverse": True, "axisLabel": {"interval": 0}}
        option |= {
            "yAxis": category_axis,
            "xAxis": value_axis,
            "grid": {"left": 120, "right": 40, "top": 40, "bottom": 50},
        }
        height = max(260, len(categories) * 26 + 100)
    return {"id": ident, "view": view, "title": g["title"], "unit": g["unit"], "height": height, "option": option}


def met_shares(board: Iterable[tuple[str, Status]], level: str) -> dict[str, dict[str, Any]]:
    """Per province (``level`` province), per league of Inner Mongolia
    (prefecture) or per port city of the 12+2 view (port), by code, from
    the (region, status) of each trackable target: the targets, those with
    data, those met, and the share met of all of them — a target without
    an outcome counts against the share, so 4 met of 16 is 25 %, not the
    100 % of the 4 with data. ``value`` is what the map colours: the share
    in per cent, or None (grey) where no target has an outcome yet;
    ``label`` says it in words."""
    gaz = Gazetteer.default()
    out: dict[str, dict[str, Any]] = {}
    for region, status in board:
        r = gaz.by_name(region)
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
        if status is not Status.NO_DATA:
            entry["with_data"] += 1
        if status in DONE:
            entry["met"] += 1
    for entry in out.values():
        entry["share"] = round(entry["met"] / entry["targets"], 3)
        entry["value"] = round(entry["share"] * 100, 1) if entry["with_data"] else None
        entry["label"] = share_label(entry["met"], entry["targets"], entry["with_data"])
    return out


def statuses(board: Iterable[Assessment]) -> list[tuple[str, Status]]:
    """(region, status) of each target of a board that sets something to
    meet (a numeral naming a programme does not): what ``met_shares`` counts."""
    return [(a.target.region, a.status) for a in board if a.link.trackable]


def share_label(met: int, targets: int, with_data: int) -> str:
    """已完成 2 / 共 5 项（40%，3 项暂无实绩）."""
    waiting = targets - with_data
    said = f"{met / targets:.0%}" if with_data else "暂无实绩"
    if with_data and waiting:
        said += f"，{waiting} 项暂无实绩"
    return f"已完成 {met} / 共 {targets} 项（{said}）"
