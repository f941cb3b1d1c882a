"""Reads ``rules/data/places.yaml`` and ``rules/data/ports.csv`` into a
``Registry``, checking them against the gazetteer: every code a region's,
every league a port names one of the 12, every id once."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from luoshi.errors import RulesError
from luoshi.gazetteer import Gazetteer, Region
from luoshi.places.registry import HOME_PROVINCE, PORT_TYPES, Pairing, Place, PlaceKind, Registry
from luoshi.rules import load_csv, load_yaml

_PORT_FACTS = ("type", "host_county", "host_county_code", "facing_country", "counterpart_port", "note")


def load_registry(gazetteer: Gazetteer | None = None) -> Registry:
    gz = gazetteer or Gazetteer.default()
    data = load_yaml("places.yaml")
    try:
        places = [*_leagues(data["leagues"], gz), *_cities(data["cities"], gz)]
        places += [_port(row, gz) for row in load_csv("ports.csv")]
        partners = data["partners"]
        places += list(_partners(partners, gz))
        groups = {name: _ports_hosted(places, code) for name, code in data["port_groups"].items()}
        groups.update({name: tuple(ids) for name, ids in (partners.get("together") or {}).items()})
        pairings = [p for programme in partners["programmes"] for p in _pairings(programme, gz)]
    except (KeyError, TypeError, ValueError) as exc:
        raise RulesError(f"rules/data/places.yaml or ports.csv: malformed entry ({exc!r})") from exc
    return Registry(places, pairings, groups, gz)


def _region(gz: Gazetteer, code: Any, where: str) -> Region:
    region = gz.by_code(str(code))
    if region is None:
        raise RulesError(f"rules/data/{where}: code {code} is no region of the gazetteer")
    return region


def _named(gz: Gazetteer, code: Any, name: str, where: str) -> Region:
    region = _region(gz, code, where)
    if region.name != name:
        raise RulesError(f"rules/data/{where}: {code} is {region.name}, not {name}")
    return region


def _short_names(gz: Gazetteer, region: Region) -> tuple[str, ...]:
    """The names the gazetteer finds the region by besides its full name."""
    return tuple(sorted(n for n in gz.names_of(region) if n != region.name))


def _leagues(section: Mapping[str, Any], gz: Gazetteer) -> Iterator[Place]:
    for item in section["items"]:
        region = _named(gz, item["code"], item["name"], "places.yaml leagues")
        if region.parent != HOME_PROVINCE or region.level != "prefecture":
            raise RulesError(f"rules/data/places.yaml: {region.name} is not a league of Inner Mongolia")
        aliases = tuple(dict.fromkeys([*_short_names(gz, region), *item.get("aliases", ())]))
        facts = (("kind", str(item["kind"])), ("county_units", str(item["county_units"])))
        yield Place(f"league:{region.code}", PlaceKind.LEAGUE, region.name, aliases, region.code,
                    facts=facts, as_of=str(section["as_of"]), source=section["source"])  # fmt: skip


def _cities(section: Mapping[str, Any], gz: Gazetteer) -> Iterator[Place]:
    for item in section["items"]:
        region = _named(gz, item["code"], item["name"], "places.yaml cities")
        if region.parent != str(item["league"]):
            raise RulesError(f"rules/data/places.yaml: {region.name} does not lie in {item['league']}")
        yield Place(f"city:{region.code}", PlaceKind.CITY, region.name, _short_names(gz, region), region.code,
                    within=f"league:{item['league']}", status=tuple(item.get("status", ())),
                    as_of=str(section["as_of"]), source=section["source"])  # fmt: skip


def _port(row: Mapping[str, str], gz: Gazetteer) -> Place:
    host = _named(gz, row["host_county_code"], row["host_county"], "ports.csv")
    if host.parent != row["league_code"] or row["type"] not in PORT_TYPES or not row["id"].startswith("port:"):
        raise RulesError(f"rules/data/ports.csv: bad row for {row['name']}")
    aliases = tuple(a for a in dict.fromkeys(row["aliases"].split("|")) if a and a != row["name"])
    facts = tuple((k, row[k]) for k in _PORT_FACTS if row[k])
    return Place(row["id"], PlaceKind.PORT, row["name"], aliases, host.code, within=f"league:{row['league_code']}",
                 facts=facts, as_of=row["as_of"] or None, source="ports.csv")  # fmt: skip


def _ports_hosted(places: list[Place], code: Any) -> tuple[str, ...]:
    return tuple(p.id for p in places if p.kind is PlaceKind.PORT and p.code == str(code))


def _partners(section: Mapping[str, Any], gz: Gazetteer) -> Iterator[Place]:
    """Provinces but Inner Mongolia, the districts of programme partners,
    the groupings and the countries."""
    labels: dict[str, list[str]] = {}
    aliases: dict[str, list[str]] = {}
    for programme in section["programmes"]:
        partner = str(programme["partner"])
        _region(gz, partner, "places.yaml programmes")
        labels.setdefault(partner, []).append(programme["name"])
        aliases.setdefault(partner, []).extend([programme["name"], *programme.get("aliases", ())])
        for region in gz:
            if region.parent == partner:
                labels.setdefault(str(region.code), []).append(programme["name"])
    for region in gz:
        code = str(region.code)
        if region.level == "province" and code != HOME_PROVINCE or code in labels:
            names = [*_short_names(gz, region), *aliases.get(code, ())]
            parent = gz.by_code(region.parent) if region.parent else None
            if parent is not None:  # 北京市朝阳区: a district whose own name another shares
                names += [f"{p}{region.name}" for p in (parent.name, *_short_names(gz, parent))]
            yield Place(f"partner:{code}", PlaceKind.PARTNER, region.name, tuple(dict.fromkeys(names)), code,
                        within=None if region.parent is None else f"partner:{region.parent}",
                        labels=tuple(labels.get(code, ())))  # fmt: skip
    for item in section["groupings"]:
        members = tuple(f"partner:{_region(gz, c, 'places.yaml groupings').code}" for c in item["members"])
        yield Place(item["id"], PlaceKind.PARTNER, item["name"], tuple(item.get("aliases", ())), members=members)
    for item in section["countries"]:
        yield Place(item["id"], PlaceKind.PARTNER, item["name"], tuple(item.get("aliases", ())))


def _pairings(programme: Mapping[str, Any], gz: Gazetteer) -> Iterator[Pairing]:
    for item in programme.get("pairings", ()):
        district = _region(gz, item["district"], "places.yaml pairings")
        counties = tuple(_region(gz, c, "places.yaml pairings") for c in item["counties"])
        if any(c.province_code != HOME_PROVINCE for c in counties):
            raise RulesError(
                f"rules/data/places.yaml: a pairing of {district.name} names a county outside Inner Mongolia"
            )
        leagues = tuple(dict.fromkeys(f"league:{c.parent}" for c in counties))
        yield Pairing(programme["name"], f"partner:{district.code}", leagues, tuple(str(c.code) for c in counties),
                      str(item["as_of"]), item["source"])  # fmt: skip
