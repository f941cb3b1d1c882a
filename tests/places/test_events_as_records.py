"""Event statements grouped into events: the same event told by two
documents is one event with two sources; different events stay apart."""

from __future__ import annotations

import dataclasses

from luoshi.places.events import event_id, group_events
from luoshi.places.reading import EventQuery, read_events
from luoshi.store import Store
from luoshi.types import Kind, Statement


def told(
    doc: str, quote: str, day: str, parties: tuple[str, ...], kind: str = "agreement", start: int = 0
) -> Statement:
    return Statement(doc=doc, start=start, end=start + len(quote), quote=quote, kind=Kind.EVENT, period=day,
                     region="兴安盟", region_code="152200", parties=parties, event_type=kind,
                     doc_id=f"id-{doc}")  # fmt: skip


SIGNED = told("a.md", "兴安农垦集团与华瑞面业公司签署运营合作协议", "2025-02-07", ("兴安农垦集团", "华瑞面业公司"))
SIGNED_AGAIN = told("b.md", "兴安农垦集团和华瑞面业公司就运营合作签约", "2025-02-08", ("兴安农垦集团", "华瑞面业公司"))


def test_the_same_signing_told_by_two_documents_is_one_event_with_two_sources():
    (event,) = group_events([SIGNED, SIGNED_AGAIN])
    assert [s.doc for s in event.sources] == ["a.md", "b.md"]
    assert event.date == "2025-02-07" and event.kind == "agreement"
    assert [p.name for p in event.parties] == ["兴安农垦集团", "华瑞面业公司"]
    assert event.id == event_id(SIGNED)


def test_an_events_id_stays_when_a_later_document_tells_it_again():
    (alone,) = group_events([SIGNED])
    (together,) = group_events([SIGNED, SIGNED_AGAIN])
    assert alone.id == together.id


def test_two_signings_of_one_party_on_one_day_stay_two_events():
    with_a = told("a.md", "兴安盟与济南市签署战略合作框架协议", "2025-02-07", ("兴安盟", "济南市"))
    with_b = told("b.md", "兴安盟与青岛市签署战略合作框架协议", "2025-02-07", ("兴安盟", "青岛市"))
    assert len(group_events([with_a, with_b])) == 2


def test_days_further_apart_than_the_window_or_another_type_stay_apart():
    later = dataclasses.replace(SIGNED_AGAIN, period="2025-02-12")
    visit = dataclasses.replace(SIGNED_AGAIN, event_type="visit")
    assert len(group_events([SIGNED, later])) == 2
    assert len(group_events([SIGNED, visit])) == 2


def test_a_party_named_differently_but_resolving_alike_still_matches():
    visit = told("a.md", "兴安盟党政考察团赴山东考察对接", "2025-02-07", ("兴安盟党政考察团", "山东省"), "visit")
    again = told("b.md", "兴安盟考察团一行赴山东", "2025-02-07", ("兴安盟", "山东"), "visit")
    (event,) = group_events([visit, again])
    assert event.place is not None and event.place.place is not None and event.place.place.id == "partner:370000"


def test_a_headline_dated_only_to_the_year_joins_its_storys_event():
    headline = told("a.md", "兴安盟党政考察团赴山东考察对接", "2025", ("兴安盟党政考察团", "山东省"), "visit")
    story = told(
        "a.md", "2月7日，兴安盟党政考察团赴山东考察对接", "2025-02-07", ("兴安盟党政考察团", "山东省"), "visit", 40
    )
    (event,) = group_events([headline, story])
    assert event.date == "2025-02-07" and event.id == event_id(headline)


def test_the_seeds_signing_and_the_samples_restatements_are_one_event(samples_store: Store):
    found = read_events(samples_store, EventQuery(kind="agreement", period="2025-02-07", partner="兴安农垦集团"))
    (event,) = found
    assert {s.doc for s in event.sources} == {"nmg_cooperation_2025.md", "places_xingan_shandong.md"}
    for s in event.sources:
        doc = samples_store.document(s.doc_id or "")
        assert doc is not None and doc.text[s.start : s.end] == s.quote


def test_a_signings_amount_and_projects_are_the_figures_of_its_sentence(samples_store: Store):
    (event,) = read_events(samples_store, EventQuery(kind="contract", region="兴安盟"))
    assert {(f.what, f.value, f.unit) for f in event.figures} == {("projects", 12, "个"), ("amount", 46.8, "亿元")}
    (figure,) = [f for f in event.figures if f.what == "amount"]
    assert figure.quote.endswith("46.8亿元")


def test_events_filter_by_league_partner_period_and_kind(samples_store: Store):
    def dates(**query: str) -> list[str]:
        return [e.date for e in read_events(samples_store, EventQuery(**query))]

    assert dates(region="兴安盟") == ["2025-02-07"] * 4
    assert dates(partner="山东") == ["2025-02-07", "2025-02-07"]  # the visit, and 济南市's agreement
    assert dates(region="乌兰察布市", kind="visit") == ["2025-03-18"]
    assert dates(partner="大兴区") == ["2025-03-18", "2025-03-18"]
    assert dates(region="二连浩特市") == ["2026-01-06"]
    assert dates(period="2026") == ["2026-01-06"]
