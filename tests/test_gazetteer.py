"""The gazetteer: bundled GB/T 2260 data, name lookups and mentions found in real text."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.gazetteer import NATION, Gazetteer, Region
from luoshi.rules import load_csv

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "corpus" / "seed" / "000_39f8f6a33f179f43.txt"
REPORTS = SHARED / "corpus" / "gwr2026"
LEAGUES = SHARED / "reference" / "nmg_leagues.csv"

needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"shared texts not found at {SHARED} (a folder beside the repository)"
)
csv.field_size_limit(1 << 30)


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer.default()


def report_text(province: str) -> str:
    path = REPORTS / f"2026_{province}_政府工作报告.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.DictReader(fh))["full_text"]


def mentions(gz: Gazetteer, text: str, **kw: object) -> list[tuple[str, str | None]]:
    return [(text[s:e], r.code) for s, e, r in gz.find(text, **kw)]  # type: ignore[arg-type]


# --- the data file ---------------------------------------------------------------------------


def test_regions_csv_codes_are_six_digits_unique_and_parents_exist() -> None:
    rows = load_csv("regions.csv")
    codes = [r["code"] for r in rows]
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) == len(set(codes))
    by_code = {r["code"]: r for r in rows}
    for row in rows:
        parent = row["parent_code"]
        if row["level"] == "province":
            assert parent == "" and row["code"].endswith("0000")
        elif row["level"] == "prefecture":
            assert by_code[parent]["level"] == "province", row
        else:
            assert row["level"] == "county", row
            assert by_code[parent]["level"] in ("prefecture", "province"), row
        assert not parent or parent[:2] == row["code"][:2], row


def test_regions_csv_covers_31_provinces_and_every_level() -> None:
    levels = Counter(r["level"] for r in load_csv("regions.csv"))
    assert levels["province"] == 31
    assert 330 <= levels["prefecture"] <= 340
    assert 2800 <= levels["county"] <= 2900


def test_regions_csv_has_no_placeholder_rows() -> None:
    names = {r["name"] for r in load_csv("regions.csv")}
    assert not names & {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "雄安新区"}


@pytest.mark.parametrize(
    ("code", "parent"),
    [
        ("110105", "110000"),  # 朝阳区: a municipality's districts hang on the municipality
        ("500157", "500000"),  # 两江新区, set up as a district in 2025
        ("419001", "410000"),  # 济源市, a county-level city directly under 河南
        ("469002", "460000"),  # 琼海市
        ("659001", "650000"),  # 石河子市
        ("150621", "150600"),  # 达拉特旗 in 鄂尔多斯市
    ],
)
def test_county_parent_is_its_prefecture_or_province(gz: Gazetteer, code: str, parent: str) -> None:
    region = gz.by_code(code)
    assert region is not None and region.parent == parent


@needs_shared
def test_inner_mongolia_leagues_match_the_shared_reference(gz: Gazetteer) -> None:
    with LEAGUES.open(encoding="utf-8-sig") as fh:
        reference = {r["code"]: (r["name"], int(r["county_units"])) for r in csv.DictReader(fh)}
    counties = Counter(r.parent for r in gz if r.level == "county")
    ours = {r.code: (r.name, counties[r.code]) for r in gz if r.level == "prefecture" and r.parent == "150000"}
    assert ours == reference
    assert len(ours) == 12 and sum(n for _, n in ours.values()) == 103


# --- lookups ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("内蒙古自治区", "150000"),
        ("内蒙古", "150000"),
        ("北京", "110000"),
        ("乌兰察布", "150900"),
        ("呼和浩特", "150100"),
        ("兴安", "152200"),
        ("兴安盟", "152200"),
        ("锡盟", "152500"),
        ("新疆", "650000"),
        ("广西", "450000"),
        ("宁夏", "640000"),
        ("延边", "222400"),
        ("延边州", "222400"),
        ("巴音郭楞", "652800"),
        ("克孜勒苏", "653000"),
        ("黔西南", "522300"),
        ("吉林", "220000"),  # the province before 吉林市
        ("海南", "460000"),  # the province before 海南藏族自治州
        ("海南州", "632500"),
        ("达拉特旗", "150621"),
        ("白银", "620400"),  # stop-listed in text, still a valid lookup
        (" 北京市 ", "110000"),
    ],
)
def test_by_name_accepts_full_and_short_names(gz: Gazetteer, name: str, code: str) -> None:
    region = gz.by_name(name)
    assert region is not None and region.code == code


@pytest.mark.parametrize("name", ["全国", "全国各地"])
def test_by_name_gives_the_nation(gz: Gazetteer, name: str) -> None:
    assert gz.by_name(name) == NATION == Region(code=None, name="全国", level="country", parent=None)
    assert NATION.province_code is None


@pytest.mark.parametrize("name", ["新城区", "朝阳区", "蒙东", "呼市", "京", "达拉特", "", "Beijing"])
def test_by_name_refuses_ambiguous_unknown_and_county_short_names(gz: Gazetteer, name: str) -> None:
    assert gz.by_name(name) is None


def test_candidates_lists_every_region_of_a_shared_name(gz: Gazetteer) -> None:
    assert {r.code for r in gz.candidates("朝阳区")} == {"110105", "220104"}
    assert [r.level for r in gz.candidates("吉林")] == ["province", "prefecture"]


def test_province_code_of_a_county(gz: Gazetteer) -> None:
    region = gz.by_code("150621")
    assert region is not None and region.province_code == "150000"


# --- mentions in text ------------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize(
    ("surface", "code"),
    [
        ("内蒙古", "150000"),
        ("乌兰察布市", "150900"),
        ("呼和浩特", "150100"),
        ("兴安盟", "152200"),
        ("乌海市", "150300"),
        ("鄂尔多斯市", "150600"),
        ("达拉特旗", "150621"),
        ("山东", "370000"),
        ("北京市", "110000"),
        ("全国", None),
    ],
)
def test_seed_mentions_carry_their_codes(gz: Gazetteer, surface: str, code: str | None) -> None:
    text = SEED.read_text(encoding="utf-8")
    assert (surface, code) in mentions(gz, text)


@needs_shared
def test_seed_finds_no_region_outside_the_expected_ones(gz: Gazetteer) -> None:
    text = SEED.read_text(encoding="utf-8")
    found = {code for _, code in mentions(gz, text)}
    assert found == {
        "150000",
        "150900",
        "150100",
        "152200",
        "150300",
        "150600",
        "150621",
        "370000",
        "110000",
        "220100",
        None,
    }


def provinces_31() -> list[dict[str, str]]:
    path = REPORTS / "provinces_31.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


@needs_shared
@pytest.mark.parametrize("entry", provinces_31(), ids=lambda entry: entry["province"])
def test_each_province_is_found_by_its_short_name_in_its_own_report(gz: Gazetteer, entry: dict[str, str]) -> None:
    province = gz.by_name(entry["province"])
    assert province is not None and province.level == "province"
    assert (entry["short_name"], province.code) in mentions(gz, report_text(entry["province"]))


@needs_shared
@pytest.mark.parametrize("province", ["内蒙古自治区", "青海省", "北京市", "广东省"])
def test_offsets_index_the_text_exactly(gz: Gazetteer, province: str) -> None:
    text = report_text(province)
    found = gz.find(text)
    assert found
    for s, e, region in found:
        assert region in gz.candidates(text[s:e])
    starts = [s for s, _, _ in found]
    assert starts == sorted(starts)
    assert all(e1 <= s2 for (_, e1, _), (s2, _, _) in zip(found, found[1:], strict=False))


@needs_shared
def test_a_range_is_searched_in_place(gz: Gazetteer) -> None:
    text = SEED.read_text(encoding="utf-8")
    start = text.index("鄂尔多斯市") - 3
    found = gz.find(text, start, start + 20)
    assert found and found[0][0] == start + 3 and found[0][2].code == "150600"
    assert all(start <= s and e <= start + 20 for s, e, _ in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("内蒙古自治区", [("内蒙古自治区", "150000")]),
        ("内蒙古自治区乌兰察布市", [("内蒙古自治区", "150000"), ("乌兰察布市", "150900")]),
        ("全国各地的客商", [("全国各地", None)]),
        ("北京市朝阳区", [("北京市", "110000"), ("朝阳区", "110105")]),
        ("长春市朝阳区", [("长春市", "220100"), ("朝阳区", "220104")]),
        ("朝阳区", []),  # two 朝阳区 and nothing to choose by
        ("菏泽市单县", [("菏泽市", "371700"), ("单县", "371722")]),
        ("国家级示范县", []),  # 范县 only after 濮阳
        ("省市和县三级联动", []),
        ("主动适应城市发展", []),
        ("孝感应城市", [("孝感", "420900"), ("应城市", "420981")]),
        ("美丽江苏", [("江苏", "320000")]),
        ("长治久安", []),
        ("小兴安岭林区", []),
        ("真金白银", []),
        ("太行山东北部", []),
        ("新区 开发区 高新区 城区 老城区改造 新城区建设 郊区 矿区", []),
        ("兴安盟和锡盟", [("兴安盟", "152200"), ("锡盟", "152500")]),
    ],
)
def test_find_on_phrases(gz: Gazetteer, text: str, expected: list[tuple[str, str | None]]) -> None:
    assert mentions(gz, text) == expected


@pytest.mark.parametrize(
    ("text", "context", "code"),
    [
        ("放大海南、海北区域发展优势", (), "632500"),  # 海北 puts 青海 in context
        ("借力海南自贸港政策", (), "460000"),
        ("借力海南自贸港政策", ("630000",), "632500"),  # told the text is about 青海
        ("吉林大地", ("220000",), "220000"),  # the province itself stays the province
    ],
)
def test_a_short_name_shared_across_levels_follows_its_context(
    gz: Gazetteer, text: str, context: tuple[str, ...], code: str
) -> None:
    found = gz.find(text, context=context)
    assert found[0][2].code == code


def test_context_settles_a_county_name_shared_by_two_counties(gz: Gazetteer) -> None:
    assert mentions(gz, "朝阳区", context=["110000"]) == [("朝阳区", "110105")]


# --- leftmost-longest against a brute-force search -------------------------------------------

TOY_REGIONS = [
    Region("150000", "内蒙古自治区", "province", None),
    Region("150100", "呼和浩特市", "prefecture", "150000"),
    Region("150200", "怀柔市", "prefecture", "150000"),  # 怀 is U+6000: a zero low byte
    Region("150201", "怀柔区", "county", "150200"),
    Region("150202", "柔区", "county", "150200"),
    Region("150203", "区市", "county", "150200"),
]
TOY_RULES = {
    "short_names": {
        "min_length": 2,
        "province_suffixes": ["自治区", "省", "市"],
        "prefecture_suffixes": ["市"],
        "autonomous_prefecture_forms": ["{short}"],
        "ethnic_groups": [],
    },
    "not_regions": ["蒙古包"],
}


def brute_force(words: set[str], text: str) -> list[tuple[int, int]]:
    spans, i, longest = [], 0, max(map(len, words))
    while i < len(text):
        for length in range(min(longest, len(text) - i), 0, -1):
            if text[i : i + length] in words:
                spans.append((i, i + length))
                i += length
                break
        else:
            i += 1
    return spans


TOY_WORDS = {
    "内蒙古自治区",
    "内蒙古",
    "呼和浩特市",
    "呼和浩特",
    "怀柔市",
    "怀柔",
    "怀柔区",
    "柔区",
    "区市",
    "蒙古包",
}
# Pieces of the names, a character outside the BMP and punctuation, to build texts from.
TOY_PIECES = ["内蒙古", "自治区", "呼和浩特", "市", "怀柔", "区", "蒙古包", "柔", "a", "𠀋", "，"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOY_PIECES), max_size=12))
def test_find_is_leftmost_longest(pieces: list[str]) -> None:
    toy = Gazetteer(TOY_REGIONS, TOY_RULES)
    text = "".join(pieces)
    expected = [(s, e) for s, e in brute_force(TOY_WORDS, text) if text[s:e] != "蒙古包"]
    assert [(s, e) for s, e, _ in toy.find(text)] == expected
