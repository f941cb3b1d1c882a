"""``luoshi places`` and ``luoshi events``, and /api/v1/places and
/api/v1/events, over the samples."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from places_samples import SAMPLES
from typer.testing import CliRunner

from luoshi.cli import app
from luoshi.store import open_store
from luoshi.web import create_app

RUN = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("places_cli") / "s.duckdb"
    result = RUN.invoke(app, ["ingest", str(SAMPLES), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return str(path)


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(open_store(db), warm=False)) as c:
        yield c


def test_places_lists_the_registry_by_kind_as_json_and_jsonl():
    ports = json.loads(RUN.invoke(app, ["places", "--kind", "port", "--format", "json"]).stdout)
    assert len(ports) == 20 and ports[0]["id"] == "port:manzhouli-rail"
    assert ports[0]["facts"]["facing_country"] == "俄罗斯" and ports[0]["as_of"] == "2025-12"
    lines = RUN.invoke(app, ["places", "--kind", "league", "--format", "jsonl"]).stdout.splitlines()
    assert [json.loads(line)["code"] for line in lines][:2] == ["150100", "150200"] and len(lines) == 12


def test_places_in_a_table_says_what_each_is_in_chinese():
    out = RUN.invoke(app, ["places", "--kind", "city", "--wide"]).stdout
    assert "计划单列市（2 个）" in out and "满洲里市" in out and "呼伦贝尔市" in out


def test_organisations_come_from_the_parties_of_the_stores_events(db: str):
    orgs = json.loads(RUN.invoke(app, ["places", "--kind", "org", "--db", db, "-f", "json"]).stdout)
    names = {o["name"] for o in orgs}
    assert {"兴安农垦集团", "华瑞面业公司", "宝来利来集团"} <= names
    assert all(o["id"].startswith("org:") for o in orgs)


def test_events_gives_date_kind_parties_place_and_sources(db: str):
    out = RUN.invoke(app, ["events", "--db", db, "--region", "兴安盟", "--kind", "visit", "-f", "jsonl"]).stdout
    (event,) = [json.loads(line) for line in out.splitlines()]
    assert event["date"] == "2025-02-07" and event["kind"] == "visit"
    assert event["place"]["id"] == "partner:370000"
    assert [p["id"] for p in event["parties"]][:2] == ["league:152200", "partner:370000"]
    assert {s["doc"] for s in event["sources"]} == {"nmg_cooperation_2025.md", "places_xingan_shandong.md"}


def test_events_in_a_table_and_the_messages_are_in_chinese(db: str):
    table = RUN.invoke(app, ["events", "--db", db, "--partner", "山东", "--wide"])
    assert "事件（2 件）" in table.stdout and "考察访问" in table.stdout
    unknown = RUN.invoke(app, ["events", "--db", db, "--region", "火星"])
    assert unknown.exit_code == 2 and "没有这个地方或合作方" in unknown.stderr
    bad_kind = RUN.invoke(app, ["events", "--db", db, "--kind", "party"])
    assert bad_kind.exit_code == 2 and "没有这种事件" in bad_kind.stderr
    none = RUN.invoke(app, ["events", "--db", db, "--period", "1999"])
    assert none.exit_code == 0 and "没有符合条件的事件" in none.stderr


def test_the_api_lists_places_and_events(client: TestClient):
    places = client.get("/api/v1/places", params={"kind": "league"}).json()
    assert places["total"] == 12
    events = client.get("/api/v1/events", params={"partner": "大兴区"}).json()
    assert events["total"] == 2
    source = events["items"][0]["sources"][0]
    assert source["href"].startswith(f"/documents/{source['doc_id']}?at={source['start']}-{source['end']}")
    assert client.get("/api/v1/events", params={"kind": "party"}).status_code == 422
    missing = client.get("/api/v1/events", params={"region": "火星"})
    assert missing.status_code == 404 and "火星" in missing.json()["error"]["message"]


def test_a_leagues_page_data_has_its_targets_with_status_events_partners_and_ports(client: TestClient):
    wuhai = client.get("/api/v1/places/league:150300").json()
    assert wuhai["name"] == "乌海市" and wuhai["statements"]["counts"]["target"] >= 6
    assert wuhai["targets"]["total"] >= 6 and all("status" in t for t in wuhai["targets"]["items"])
    xingan = client.get("/api/v1/places/league:152200").json()
    assert [p["id"] for p in xingan["ports"]] == ["port:arxan"]
    assert "partner:370000" in {p["id"] for p in xingan["partners"]}
    assert len(xingan["events"]) == 4


def test_a_ports_and_a_partners_page_data(client: TestClient):
    rail = client.get("/api/v1/places/port:manzhouli-rail").json()
    quotes = [s["quote"] for s in rail["statements"]["items"]]
    assert "经满洲里铁路口岸进出境中欧班列5100列" in quotes
    assert all(s["href"] for s in rail["statements"]["items"])
    daxing = client.get("/api/v1/places/partner:110115").json()
    assert daxing["pairings"][0]["counties"][0]["name"] == "察哈尔右翼前旗"
    assert client.get("/api/v1/places/nowhere").status_code == 404
    assert client.get("/api/v1/places/org:000000000000").status_code == 404
