"""地区: a region's share is of all its trackable targets — one without an
outcome counts against it — and a region whose targets have no outcome yet
is not coloured as done."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi.testclient import TestClient
from web_samples import IM

IM_CODE = "150000"


def _map_data(client: TestClient, **params: str) -> dict[str, Any]:
    page = client.get("/regions", params=params)
    assert page.status_code == 200, page.text
    found = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page.text, re.S)
    assert found is not None
    return json.loads(found.group(1))


def _board(client: TestClient, period: str) -> list[dict[str, Any]]:
    return client.get("/api/v1/targets", params={"region": IM, "period": period}).json()["items"]


def test_the_share_is_of_every_trackable_target_not_only_those_with_data(client: TestClient):
    items = [t for t in _board(client, "2025") if t["tracked"]]
    met = sum(t["status"] in ("met", "exceeded") for t in items)
    with_data = sum(t["status"] != "no_data" for t in items)
    assert 0 < met == with_data < len(items)  # the case the share of those with data showed as 100 %
    entry = _map_data(client, period="2025")["provinces"][IM_CODE]
    assert (entry["met"], entry["targets"], entry["with_data"]) == (met, len(items), with_data)
    assert entry["share"] == round(met / len(items), 3) and entry["value"] == round(100 * met / len(items), 1)
    waiting = len(items) - with_data
    assert entry["label"] == f"已完成 {met} / 共 {len(items)} 项（{met / len(items):.0%}，{waiting} 项暂无实绩）"


def test_a_numeral_naming_a_programme_is_left_out_of_the_share(client: TestClient):
    every = _board(client, "2025")
    assert any(not t["tracked"] for t in every)
    entry = _map_data(client, period="2025")["provinces"][IM_CODE]
    assert entry["targets"] == sum(t["tracked"] for t in every)


def test_a_region_with_targets_but_no_outcome_is_grey_not_green(client: TestClient):
    items = [t for t in _board(client, "2026") if t["tracked"]]
    assert items and all(t["status"] == "no_data" for t in items)
    entry = _map_data(client, period="2026")["provinces"][IM_CODE]
    assert entry["share"] == 0 and entry["value"] is None  # no colour on the share scale
    assert entry["label"] == f"已完成 0 / 共 {len(items)} 项（暂无实绩）"
