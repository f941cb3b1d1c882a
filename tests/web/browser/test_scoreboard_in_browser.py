"""The scoreboard in a real browser (Debian's Chromium, headless): what a
visitor, an owner and a phone see and can do. Every test also fails on a
console error or an uncaught exception in the page (the ``page`` fixture)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

COMMERCE = "自治区商务厅"
FARMING = "自治区农牧厅"
INVESTMENT = "5700亿元"
PORT_FREIGHT = "口岸货运量"


def _board_rows(page: Page) -> list[dict[str, str]]:
    rows = page.locator("table.board tbody tr")
    found = []
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        found.append(
            {
                "task_href": cells.nth(0).locator("a").first.get_attribute("href") or "",
                "quote": cells.nth(1).inner_text().strip(),
                "owner": cells.nth(2).inner_text().strip(),
                "status": cells.nth(5).inner_text().strip(),
            }
        )
    return found


def _painted_pixels(page: Page, selector: str) -> int:
    """How many pixels of the canvas under ``selector`` are not transparent."""
    return page.eval_on_selector(
        selector,
        """canvas => {
            const d = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            let n = 0;
            for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
            return n;
        }""",
    )


def _target_page_of(page: Page, owner: str, words: str | None = None) -> str:
    """The target page link of a scoreboard row owned by ``owner`` (and quoting ``words``)."""
    page.goto("/")
    rows = [r for r in _board_rows(page) if r["owner"] == owner and (words is None or words in r["quote"])]
    assert rows, f"no row of {owner} {words or ''} on the scoreboard"
    return rows[0]["task_href"]


# -- 总览 ---------------------------------------------------------------------------------
def test_the_scoreboard_opens_on_inner_mongolia_2025_with_status_chips_and_a_donut(page: Page, shot) -> None:
    page.goto("/")
    expect(page.locator("h1")).to_contain_text("内蒙古自治区")
    expect(page.locator("h1")).to_contain_text("2025年")
    rows = _board_rows(page)
    assert len(rows) >= 5
    assert any(INVESTMENT in r["quote"] for r in rows)
    chips = {c.split(" ", 1)[1]: int(c.split(" ", 1)[0]) for c in page.locator(".counts a.chip").all_inner_texts()}
    assert chips.get("已完成", 0) >= 1, chips
    assert sum(chips.values()) == len(rows)
    canvas = page.locator("#status-chart canvas")
    expect(canvas).to_have_count(1)
    assert canvas.bounding_box()["width"] > 50
    assert _painted_pixels(page, "#status-chart canvas") > 500
    shot(page, "board")


def test_filtering_by_owner_keeps_only_that_owners_rows(page: Page) -> None:
    page.goto("/")
    everyone = _board_rows(page)
    page.fill("#filters input[name=owner]", "商务厅")
    with page.expect_navigation():
        page.click("#filters button[type=submit]")
    assert parse_qs(urlparse(page.url).query)["owner"] == ["商务厅"]
    rows = _board_rows(page)
    assert rows, "no row left"
    assert all("商务厅" in r["owner"] for r in rows), [r["owner"] for r in rows]
    assert len(rows) == sum(1 for r in everyone if "商务厅" in r["owner"]) < len(everyone)
    expect(page.locator("#filters input[name=owner]")).to_have_value("商务厅")


# -- 文档 ---------------------------------------------------------------------------------
def test_the_evidence_link_opens_the_document_on_the_quoted_span(page: Page, shot) -> None:
    page.goto("/")
    row = page.locator("table.board tbody tr", has_text=INVESTMENT)
    expect(row).to_have_count(1)
    link = row.locator("td.quote a.evidence")
    quote = link.inner_text().strip()
    with page.expect_navigation():
        link.click()
    assert urlparse(page.url).path.startswith("/documents/")
    focus = page.locator("#text .focus")
    assert focus.count() >= 1
    expect(focus.first).to_be_in_viewport()
    assert "".join(focus.all_inner_texts()) == quote
    shot(page, "document")

    assert page.locator(".statement.active").count() == 0
    figure = page.locator("#text a.fig.focus").first if page.locator("#text a.fig.focus").count() else None
    figure = figure or page.locator("#text a.fig").first
    wanted = (figure.get_attribute("data-st") or "").split()
    figure.click()
    active = page.locator("#statements .statement.active")
    expect(active).to_have_count(len(wanted))
    assert sorted(active.evaluate_all("cards => cards.map(c => c.id)")) == sorted(f"st-{i}" for i in wanted)


# -- a target: progress and permissions ------------------------------------------------------
def test_an_owner_records_progress_and_sees_the_report_and_the_audit_entry(page: Page, login, shot) -> None:
    login(page, "shangwu")
    page.goto(_target_page_of(page, COMMERCE, PORT_FREIGHT))
    expect(page.locator("dl.facts")).to_contain_text(COMMERCE)
    form = page.locator("form#progress-form")
    expect(form).to_be_visible()
    form.locator("input[name=value]").fill("1.25")
    form.locator("input[name=period]").fill("2025")
    form.locator("textarea[name=note]").fill("浏览器测试：全年口岸货运量快报")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert urlparse(page.url).path == "/targets" and page.url.endswith("#progress")

    report = page.locator("#progress + table.plain tbody tr", has_text="浏览器测试：全年口岸货运量快报")
    expect(report).to_have_count(1)
    cells = report.locator("td").all_inner_texts()
    assert cells[2] == "shangwu" and cells[3] == COMMERCE and "2025" in cells[4] and cells[5].startswith("1.25")

    audit = page.locator("table.audit tbody tr", has_text="填报进展")
    expect(audit).to_have_count(1)
    entry = audit.locator("td").all_inner_texts()
    assert entry[1] == "shangwu" and entry[2] == "填报进展"
    assert re.search(r"数值\s*1.25", entry[4]) and re.search(r"时期\s*2025年", entry[4]), entry[4]  # in words, not JSON
    shot(page, "target")


def test_the_audit_entry_shows_the_note_in_chinese(page: Page, login) -> None:
    login(page, "shangwu")
    page.goto(_target_page_of(page, COMMERCE, "中欧班列"))
    form = page.locator("form#progress-form")
    form.locator("input[name=value]").fill("480")
    form.locator("textarea[name=note]").fill("班列快报")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("table.audit tbody tr", has_text="填报进展").first).to_contain_text("班列快报")


def test_an_owner_cannot_report_on_another_owners_target_even_by_a_forged_post(page: Page, login) -> None:
    login(page, "shangwu")
    href = _target_page_of(page, FARMING)
    page.goto(href)
    expect(page.locator("dl.facts")).to_contain_text(FARMING)
    expect(page.locator("form#progress-form")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("不归")

    key = parse_qs(urlparse(href).query)["key"][0]
    csrf = page.locator("header form input[name=csrf]").get_attribute("value")
    assert csrf
    forged = page.request.post(
        "/targets/progress",
        form={"key": key, "value": "99", "period": "2025", "note": "伪造", "csrf": csrf},
        max_redirects=0,
    )
    assert forged.status == 403, forged.text()
    assert "CSRF" not in forged.text()  # refused for the owner, not for a stale form
    page.reload()
    expect(page.locator("main")).not_to_contain_text("伪造")


# -- 地区, 指标, 比较 --------------------------------------------------------------------------
def test_the_regions_page_draws_both_maps(page: Page, shot) -> None:
    page.goto("/regions")
    for chart in ("#map-leagues", "#map-provinces"):
        canvas = page.locator(f"{chart} canvas").first
        expect(canvas).to_be_attached()
        assert canvas.bounding_box()["width"] > 100
    expect(page.locator("#region-table tbody tr").first).to_be_attached()  # filled once the maps are drawn
    assert _painted_pixels(page, "#map-leagues canvas") > 1000
    assert _painted_pixels(page, "#map-provinces canvas") > 1000
    shot(page, "regions")


def test_the_indicator_page_draws_its_two_charts(page: Page, shot) -> None:
    page.goto("/indicators")
    for chart in ("#chart-years", "#chart-regions"):
        expect(page.locator(f"{chart} canvas").first).to_be_attached()
        assert _painted_pixels(page, f"{chart} canvas") > 500
    shot(page, "indicators")


def test_the_compare_table_sorts_by_value_and_downloads_excel(page: Page, shot) -> None:
    # The default year is the latest year any target names (2035 here), for
    # which no province has a figure: ask for the 2025 actuals, as a user would.
    page.goto("/compare")
    page.select_option("form.filters select[name=kind]", "actual")
    page.fill("form.filters input[name=period]", "2025")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    expect(page.locator("h1")).to_contain_text("2025年实绩")
    table = page.locator("table#compare")
    header = table.locator("th", has_text="数值")
    expect(header).to_have_count(1)

    def values() -> list[str]:
        return table.locator("tbody td.num").evaluate_all("cells => cells.map(c => c.dataset.sort)")

    before = values()
    numbers = [float(v) for v in before if v]
    assert len(numbers) >= 2
    header.click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    after = values()
    assert after != before
    shown = [float(v) for v in after if v]
    assert shown == sorted(numbers)
    assert after[: len(shown)] == [v for v in after if v]  # rows without a figure go last
    shot(page, "compare")

    with page.expect_download() as waited:
        page.click("a:has-text('下载 Excel')")
    download = waited.value
    assert download.suggested_filename.endswith(".xlsx")
    assert Path(download.path()).read_bytes()[:2] == b"PK"


def test_the_login_page_shows_the_form(page: Page, shot) -> None:
    page.goto("/login")
    expect(page.locator("input[name=username]")).to_be_visible()
    expect(page.locator("input[name=password]")).to_have_attribute("type", "password")
    shot(page, "login")


# -- a phone -----------------------------------------------------------------------------------
def test_the_scoreboard_on_a_phone_has_no_horizontal_page_scroll(make_page) -> None:
    page = make_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto("/")
    expect(page.locator("table.board tbody tr").first).to_be_attached()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the page is {width}px wide on a 390px phone"


def test_the_site_has_a_favicon(page: Page) -> None:
    page.goto("/")
    icon = page.locator("link[rel~=icon]")
    href = icon.first.get_attribute("href") if icon.count() else "/favicon.ico"
    assert page.request.get(href).ok
