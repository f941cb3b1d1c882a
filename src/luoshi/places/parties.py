"""A party of an event, as the extractor wrote it (兴安盟党政考察团, 山东省,
华瑞面业公司), as an entry of the registry: a named place, a region, an
organisation, or a place's own body or delegation. The words that decide
are ``parties`` in ``rules/data/places.yaml``.

    >>> [resolve_party(n).id for n in ("兴安盟党政考察团", "山东省", "济南市")]
    ['league:152200', 'partner:370000', 'partner:370100']
    >>> org = resolve_party("华瑞面业公司")
    >>> org.kind.value, org.fact("org_kind")
    ('org', 'company')
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

from luoshi.places.finder import PlaceFinder
from luoshi.places.registry import Place, PlaceKind
from luoshi.rules import load_yaml


@dataclass(frozen=True, slots=True)
class _Words:
    org_kinds: tuple[tuple[str, tuple[str, ...]], ...]
    of_place: tuple[str, ...]
    generic: frozenset[str]


@cache
def _words() -> _Words:
    d = load_yaml("places.yaml")["parties"]
    kinds = tuple((kind, tuple(endings)) for kind, endings in d["org_kinds"].items())
    return _Words(kinds, tuple(d["of_place"]), frozenset(d["generic"]))


def org_id(name: str) -> str:
    """A stable id for an organisation by its name as written."""
    return "org:" + hashlib.sha256(name.strip().encode("utf-8")).hexdigest()[:12]


def org_kind(name: str) -> str | None:
    """company, association, park or institute, by how the name ends."""
    return next((kind for kind, endings in _words().org_kinds if name.endswith(endings)), None)


@cache
def resolve_party(name: str, finder: PlaceFinder | None = None) -> Place | None:
    """The entry a party stands for, or None where it names none we know."""
    finder = finder or PlaceFinder.default()
    name = name.strip()
    named = finder.named(name)
    if len(named) == 1:
        return named[0]
    registry = finder.registry
    region = registry.gazetteer.by_name(name)
    if region is not None:
        return registry.for_region(region)
    opening, rest = _opening(finder, name)
    if opening is not None and rest in _words().generic:
        return opening
    kind = org_kind(name)
    if kind is not None and len(name) > 2:
        within = opening.id if opening is not None and opening.kind is not PlaceKind.ORG else None
        return Place(org_id(name), PlaceKind.ORG, name, within=within, facts=(("org_kind", kind),))
    if opening is not None and name.endswith(_words().of_place):
        return opening
    return None


def _opening(finder: PlaceFinder, name: str) -> tuple[Place | None, str]:
    """The one place the name opens with (兴安盟 of 兴安盟区域经济合作局), else
    the one region (山东省 of 山东省商务厅) as an entry; and the rest of the name."""
    found = finder.find(name, 0, len(name))
    if found and found[0].start == 0 and len(found[0].places) == 1:
        return found[0].places[0], name[found[0].end :]
    regions = finder.registry.gazetteer.find(name)
    if regions and regions[0][0] == 0:
        return finder.registry.for_region(regions[0][2]), name[regions[0][1] :]
    return None, name
