"""A place's own page and the events timeline, over the samples and the
team-written texts of places_texts/: a league's targets with their status,
a port's traffic against its targets, a partner's events, the timeline's
filters — and every figure shown is a link to the span it was read from."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient
from place_page_samples import places_store

from luoshi.store import Store, open_store
from luoshi.web import create_app


@pytest.fixture(scope="module")
def places_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = places_store(tmp_path_factory.mktemp("places"))
    with TestClient(create_app(open_store(path), warm=False)) as client:
        yield client


def _store(client: TestClient) -> Store:
    return client.app.state.luoshi.store  # type: ignore[attr-defined,no-any-return]


def _spans(page: str) -> list[tuple[str, str, int, int]]:
    """(link text, document id, start, end) of every link to a document's span."""
    found = []
    for href, text in re.findall(r'<a [^>]*href="(/documents/[^"]+)"[^>]*>(.*?)</a>', page, re.S):
        url = urlparse(unescape(href))
        start, end = parse_qs(url.query)["at"][0].split("-")
        found.append((unescape(re.sub(r"<[^>]+>", "", text)), url.path.rsplit("/", 1)[1], int(start), int(end)))
    return found


def _quotes_hold(client: TestClient, page: str) -> int:
    """Every span linked exists; a link whose text is a quote is the text of its span."""
    store = _store(client)
    spans = _spans(page)
    for text, doc_id, start, end in spans:
        doc = store.document(doc_id)
        assert doc is not None and 0 <= start < end <= len(doc.text), (text, doc_id, start, end)
        if len(text) > 12:  # a sentence, not a figure's words
            assert text == doc.text[start:end]
    return len(spans)


def _cells(page: str) -> list[str]:
    table = page.split('<table class="plain figures-by-year">')[1].split("</table>")[0]
    return re.findall(r'<div class="cell (?:target|actual)">(.*?)</div>', table, re.S)


def test_a_league_page_shows_its_targets_with_their_status(places_client: TestClient):
    page = places_client.get("/places/league:152200", params={"period": "2025"}).text
    assert "<h1>兴安盟" in page and "2025年" in page
    rows = re.findall(r'<tr class="([a-z-]+)">.*?<td><a href="(/targets\?key=[^"]+)">(.*?)</a>', page, re.S)
    statuses = {task: css for css, _, task in rows}
    assert statuses["兴安盟 地区生产总值"] == "met"  # 6.3% against 6%左右
    assert statuses["兴安盟 规模以上工业增加值"] == "missed"  # 7.1% against 8%
    assert statuses["兴安盟 招商引资国内到位资金"] == "met"  # 436亿元 against 超过420亿元
    assert _quotes_hold(places_client, page) >= 10


def test_a_league_page_shows_its_ports_partners_and_events(places_client: TestClient):
    page = places_client.get("/places/league:152200", params={"period": "2025"}).text
    ports = page.split('<section id="ports">')[1].split("</section>")[0]
    assert '<a href="/places/port:arxan">阿尔山口岸</a>' in ports
    partners = page.split('<section id="partners">')[1].split("</section>")[0]
    assert '<a href="/places/partner:370000">山东省</a>' in partners
    events = page.split('<section id="events">')[1]
    assert "2025年2月7日" in events and "兴安盟党政考察团" in events


def test_every_figure_over_the_years_is_a_link_to_its_sentence(places_client: TestClient):
    for url in ("/places/league:152200", "/places/city:150781", "/places/port:manzhouli-rail"):
        page = places_client.get(url).text
        cells = _cells(page)
        assert cells, url
        assert all('<a class="evidence" href="/documents/' in c for c in cells), url
        _quotes_hold(places_client, page)


def test_a_port_page_draws_freight_trains_and_passengers_against_their_targets(places_client: TestClient):
    page = places_client.get("/places/port:manzhouli-rail").text
    data = json.loads(re.search(r'<script type="application/json" id="indicator-data">(.*?)</script>', page).group(1))
    titles = {c["title"]: c for c in data["charts"]}
    freight = titles["口岸货运量（万吨）"]["option"]
    years = freight["xAxis"]["data"]
    by_name = {s["name"]: dict(zip(years, s["data"], strict=True)) for s in freight["series"]}
    assert by_name["目标"]["2025"]["value"] == 1600 and by_name["目标"]["2024"] is None
    assert (by_name["实绩"]["2024"]["value"], by_name["实绩"]["2025"]["value"]) == (1480, 1702)
    assert all(p["href"].startswith("/documents/") for p in (*by_name["目标"].values(), *by_name["实绩"].values()) if p)
    assert "中欧班列（列）" in titles and "满洲里口岸出入境人员（万人次）" in titles
    assert "口岸货运量增速（%）" in titles  # the growth rate beside the tonnage, on an axis of its own


def test_a_partner_page_lists_its_events_with_their_amounts(places_client: TestClient):
    page = places_client.get("/places/partner:370000").text
    events = page.split('<section id="events">')[1]
    assert "兴安盟与济南市签署战略合作框架协议" in events and "兴安盟党政考察团" in events
    amount = re.search(r'<a class="evidence figure" href="([^"]+)">金额 46.8亿元</a>', events)
    assert amount is not None
    (_, doc_id, start, end), *_ = _spans(amount.group(0))
    assert _store(places_client).document(doc_id).text[start:end] == "协议总投资46.8亿元"  # type: ignore[union-attr]


def test_a_place_asked_for_by_name_opens_its_entrys_page(places_client: TestClient):
    moved = places_client.get("/places/兴安盟", params={"period": "2025"}, follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/places/league:152200?period=2025"
    missing = places_client.get("/places/火星")
    assert missing.status_code == 404 and "没有这个地方或合作方：火星" in missing.text


def test_the_timeline_lists_an_event_told_twice_once_with_both_sources(places_client: TestClient):
    page = places_client.get("/events", params={"region": "兴安盟", "kind": "visit"}).text
    items = re.findall(r'<li class="event visit" id="[^"]+">(.*?)</ul>\s*</li>', page, re.S)
    assert len(items) == 1
    sources = re.findall(r'<span class="muted">([^<]+\.md)</span>', items[0])
    assert "xingan_2025_news.md" in sources and len(sources) >= 2
    _quotes_hold(places_client, page)


@pytest.mark.parametrize(
    ("params", "present", "absent"),
    [
        ({"partner": "山东"}, ["兴安盟党政考察团"], ["扎门乌德", "乌兰察布市党政代表团"]),
        ({"partner": "北京市"}, ["乌兰察布市党政代表团", "察哈尔右翼前旗"], ["兴安盟党政考察团"]),
        ({"partner": "长春都市圈"}, ["兴安盟（长春）招商推介会"], ["山东"]),
        ({"region": "满洲里市"}, ["外贝加尔斯克"], ["兴安盟党政考察团"]),
        ({"kind": "promotion"}, ["招商推介会"], ["外贝加尔斯克"]),
        ({"period": "2025-04"}, ["乌兰察布市党政代表团"], ["外贝加尔斯克"]),
    ],
)
def test_the_timeline_filters_by_place_partner_type_and_period(places_client, params, present, absent):
    page = places_client.get("/events", params=params).text
    timeline = page.split('<ol class="timeline">')[1]
    assert all(word in timeline for word in present), params
    assert not any(word in timeline for word in absent), params


def test_a_place_pages_events_open_the_timeline_of_that_entry(places_client: TestClient):
    page = places_client.get("/places/league:152200").text
    href = unescape(re.search(r'<a href="(/events\?region=[^"]+)">在事件时间线中打开</a>', page).group(1))
    timeline = places_client.get(href).text
    assert "<h1>事件时间线 · 兴安盟</h1>" in timeline and '<input name="region" value="兴安盟"' in timeline


def test_the_timeline_refuses_a_type_or_place_it_does_not_know(places_client: TestClient):
    assert places_client.get("/events", params={"kind": "party"}).status_code == 422
    unknown = places_client.get("/events", params={"partner": "火星"})
    assert unknown.status_code == 422 and "没有这个地方或合作方：火星" in unknown.text


def test_the_map_lists_the_12_plus_2_each_with_its_page(places_client: TestClient):
    page = places_client.get("/regions", params={"period": "2025"}).text
    data = json.loads(re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page).group(1))
    names = [u["name"] for u in data["units"]]
    assert len(names) == 14 and names[-2:] == ["满洲里市", "二连浩特市"] and names[9] == "兴安盟"
    assert data["units"][9]["href"] == "/places/league:152200?period=2025"
    assert data["leagues"]["152200"]["met"] >= 3


def test_the_places_index_links_every_reporting_unit_and_port(places_client: TestClient):
    page = places_client.get("/places").text
    assert page.count('href="/places/league:') == 12 and page.count('href="/places/city:') == 2
    assert page.count('href="/places/port:') == 20


def test_a_place_page_with_its_name_in_markup_is_escaped(places_client: TestClient):
    page = places_client.get("/events", params={"region": "<b>兴安盟</b>"})
    assert page.status_code == 422 and "<b>兴安盟</b>" not in page.text
