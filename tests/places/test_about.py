"""Which statements are about a league, a port, a partner: each with its
own span, by its region, or by a sentence naming it."""

from __future__ import annotations

from luoshi.places import Registry
from luoshi.places.about import statements_about
from luoshi.store import Store

REGISTRY = Registry.default()


def about(store: Store, place_id: str) -> list[tuple[str, str, str]]:
    place = REGISTRY.get(place_id)
    assert place is not None
    return [(a.statement.doc, a.via, a.statement.quote) for a in statements_about(store, place)]


def test_a_leagues_statements_are_its_own_and_its_counties(samples_store: Store):
    wuhai = about(samples_store, "league:150300")
    assert ("places_wuhai_plan.md", "region", "地区生产总值增长6%左右") in wuhai
    ulanqab = about(samples_store, "league:150900")
    assert any("察哈尔右翼前旗" in quote for _, _, quote in ulanqab)  # its banner's agreement


def test_a_ports_figures_are_those_naming_it_or_its_citys_ports(samples_store: Store):
    rail = {
        quote for doc, via, quote in about(samples_store, "port:manzhouli-rail") if doc == "places_manzhouli_port.md"
    }
    assert "经满洲里铁路口岸进出境中欧班列5100列" in rail
    assert any("1560万吨" in quote for quote in rail)  # 满洲里口岸: every port of 满洲里
    road = {quote for _, _, quote in about(samples_store, "port:manzhouli-road")}
    assert not any("中欧班列5100列" == quote[-9:] for quote in road)  # trains are the railway port's
    erenhot = {quote for _, _, quote in about(samples_store, "port:erenhot-rail")}
    assert any("3100列" in quote for quote in erenhot)
    assert not about(samples_store, "port:ceke")


def test_a_partners_statements_name_it_or_count_it_among_an_events_parties(samples_store: Store):
    shandong = about(samples_store, "partner:370000")
    assert {via for _, via, _ in shandong} >= {"named", "party"}
    daxing = {quote for _, _, quote in about(samples_store, "partner:110115")}
    assert any("2800万元" in quote for quote in daxing)
    for a in statements_about(samples_store, REGISTRY.get("partner:110000")):  # type: ignore[arg-type]
        doc = samples_store.document(a.statement.doc_id or "")
        assert doc is not None and doc.text[a.statement.start : a.statement.end] == a.statement.quote
