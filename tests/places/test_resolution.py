"""Names in sentences and in event parties, as registry entries."""

from __future__ import annotations

import pytest

from luoshi.places import PlaceFinder, resolve_party
from luoshi.places.parties import org_id
from luoshi.places.reading import lookup

FINDER = PlaceFinder.default()


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("兴安盟党政考察团赴山东考察对接", [("兴安盟", ["league:152200"]), ("山东", ["partner:370000"])]),
        ("今年1—11月，满洲里口岸进出口货运量完成1560万吨",
         [("满洲里口岸", ["port:manzhouli-rail", "port:manzhouli-road", "port:manzhouli-air"])]),
        ("经满洲里铁路口岸进出境中欧班列5100列", [("满洲里铁路口岸", ["port:manzhouli-rail"])]),
        ("经二连浩特铁路口岸进出境的中欧班列达到3100列", [("二连浩特铁路口岸", ["port:erenhot-rail"])]),
        ("满洲里市有关负责人介绍", [("满洲里市", ["city:150781"])]),
        ("北京市大兴区与察哈尔右翼前旗签订协议", [("北京市大兴区", ["partner:110115"])]),
        ("京蒙协作结出的硕果之一", [("京蒙协作", ["partner:110000"])]),
        ("密切同京津冀、长三角和东三省等地区的合作",
         [("京津冀", ["partner:jingjinji"]), ("长三角", ["partner:yangtze-delta"]), ("东三省", ["partner:northeast"])]),
        ("全方位提高与俄蒙合作的广度深度", [("俄蒙", ["partner:russia", "partner:mongolia"])]),
        ("大兴安岭林区和呼伦贝尔草原", [("呼伦贝尔", ["league:150700"])]),  # 兴安岭 is no 兴安盟
        ("首府呼市提出", [("呼市", ["league:150100"])]),
    ],
)  # fmt: skip
def test_names_in_a_sentence_are_found_longest_first(sentence: str, found: list[tuple[str, list[str]]]):
    mentions = FINDER.find(sentence)
    assert [(m.text, [p.id for p in m.places]) for m in mentions] == found
    assert all(sentence[m.start : m.end] == m.text for m in mentions)


@pytest.mark.parametrize(
    ("party", "entry"),
    [
        ("兴安盟党政考察团", "league:152200"),
        ("兴安盟区域经济合作局", "league:152200"),
        ("山东省", "partner:370000"),
        ("山东", "partner:370000"),
        ("济南市", "partner:370100"),
        ("阿尔山市", "league:152200"),  # a county of a league counts as its league
        ("满洲里市", "city:150781"),
        ("北京市大兴区党政代表团", "partner:110115"),
        ("长三角地区企业", "partner:yangtze-delta"),
        ("华瑞面业公司", org_id("华瑞面业公司")),
        ("兴安农垦集团", org_id("兴安农垦集团")),
        ("满洲里市进出口商会", org_id("满洲里市进出口商会")),
        ("张文杰", None),
        ("内蒙古自治区", None),
    ],
)
def test_a_party_resolves_to_its_entry(party: str, entry: str | None):
    found = resolve_party(party)
    assert (found.id if found else None) == entry


def test_an_organisation_keeps_its_name_kind_and_the_place_it_opens_with():
    org = resolve_party("兴安农垦集团")
    assert org is not None and org.name == "兴安农垦集团" and org.within == "league:152200"
    assert org.fact("org_kind") == "company"
    assert resolve_party("满洲里市进出口商会").fact("org_kind") == "association"  # type: ignore[union-attr]
    assert org_id("兴安农垦集团") == org_id(" 兴安农垦集团 ")  # stable over runs and spacing


@pytest.mark.parametrize(
    ("ref", "entry"),
    [("league:152200", "league:152200"), ("兴安盟", "league:152200"), ("兴安", "league:152200"),
     ("152200", "league:152200"), ("150781", "city:150781"), ("满洲里口岸", None), ("山东", "partner:370000"),
     ("partner:370100", "partner:370100"), ("策克口岸", "port:ceke"), ("火星", None)],
)  # fmt: skip
def test_a_filter_names_a_place_by_id_name_or_code(ref: str, entry: str | None):
    found = lookup(ref)
    assert (found.id if found else None) == entry
