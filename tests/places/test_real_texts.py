"""The seed and the 31 provincial reports of 2026: the events, ports and
partners they yield (left out where ../shared is absent)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from places_samples import SHARED

from luoshi.ingest import ingest
from luoshi.places import PlaceFinder, PlaceKind, Registry
from luoshi.places.about import statements_about
from luoshi.places.reading import EventQuery, organisations, read_events
from luoshi.store import Store, open_store

SEED = SHARED / "corpus" / "seed" / "000_39f8f6a33f179f43.txt"
REPORTS = SHARED / "corpus" / "gwr2026"
pytestmark = pytest.mark.real_texts
REGISTRY = Registry.default()


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("places_real") / "real.duckdb"
    with open_store(path) as store:
        summary = ingest([str(SEED), *map(str, sorted(REPORTS.glob("2026_*_政府工作报告.csv")))], store)
        assert summary.failed == [] and summary.new == 32
        yield store


def test_the_seed_and_the_reports_yield_the_seeds_two_events(real: Store):
    events = read_events(real)
    assert [(e.date, e.kind) for e in events] == [("2025-02-07", "visit"), ("2025-02-07", "agreement")]
    visit = events[0]
    assert visit.place is not None and visit.place.place is not None and visit.place.place.id == "partner:370000"
    assert {p.key for p in visit.parties} >= {"league:152200", "partner:370000"}
    assert {o.name for o in organisations(events)} == {"兴安农垦集团", "华瑞集团", "华瑞面业公司", "宝来利来集团"}
    assert read_events(real, EventQuery(partner="山东")) == [visit]


def test_the_seed_names_its_partner_regions(real: Store):
    text = SEED.read_text(encoding="utf-8")
    partners = {p.name for m in PlaceFinder.default().find(text) for p in m.places if p.kind is PlaceKind.PARTNER}
    assert partners == {"北京市", "山东省", "京津冀", "长三角", "粤港澳大湾区", "东北三省", "长春都市圈", "俄罗斯",
                        "蒙古国", "新加坡"}  # fmt: skip


def test_the_inner_mongolia_report_names_its_key_ports_with_a_figure_beside_them(real: Store):
    about = {p.id for p in REGISTRY.of_kind(PlaceKind.PORT) if statements_about(real, p)}
    assert {"port:ganqimaodu", "port:ceke", "port:mandula", "port:manzhouli-rail", "port:erenhot-road"} <= about
    assert "port:arxan" not in about and "port:shiwei" not in about


def test_beijings_statements_are_the_seeds_and_other_reports_not_its_own(real: Store):
    beijing = statements_about(real, REGISTRY.get("partner:110000"))  # type: ignore[arg-type]
    docs = {a.statement.doc for a in beijing}
    assert "000_39f8f6a33f179f43.txt" in docs and "2026_北京市_政府工作报告.csv" not in docs
    assert any("蒙品进京销售" in a.statement.quote for a in beijing)


def test_xingans_statements_hold_its_events_and_its_targets(real: Store):
    xingan = statements_about(real, REGISTRY.get("league:152200"))  # type: ignore[arg-type]
    assert {a.statement.event_type for a in xingan if a.statement.event_type} == {"visit", "agreement"}
