"""China's administrative divisions down to county level, with GB/T 2260 codes.

The divisions are the rows of ``rules/data/regions.csv`` (built by
``scripts/build_regions.py``); the names by which they are found in text beyond
their full names are in ``rules/data/region_aliases.yaml``. The nation itself is
``NATION``: it has no code.

    >>> gz = Gazetteer.default()
    >>> gz.by_name("兴安").code
    '152200'
    >>> [(s, e, r.code) for s, e, r in gz.find("内蒙古自治区乌兰察布市")]
    [(0, 6, '150000'), (6, 11, '150900')]

Matching is leftmost-longest over the untouched text, so offsets index the string
the caller passed. A full county name shared by several counties (鼓楼区, 朝阳区)
is resolved from the names around it and dropped when they do not settle it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import ahocorasick_rs

from luoshi.errors import RulesError
from luoshi.rules import load_csv, load_yaml

LEVELS = ("country", "province", "prefecture", "county")
_RANK = {level: rank for rank, level in enumerate(LEVELS)}


@dataclass(frozen=True, slots=True)
class Region:
    """One administrative division, or the nation (``code`` None, level ``country``)."""

    code: str | None
    name: str
    level: str
    parent: str | None

    @property
    def province_code(self) -> str | None:
        """Code of the provincial-level division this region lies in (its own for a province)."""
        return None if self.code is None else self.code[:2] + "0000"


NATION = Region(code=None, name="全国", level="country", parent=None)


@dataclass(frozen=True, slots=True)
class _Entry:
    """What one surface form in the automaton stands for."""

    candidates: tuple[Region, ...]  # empty: a word that is not a region
    anchored: bool = False  # counts only right after the name of an ancestor
    # The one region it names whatever the text around, and that region's codes
    # and its province's, which settle the ambiguous mentions near it.
    sure: Region | None = None
    sure_codes: tuple[str, ...] = ()


def _entry(candidates: tuple[Region, ...], anchored: bool = False) -> _Entry:
    if len(candidates) != 1 or anchored:
        return _Entry(candidates, anchored)
    sure = candidates[0]
    return _Entry(candidates, anchored, sure, tuple(c for c in (sure.code, sure.province_code) if c))


class Gazetteer:
    """Look regions up by code or name, and find their mentions in text."""

    def __init__(self, regions: Iterable[Region], rules: Mapping[str, Any]) -> None:
        self._by_code: dict[str, Region] = {}
        for region in regions:
            if region.code is None or region.code in self._by_code:
                raise RulesError(f"regions: missing or duplicate code for {region.name}")
            self._by_code[region.code] = region
        self._entries = _surface_forms(self._by_code, rules)
        self._names: dict[str | None, tuple[str, ...]] | None = None  # by code, made when first asked
        # Stop-listed names stay valid for lookups; only find() must not see them.
        stop = set(rules.get("stop_names", ()))
        words = {surface: entry for surface, entry in self._entries.items() if surface not in stop}
        for word in rules.get("not_regions", ()):
            words.setdefault(word, _entry(()))
        # ahocorasick-rs matches leftmost-longest itself, on the text as it
        # is, and reports character offsets: one call per range, no hits to sort.
        self._words = tuple(words.values())
        self._automaton = ahocorasick_rs.AhoCorasick(list(words), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        """The gazetteer of the bundled data, built once per process."""
        regions = (_region_from_row(row) for row in load_csv("regions.csv"))
        return cls(regions, load_yaml("region_aliases.yaml"))

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Region]:
        return iter(self._by_code.values())

    def by_code(self, code: str) -> Region | None:
        """The region with this six-digit code, or None."""
        return self._by_code.get(code)

    def candidates(self, name: str) -> tuple[Region, ...]:
        """Every region that ``name`` (full name or accepted alias) may stand for, highest level first."""
        entry = self._entries.get(name.strip())
        return entry.candidates if entry else ()

    def by_name(self, name: str) -> Region | None:
        """The region named ``name``: the one of highest level when a province or prefecture
        shares it with lower ones (吉林), None when no region or several of that level do."""
        found = self.candidates(name)
        top = [r for r in found if r.level == found[0].level] if found else []
        return top[0] if len(top) == 1 else None

    def names_of(self, region: Region) -> tuple[str, ...]:
        """Every name ``by_name`` takes for ``region``: its full name, short
        forms and aliases, but no name it shares with another of its level."""
        if self._names is None:
            names: dict[str | None, list[str]] = {}
            for form in sorted(self._entries):
                found = self.by_name(form)
                if found is not None:
                    names.setdefault(found.code, []).append(form)
            self._names = {code: tuple(forms) for code, forms in names.items()}
        return self._names.get(region.code, ())

    def find(
        self, text: str, start: int = 0, end: int | None = None, *, context: Iterable[str] = ()
    ) -> list[tuple[int, int, Region]]:
        """Mentions of regions in ``text[start:end]`` as ``(start, end, region)``.

        Matches are leftmost-longest and do not overlap; offsets index ``text``.
        ``context`` gives codes of regions the caller knows the text is about (the
        document's province, say). With the unambiguous mentions in the range they
        decide between regions that share a name: which 朝阳区 is meant, and whether
        海南 is the province or 海南藏族自治州 in a text about 青海.
        """
        start, end, _ = slice(start, end).indices(len(text))
        raw = self._leftmost_longest(text, start, end)
        known = set(context)
        for _, _, entry in raw:
            known.update(entry.sure_codes)
        found: list[tuple[int, int, Region]] = []
        before: tuple[int, Region | None] = (-1, None)
        for s, e, entry in raw:
            region = entry.sure or _resolve(entry, before[1] if before[0] == s else None, known)
            if region is not None:
                found.append((s, e, region))
            before = (e, region)
        return found

    def _leftmost_longest(self, text: str, start: int, end: int) -> list[tuple[int, int, _Entry]]:
        """Non-overlapping hits in ``text[start:end]``, each the longest at the leftmost free position."""
        words = self._words
        found = self._automaton.find_matches_as_indexes(text[start:end])
        return [(start + s, start + e, words[i]) for i, s, e in found]


def _resolve(entry: _Entry, adjacent: Region | None, known: set[str]) -> Region | None:
    """The region a match stands for, or None when the text does not settle it."""
    found = entry.candidates
    if not found:  # a word listed as not a region
        return None
    if len(found) == 1 and not entry.anchored:
        return found[0]
    scores = [_support(region, adjacent, known) for region in found]
    if entry.anchored:
        return _unique_best(found, scores, minimum=3)
    top = [i for i, region in enumerate(found) if region.level == found[0].level]
    if len(top) > 1:
        return _unique_best(found, scores, minimum=1)
    # A short name shared across levels means the higher region unless only a lower
    # one has support: 海南 beside 海北 in a report of 青海 is the prefecture.
    if scores[0] == 0:
        return _unique_best(found, scores, minimum=1) or found[0]
    return found[0]


def _support(region: Region, adjacent: Region | None, known: set[str]) -> int:
    """How strongly the text around a match points at ``region``."""
    if adjacent is not None and adjacent.code in (region.parent, region.province_code):
        return 3
    if region.parent in known:
        return 2
    return 1 if region.province_code in known else 0


def _unique_best(regions: tuple[Region, ...], scores: list[int], minimum: int) -> Region | None:
    best = max(scores)
    return regions[scores.index(best)] if best >= minimum and scores.count(best) == 1 else None


def _region_from_row(row: Mapping[str, str]) -> Region:
    code, level, parent = row["code"], row["level"], row["parent_code"] or None
    if not (len(code) == 6 and code.isdigit()) or level not in _RANK or level == "country":
        raise RulesError(f"regions.csv: bad row {dict(row)}")
    return Region(code=code, name=row["name"], level=level, parent=parent)


def _surface_forms(regions: Mapping[str, Region], rules: Mapping[str, Any]) -> dict[str, _Entry]:
    """Every surface form with the regions it may name."""
    anchored_rules = rules.get("anchored") or {}
    anchored = set(anchored_rules.get("names", ()))
    names: dict[str, list[Region]] = {}
    for region in regions.values():
        if region.parent is not None and region.parent not in regions:
            raise RulesError(f"regions.csv: {region.code} {region.name} has unknown parent {region.parent}")
        for form in {region.name} | _short_forms(region, rules["short_names"]):
            names.setdefault(form, []).append(region)
        if region.level == "county" and len(region.name) <= int(anchored_rules.get("max_length", 0)):
            anchored.add(region.name)
    for alias, code in (rules.get("aliases") or {}).items():
        if str(code) not in regions:
            raise RulesError(f"region_aliases.yaml: alias {alias} names unknown code {code}")
        names.setdefault(alias, []).append(regions[str(code)])
    for form in rules.get("nation", ()):
        names[form] = [NATION]
    entries = {}
    for form, found in names.items():
        ordered = tuple(sorted(set(found), key=lambda r: (_RANK[r.level], r.code or "")))
        entries[form] = _entry(ordered, form in anchored and ordered[0].level == "county")
    return entries


def _short_forms(region: Region, rules: Mapping[str, Any]) -> set[str]:
    """Short names of a province or prefecture (内蒙古, 乌兰察布, 兴安, 延边, 延边州) and of
    a county-level city whose stem is long enough to be unmistakable (满洲里, 二连浩特)."""
    if region.level == "county":
        stem = region.name[:-1]
        long_enough = len(stem) >= int(rules.get("county_city_min_length", 99))
        return {stem} if region.name.endswith("市") and long_enough else set()
    if region.level not in ("province", "prefecture"):
        return set()
    suffixes = rules[f"{region.level}_suffixes"]
    suffix = next((s for s in suffixes if region.name.endswith(s)), None)
    if suffix is None:
        return set()
    stem = region.name[: -len(suffix)]
    forms = {stem}
    if suffix == "自治州":
        stem = _strip_ethnic(stem, rules["ethnic_groups"], rules["min_length"])
        forms = {form.format(short=stem) for form in rules["autonomous_prefecture_forms"]}
    return {form for form in forms if len(form) >= rules["min_length"]}


def _strip_ethnic(stem: str, groups: list[str], min_length: int) -> str:
    """延边朝鲜族 -> 延边, 巴音郭楞蒙古 -> 巴音郭楞, 黔南布依族苗族 -> 黔南."""
    by_length = sorted(groups, key=len, reverse=True)
    while True:
        # Without 族 only a name of two or more characters is stripped: 白, 水 or 土
        # at the end of a place name are part of it.
        marked = stem.endswith("族")
        rest = stem[:-1] if marked else stem
        group = next(
            (g for g in by_length if rest.endswith(g) and (marked or len(g) > 1) and len(rest) - len(g) >= min_length),
            None,
        )
        if group is None:
            return stem
        stem = rest[: -len(group)]
