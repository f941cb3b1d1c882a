"""Places in a real browser (Debian's Chromium, headless), over the samples
and the team-written texts of tests/web/places_texts: from the 12-league
map to a league's page, to one of its targets, to the sentence that set
it; the search box on questions; the events timeline's filters. Every test
also fails on a console error or an uncaught exception (``make_page``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from place_page_samples import places_store
from playwright.sync_api import Page, expect

from luoshi.store import open_store
from luoshi.web import create_app
from luoshi.web.background import BackgroundServer

MAPS = Path(__file__).resolve().parents[3] / "src" / "luoshi" / "web" / "static" / "maps"
XINGAN = "152200"
GDP_TARGET = "全盟地区生产总值增长6%左右"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over the samples and the place texts (this module's own store)."""
    path = places_store(tmp_path_factory.mktemp("places-browser"))
    with BackgroundServer(create_app(open_store(path), warm=False)) as url:
        yield url


def _league_centre(code: str) -> list[float]:
    features = json.loads((MAPS / "nmg_leagues.json").read_text(encoding="utf-8"))["features"]
    return next(f["properties"]["cp"] for f in features if f["properties"]["code"] == code)


def _click_chart(page: Page, selector: str, finder: dict[str, int], value: list[float]) -> None:
    """Clicks the chart under ``selector`` where ECharts draws ``value`` in the
    coordinate system ``finder`` names ({"geoIndex": 0}, {"seriesIndex": 0})."""
    page.wait_for_function(
        "s => { const el = document.querySelector(s); return el && echarts.getInstanceByDom(el); }", arg=selector
    )
    # the maps' shapes and the tables arrive by fetch: the page settled, the chart stays where it is measured
    page.wait_for_load_state("networkidle")
    page.locator(selector).scroll_into_view_if_needed()
    x, y = page.evaluate(
        "([s, f, v]) => echarts.getInstanceByDom(document.querySelector(s)).convertToPixel(f, v)",
        [selector, finder, value],
    )
    box = page.locator(selector).bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + x, box["y"] + y)


# -- from the map to a league, to a target, to its sentence ---------------------------------
def test_the_map_leads_to_a_league_then_a_target_then_the_sentence_that_set_it(page: Page, shot) -> None:
    page.goto("/regions?period=2025")
    expect(page.locator("#region-table tbody tr").first).to_be_attached()  # filled once the maps are drawn
    with page.expect_navigation():
        _click_chart(page, "#map-leagues", {"geoIndex": 0}, _league_centre(XINGAN))
    assert urlparse(page.url).path == f"/places/league:{XINGAN}"
    expect(page.locator("h1")).to_contain_text("兴安盟")
    expect(page.locator("#targets .chip.met")).to_be_visible()
    shot(page, "league")

    row = page.locator("#targets table.board tbody tr", has_text=GDP_TARGET)
    expect(row).to_have_count(1)
    expect(row.locator(".status")).to_have_text("已完成")
    with page.expect_navigation():
        row.locator("td").first.locator("a").click()
    assert urlparse(page.url).path == "/targets"

    evidence = page.locator("dl.facts a.evidence").first
    expect(evidence).to_have_text(GDP_TARGET)
    with page.expect_navigation():
        evidence.click()
    assert urlparse(page.url).path.startswith("/documents/")
    focus = page.locator("#text .focus")
    expect(focus.first).to_be_in_viewport()
    assert "".join(focus.all_inner_texts()) == GDP_TARGET


def test_a_port_city_beside_the_map_opens_its_page(page: Page) -> None:
    page.goto("/regions?period=2025")
    expect(page.locator("#region-table tbody tr").first).to_be_attached()
    with page.expect_navigation():
        _click_chart(page, "#map-leagues", {"geoIndex": 0}, [117.379, 49.598])  # 满洲里's point
    assert urlparse(page.url).path == "/places/city:150781"
    expect(page.locator("#ports")).to_contain_text("满洲里铁路口岸")


def test_a_figure_of_the_12_plus_2_bars_opens_its_sentence(page: Page) -> None:
    page.goto("/regions?period=2025&indicator=gdp_growth&kind=actual")
    expect(page.locator("#region-table tbody tr").first).to_be_attached()
    with page.expect_navigation():
        _click_chart(page, "#chart-units", {"seriesIndex": 0}, [3, 9])  # inside 兴安盟's bar (6.3), tenth of the 12+2
    assert urlparse(page.url).path.startswith("/documents/")
    assert "".join(page.locator("#text .focus").all_inner_texts()) == "2025年兴安盟地区生产总值增长6.3%"


def test_every_figure_on_a_port_page_opens_its_sentence(page: Page) -> None:
    page.goto("/places/port:manzhouli-rail")
    expect(page.locator(".unit-chart canvas").first).to_be_attached()
    links = page.locator("table.figures-by-year a.evidence")
    assert links.count() >= 6
    first = links.first
    title = first.get_attribute("title")
    with page.expect_navigation():
        first.click()
    assert "".join(page.locator("#text .focus").all_inner_texts()) == title


# -- the question box ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "chips", "path", "query"),
    [
        (
            "兴安盟 2025年 未完成的目标",
            ["地区兴安盟", "年份2025年", "状态未完成", "类别目标"],
            "/",
            {"region": ["兴安盟"], "status": ["missed"]},
        ),
        ("满洲里口岸 货运量", ["口岸满洲里口岸", "指标口岸货运量"], "/places/city:150781", {}),
        ("和山东签了哪些协议", ["合作方山东省", "事件协议"], "/events", {"partner": ["山东省"]}),
        ("呼和浩特 外贸 实际", ["地区呼和浩特市", "指标外贸进出口总值", "类别实绩"], "/indicators", {}),
    ],
)
def test_the_question_box_shows_what_it_understood_and_opens_the_filtered_page(
    page: Page, question: str, chips: list[str], path: str, query: dict[str, list[str]]
) -> None:
    page.goto("/documents")
    page.fill("form[role=search] input[name=q]", question)
    with page.expect_navigation():
        page.click("form[role=search] button[type=submit]")
    shown = [c.replace(" ", "").replace("×", "").split("“")[0] for c in page.locator(".filter-chip").all_inner_texts()]
    assert shown == chips
    with page.expect_navigation():
        page.click("a.filtered-link")
    url = urlparse(page.url)
    assert url.path == path
    got = parse_qs(url.query)
    assert all(got.get(k) == v for k, v in query.items()), got


def test_a_chip_taken_out_asks_the_question_again_without_it(page: Page, shot) -> None:
    page.goto("/documents?q=" + "兴安盟 2025年 欠进度的目标")
    expect(page.locator(".filter-chip")).to_have_count(4)
    shot(page, "question")
    with page.expect_navigation():
        page.locator(".filter-chip", has_text="欠进度").locator("a.drop").click()
    expect(page.locator("form[role=search] input[name=q]")).to_have_value("兴安盟 2025年 的目标")
    expect(page.locator(".filter-chip")).to_have_count(3)


def test_a_corrected_filter_opens_the_page_with_the_correction(page: Page) -> None:
    page.goto("/documents?q=" + "兴安盟 2025年 欠进度的目标")
    form = page.locator("form.question-filters")
    form.locator("select[name=status]").select_option("met")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    got = parse_qs(urlparse(page.url).query)
    assert got["region"] == ["兴安盟"] and got["status"] == ["met"] and got["period"] == ["2025"]
    statuses = page.locator("table.board tbody .status").all_inner_texts()
    assert statuses and set(statuses) == {"已完成"}


# -- the events timeline ---------------------------------------------------------------------
def test_the_events_timeline_filters_by_partner_and_type(page: Page, shot) -> None:
    page.goto("/events")
    everything = page.locator("li.event").count()
    assert everything >= 6
    shot(page, "events")
    page.fill("#event-filters input[name=partner]", "北京市")
    with page.expect_navigation():
        page.click("#event-filters button[type=submit]")
    beijing = page.locator("li.event")
    assert 0 < beijing.count() < everything
    expect(page.locator("ol.timeline")).not_to_contain_text("兴安盟党政考察团")
    with page.expect_navigation():
        page.locator(".chip.event-kind.visit").click()
    assert parse_qs(urlparse(page.url).query)["kind"] == ["visit"]
    visits = page.locator("li.event")
    assert visits.count() >= 1 and all(k == "考察" for k in page.locator("li.event .tag.event").all_inner_texts())

    source = visits.first.locator("ul.sources a.evidence").first
    quote = source.inner_text()
    with page.expect_navigation():
        source.click()
    assert "".join(page.locator("#text .focus").all_inner_texts()) == quote


def test_an_event_party_opens_its_partners_page(page: Page) -> None:
    page.goto("/events?region=兴安盟&kind=visit")
    with page.expect_navigation():
        page.locator("li.event a.party", has_text="山东省").first.click()
    assert urlparse(page.url).path == "/places/partner:370000"
    expect(page.locator("#events")).to_contain_text("兴安盟党政考察团")
