"""指标: the chart options the page embeds put one measure in one unit on
each value axis, named with that unit — 口岸货运量's 14.5 % growth and its
1.234亿吨 never share an axis — with figures of one unit family converted
to one unit (9.5万亿元 beside 2206亿元 is 95000亿元) and tooltips naming
units. (The 地区 map's indicator colours use the same figures.)"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi.testclient import TestClient
from web_samples import IM

UNIT_IN_NAME = re.compile(r"（(.+)）$")


def _charts(client: TestClient, **params: str) -> list[dict[str, Any]]:
    page = client.get("/indicators", params=params)
    assert page.status_code == 200, page.text
    found = re.search(r'<script type="application/json" id="indicator-data">(.*?)</script>', page.text, re.S)
    assert found is not None
    charts: list[dict[str, Any]] = json.loads(found.group(1))["charts"]
    for c in charts:  # every chart drawn has its place and caption on the page
        assert f'id="{c["id"]}"' in page.text and f"<figcaption>{c['title']}</figcaption>" in page.text
    return charts


def _value_axes(chart: dict[str, Any]) -> list[dict[str, Any]]:
    option = chart["option"]
    axes = [a for key in ("xAxis", "yAxis") for a in (option[key] if isinstance(option[key], list) else [option[key]])]
    return [a for a in axes if a["type"] == "value"]


def _items(chart: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for s in chart["option"]["series"] for d in s["data"] if d is not None]


def test_a_growth_rate_and_a_tonnage_never_share_an_axis(client: TestClient):
    charts = _charts(client, indicator="port_freight_volume", region=IM, period="2024")
    where = {(d["value"], d["unit"]): c["id"] for c in charts for d in _items(c)}
    assert (14.5, "%") in where and (1.234, "亿吨") in where
    assert where[(14.5, "%")] != where[(1.234, "亿吨")]
    for c in charts:
        [axis] = _value_axes(c)  # one value axis per chart
        assert {d["unit"] for d in _items(c)} == {c["unit"]}, c["id"]
        assert all("yAxisIndex" not in s and "xAxisIndex" not in s for s in c["option"]["series"])


def test_every_value_axis_is_named_with_its_unit(client: TestClient):
    for indicator in ("port_freight_volume", "gdp_growth", "urban_new_jobs", "foreign_trade_value"):
        charts = _charts(client, indicator=indicator)
        assert charts, indicator
        for c in charts:
            [axis] = _value_axes(c)
            unit = UNIT_IN_NAME.search(axis["name"])
            assert unit is not None and unit.group(1) == c["unit"] != "", (indicator, axis["name"])
            assert c["title"].endswith(f"（{c['unit']}）")
    growth = _charts(client, indicator="gdp_growth")
    assert {_value_axes(c)[0]["name"] for c in growth} == {"增速（%）"}


def test_figures_of_one_unit_family_are_converted_to_one_unit(client: TestClient):
    charts = _charts(client, indicator="foreign_trade_value", period="2025")
    [regions] = [c for c in charts if c["view"] == "regions"]
    assert regions["unit"] == "亿元"
    places = regions["option"]["yAxis"]["data"]
    values = dict(zip(places, [d and d["value"] for d in regions["option"]["series"][0]["data"]], strict=True))
    assert values == {IM: 2206.0, "广东省": 95000.0}  # 9.5万亿元 in 亿元
    [guangdong] = [d for d in _items(regions) if d["value"] == 95000.0]
    assert "95000亿元（原文：9.5万亿元）" in guangdong["tip"]


def test_every_tooltip_names_its_unit_and_quotes_its_source(client: TestClient):
    for indicator in ("port_freight_volume", "gdp_growth"):
        for c in _charts(client, indicator=indicator):
            for d in _items(c):
                first, quote = d["tip"].split("\n", 1)
                assert first.endswith(d["unit"]) or f"{d['unit']}（原文：" in first, d["tip"]
                assert quote and d["href"].startswith("/documents/")


def test_the_map_of_an_indicator_colours_figures_in_one_unit(client: TestClient):
    page = client.get("/regions", params={"indicator": "foreign_trade_value", "period": "2025", "kind": "actual"})
    found = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page.text, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    assert data["unit"] == "亿元"
    assert data["provinces"]["440000"]["value"] == 95000.0 and data["provinces"]["150000"]["value"] == 2206.0
