"""The vendored ECharts bundle and map boundaries of the web app (built by scripts/build_maps.py)."""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
STATIC = ROOT / "src" / "luoshi" / "web" / "static"
ECHARTS = STATIC / "vendor" / "echarts.min.js"
PROVINCES = STATIC / "maps" / "china_provinces.json"
LEAGUES = STATIC / "maps" / "nmg_leagues.json"
PORTS = STATIC / "maps" / "nmg_ports.json"
GAZETTEER = ROOT / "src" / "luoshi" / "rules" / "data" / "regions.csv"
REFERENCE_LEAGUES = SHARED / "reference" / "nmg_leagues.csv"

ECHARTS_VERSION = "6.1.0"
PAGE_BUDGET = 1_300_000  # bytes: echarts.min.js + both maps
CHINA_LON = (73.0, 136.0)
CHINA_LAT = (3.0, 54.0)


def _gazetteer() -> dict[str, dict[str, str]]:
    with GAZETTEER.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def _features(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    return data["features"]


def _by_code(features: list[dict]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for feature in features:
        found.setdefault(feature["properties"]["code"], []).append(feature)
    return found


def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon", geometry["type"]
    return geometry["coordinates"]


def test_echarts_is_the_umd_bundle_of_the_recorded_version() -> None:
    head = ECHARTS.read_text(encoding="utf-8")[:2000]
    assert "Licensed to the Apache Software Foundation" in head
    assert "typeof exports" in head and "define.amd" in head and ".echarts={}" in head
    text = ECHARTS.read_text(encoding="utf-8")
    assert f'version="{ECHARTS_VERSION}"' in text
    assert re.search(r"\bregisterMap\b", text)


def test_licences_and_sources_are_shipped() -> None:
    for name in ("ECHARTS_LICENSE", "ECHARTS_NOTICE", "MAPS_LICENSE", "MAPS_NOTICE"):
        assert (STATIC / "vendor" / name).stat().st_size > 0, name
    assert "Apache License" in (STATIC / "vendor" / "ECHARTS_LICENSE").read_text(encoding="utf-8")
    sources = (STATIC / "SOURCES.md").read_text(encoding="utf-8")
    for name in ("echarts.min.js", "china_provinces.json", "nmg_leagues.json", "nmg_ports.json", ECHARTS_VERSION):
        assert name in sources, name


def test_every_gazetteer_province_appears_once_with_its_full_name() -> None:
    provinces = {code: row["name"] for code, row in _gazetteer().items() if row["level"] == "province"}
    assert len(provinces) == 31
    found = _by_code(_features(PROVINCES))
    for code, name in provinces.items():
        assert len(found.get(code, [])) == 1, code
        feature = found[code][0]
        assert feature["properties"]["name"] == name
        assert feature.get("id", code) == code
    assert all(isinstance(code, str) and re.fullmatch(r"\d{6}", code) for code in found)
    assert all(len(features) == 1 for features in found.values())


@pytest.mark.real_texts  # the reference list of leagues is in ../shared
def test_the_twelve_leagues_appear_once_with_gazetteer_names() -> None:
    with REFERENCE_LEAGUES.open(encoding="utf-8", newline="") as handle:
        reference = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    assert len(reference) == 12
    gazetteer = _gazetteer()
    features = _features(LEAGUES)
    found = _by_code(features)
    assert len(features) == 12
    for code, name in reference.items():
        assert len(found.get(code, [])) == 1, code
        assert found[code][0]["properties"]["name"] == gazetteer[code]["name"] == name
        assert gazetteer[code]["parent_code"] == "150000"


def test_port_cities_lie_inside_inner_mongolia() -> None:
    points = [p for f in _features(LEAGUES) for poly in _polygons(f["geometry"]) for ring in poly for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    ports = json.loads(PORTS.read_text(encoding="utf-8"))
    assert {(p["code"], p["name"]) for p in ports} == {("150781", "满洲里市"), ("152501", "二连浩特市")}
    gazetteer = _gazetteer()
    for port in ports:
        assert gazetteer[port["code"]]["name"] == port["name"]
        assert min(lons) <= port["lon"] <= max(lons), port
        assert min(lats) <= port["lat"] <= max(lats), port


def test_page_budget() -> None:
    total = sum(path.stat().st_size for path in (ECHARTS, PROVINCES, LEAGUES))
    assert total < PAGE_BUDGET, total
    assert PROVINCES.stat().st_size < 300_000 and LEAGUES.stat().st_size < 300_000


@pytest.mark.parametrize("path", [PROVINCES, LEAGUES], ids=["provinces", "leagues"])
def test_geometries_are_valid_closed_polygons_in_china(path: Path) -> None:
    for feature in _features(path):
        assert feature["type"] == "Feature"
        polygons = _polygons(feature["geometry"])
        assert polygons, feature["properties"]["code"]
        for polygon in polygons:
            assert polygon, feature["properties"]["code"]
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1], feature["properties"]["code"]
                for point in ring:
                    assert len(point) == 2
                    lon, lat = point
                    assert math.isfinite(lon) and math.isfinite(lat)
                    assert CHINA_LON[0] <= lon <= CHINA_LON[1] and CHINA_LAT[0] <= lat <= CHINA_LAT[1], point
