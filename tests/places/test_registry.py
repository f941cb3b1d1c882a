"""The registry's data: the 12 leagues with the gazetteer's codes, the two
cities beside them, 20 ports each in a real league and county, partners,
ids unique and in their kind's form."""

from __future__ import annotations

import csv

import pytest
from places_samples import SHARED

from luoshi.errors import RulesError
from luoshi.gazetteer import Gazetteer
from luoshi.places import Place, PlaceKind, Registry

REGISTRY = Registry.default()
REFERENCE = SHARED / "reference"


def test_the_twelve_leagues_carry_the_gazetteers_codes_and_names():
    leagues = REGISTRY.of_kind(PlaceKind.LEAGUE)
    assert len(leagues) == 12
    gz = Gazetteer.default()
    for league in leagues:
        region = gz.by_code(league.code or "")
        assert region is not None and region.name == league.name and region.parent == "150000"
        assert league.id == f"league:{league.code}"
    assert sum(int(league.fact("county_units") or 0) for league in leagues) == 103


def test_twelve_plus_two_adds_manzhouli_and_erenhot_after_the_leagues():
    units = REGISTRY.reporting_units()
    assert len(units) == 14
    assert [u.name for u in units[12:]] == ["满洲里市", "二连浩特市"]
    assert all("自治区计划单列市" in u.status and u.as_of for u in units[12:])


def test_twenty_ports_each_with_type_league_host_county_and_as_of_date():
    ports = REGISTRY.of_kind(PlaceKind.PORT)
    assert len(ports) == 20
    types = [p.fact("type") for p in ports]
    assert (types.count("railway"), types.count("road"), types.count("air")) == (2, 12, 6)
    for port in ports:
        league = REGISTRY.get(port.within or "")
        assert league is not None and league.kind is PlaceKind.LEAGUE
        assert port.code is not None and port.code.startswith((league.code or "")[:4])
        assert port.as_of == "2025-12"
    assert REGISTRY.get("port:manzhouli-rail").fact("counterpart_port") == "外贝加尔斯克"  # type: ignore[union-attr]


def test_ids_are_unique_and_each_kind_has_its_prefix():
    ids = [p.id for p in REGISTRY]
    assert len(ids) == len(set(ids))
    for p in REGISTRY:
        assert p.id.startswith(f"{p.kind.value}:")


def test_partners_are_the_other_provinces_beijings_districts_groupings_and_countries():
    partners = {p.id: p for p in REGISTRY.of_kind(PlaceKind.PARTNER)}
    assert "partner:150000" not in partners
    assert partners["partner:370000"].name == "山东省" and "山东" in partners["partner:370000"].aliases
    assert "京蒙协作" in partners["partner:110115"].labels
    assert partners["partner:northeast"].members == ("partner:210000", "partner:220000", "partner:230000")
    assert {"partner:russia", "partner:mongolia"} <= set(partners)
    # a region outside Inner Mongolia the data does not list is a partner on demand
    assert REGISTRY.get("partner:370100") == Place("partner:370100", PlaceKind.PARTNER, "济南市", code="370100",
                                                   within="partner:370000")  # fmt: skip
    assert REGISTRY.get("partner:152200") is None


def test_a_pairing_names_its_district_and_the_leagues_of_its_banners():
    (pairing,) = REGISTRY.pairings_of("partner:110115")
    assert pairing.programme == "京蒙协作" and pairing.as_of == "2024"
    assert pairing.places == ("league:150900", "league:152500")
    assert REGISTRY.pairings_of("league:150900") == [pairing]


def test_a_leagues_statements_roll_up_its_counties_codes():
    codes = REGISTRY.region_codes(REGISTRY.get("league:152200"))  # type: ignore[arg-type]
    assert codes[0] == "152200" and "152202" in codes and len(codes) == 7


def test_a_duplicate_id_is_refused_naming_it():
    place = Place("port:x", PlaceKind.PORT, "某口岸")
    with pytest.raises(RulesError, match="port:x"):
        Registry([place, place])


@pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"needs the reference data in {REFERENCE} (../shared)")
def test_the_registry_agrees_with_the_shared_reference():
    with (REFERENCE / "nmg_leagues.csv").open(encoding="utf-8") as fh:
        leagues = {row["code"]: row for row in csv.DictReader(fh)}
    assert {p.code: p.name for p in REGISTRY.of_kind(PlaceKind.LEAGUE)} == {c: r["name"] for c, r in leagues.items()}
    with (REFERENCE / "nmg_ports.csv").open(encoding="utf-8") as fh:
        ports = {row["name"]: row for row in csv.DictReader(fh)}
    ours = {p.name: p for p in REGISTRY.of_kind(PlaceKind.PORT)}
    assert set(ours) == set(ports)
    for name, row in ports.items():
        assert ours[name].code == row["host_county_code"]
        assert (ours[name].fact("counterpart_port") or "") == row["counterpart_port"]
