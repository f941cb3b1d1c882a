"""The registry of places and partners: the 12 leagues and cities, the two
cities reported beside them ("12+2"), the 20 open ports, and the partner
regions of Inner Mongolia's cooperation programmes, read from
``rules/data/places.yaml`` and ``rules/data/ports.csv`` by one validating
loader.

    >>> reg = Registry.default()
    >>> reg.get("league:152200").name
    '兴安盟'
    >>> [p.id for p in reg.ports_in("city:150781")]
    ['port:manzhouli-rail', 'port:manzhouli-road', 'port:manzhouli-air']

Every province-level region but Inner Mongolia is a partner, and so is any
region outside it: ``get("partner:370100")`` makes 济南市's entry from the
gazetteer on demand. Organisations are not listed: their entries are made
from the parties of events (``luoshi.places.parties``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from luoshi.errors import RulesError
from luoshi.gazetteer import Gazetteer, Region

HOME_PROVINCE = "150000"  # Inner Mongolia: its regions are leagues and cities, not partners
PORT_TYPES = {"railway": "铁路", "road": "公路", "air": "航空"}


class PlaceKind(StrEnum):
    LEAGUE = "league"  # one of the 12 leagues and cities
    CITY = "city"  # 满洲里市, 二连浩特市: reported beside the 12
    PORT = "port"
    PARTNER = "partner"  # a region outside Inner Mongolia, a grouping of them, a country
    ORG = "org"  # a company, chamber of commerce or park named as a party


@dataclass(frozen=True, slots=True)
class Place:
    """One entry of the registry."""

    id: str
    kind: PlaceKind
    name: str
    aliases: tuple[str, ...] = ()  # other names it goes by in text, its name not included
    code: str | None = None  # GB/T 2260: its own, or a port's host county's
    within: str | None = None  # id of the entry it lies in: a city's or port's league
    facts: tuple[tuple[str, str], ...] = ()  # what its kind records: a port's type, facing country…
    status: tuple[str, ...] = ()  # a city's standing (自治区计划单列市 …)
    members: tuple[str, ...] = ()  # a grouping's member partners
    as_of: str | None = None  # the date its facts hold as of, where they change
    source: str | None = None
    labels: tuple[str, ...] = field(default=())  # the programmes it takes part in (京蒙协作)

    def fact(self, key: str) -> str | None:
        return next((v for k, v in self.facts if k == key), None)

    @property
    def names(self) -> tuple[str, ...]:
        """Its name and aliases."""
        return (self.name, *self.aliases)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "kind": self.kind.value, "name": self.name, "aliases": list(self.aliases)}
        for key in ("code", "within", "as_of", "source"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.facts:
            out["facts"] = dict(self.facts)
        for key in ("status", "members", "labels"):
            if getattr(self, key):
                out[key] = list(getattr(self, key))
        return out


@dataclass(frozen=True, slots=True)
class Pairing:
    """A partner paired with places of Inner Mongolia under a programme."""

    programme: str
    partner: str  # partner id
    places: tuple[str, ...]  # league ids
    counties: tuple[str, ...]  # GB/T 2260 codes of the banners paired, where the pairing names them
    as_of: str
    source: str


class Registry:
    """Look places up by id, kind and name."""

    def __init__(
        self,
        places: Iterable[Place],
        pairings: Iterable[Pairing] = (),
        groups: Mapping[str, tuple[str, ...]] | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()
        self._by_id: dict[str, Place] = {}
        for place in places:
            if place.id in self._by_id:
                raise RulesError(f"places: duplicate id {place.id}")
            self._by_id[place.id] = place
        self.pairings = tuple(pairings)
        # names standing for several entries at once (满洲里口岸, 俄蒙)
        self.groups: dict[str, tuple[str, ...]] = dict(groups or {})
        for name, ids in self.groups.items():
            missing = [i for i in ids if i not in self._by_id]
            if missing or not ids:
                raise RulesError(f"places: {name} names unknown entries {missing}")

    @classmethod
    @cache
    def default(cls) -> Registry:
        """The registry of the bundled data, built once per process."""
        from luoshi.places.loader import load_registry

        return load_registry()

    def __iter__(self) -> Iterator[Place]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, place_id: str) -> Place | None:
        """The entry with this id; a region outside Inner Mongolia by its code
        (``partner:370100``) even when the data does not list it."""
        found = self._by_id.get(place_id)
        if found is None and place_id.startswith("partner:"):
            region = self.gazetteer.by_code(place_id.removeprefix("partner:"))
            if region is not None and region.province_code != HOME_PROVINCE:
                return self.partner_of(region)
        return found

    def of_kind(self, kind: PlaceKind | str) -> list[Place]:
        wanted = PlaceKind(kind)
        return [p for p in self._by_id.values() if p.kind is wanted]

    def reporting_units(self) -> list[Place]:
        """The "12+2": the 12 leagues and cities, then 满洲里 and 二连浩特."""
        return self.of_kind(PlaceKind.LEAGUE) + self.of_kind(PlaceKind.CITY)

    def ports_in(self, place_id: str) -> list[Place]:
        """The ports of a league, or hosted by a city."""
        place = self.get(place_id)
        if place is None:
            return []
        ports = self.of_kind(PlaceKind.PORT)
        if place.kind is PlaceKind.CITY:
            return [p for p in ports if p.code == place.code]
        return [p for p in ports if p.within == place.id]

    def for_region(self, region: Region) -> Place | None:
        """The entry a gazetteer region is: a league, one of the two cities,
        a partner; a county of a league is its league."""
        if region.code is None:
            return None
        if region.province_code == HOME_PROVINCE:
            found = self._by_id.get(f"city:{region.code}") or self._by_id.get(f"league:{region.code}")
            if found is None and region.parent is not None:
                found = self._by_id.get(f"league:{region.parent}")
            return found
        return self.get(f"partner:{region.code}")

    def partner_of(self, region: Region) -> Place:
        """A region outside Inner Mongolia as a partner entry."""
        listed = self._by_id.get(f"partner:{region.code}")
        if listed is not None:
            return listed
        within = None
        if region.parent is not None:
            within = f"partner:{region.parent}"
        return Place(id=f"partner:{region.code}", kind=PlaceKind.PARTNER, name=region.name, code=region.code,
                     within=within)  # fmt: skip

    def pairings_of(self, place_id: str) -> list[Pairing]:
        """The pairings a league or partner takes part in."""
        return [p for p in self.pairings if place_id == p.partner or place_id in p.places]

    def region_codes(self, place: Place) -> tuple[str, ...]:
        """The GB/T 2260 codes whose statements are about ``place``: a
        league's own and its counties' (a city's are its own)."""
        if place.code is None or place.kind is PlaceKind.PORT:
            return ()
        if place.kind is PlaceKind.LEAGUE:
            return (place.code, *(r.code for r in self.gazetteer if r.parent == place.code and r.code))
        return (place.code,)
