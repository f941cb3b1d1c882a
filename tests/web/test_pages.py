"""The pages people use, read as HTML: the scoreboard and its filters, a
document with the asked-for span highlighted, a target with its progress
form for its owner only, logging in and out."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from urllib.parse import quote

from fastapi.testclient import TestClient
from web_samples import COMMERCE, COOPERATION, FREIGHT, IM, INVESTMENT, PASSWORD, PROGRAMME, TRAINS, login, session_csrf


def _rows(html: str) -> list[str]:
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return body.split("<tr")[1:]


def _evidence_links(html: str) -> list[tuple[str, str]]:
    return [(unescape(h), unescape(t)) for h, t in re.findall(r'<a class="evidence" href="([^"]+)">([^<]*)</a>', html)]


def test_the_scoreboard_opens_on_inner_mongolia_in_the_latest_year_with_outcomes(client: TestClient):
    page = client.get("/")
    assert page.status_code == 200
    assert f"目标完成情况 · {IM} · 2025年" in page.text
    assert "已完成" in page.text and "暂无数据" in page.text
    assert "/static/vendor/echarts.min.js" in page.text


def test_filtering_by_owner_leaves_only_their_targets(client: TestClient):
    every = _rows(client.get("/", params={"region": IM, "period": "2025"}).text)
    theirs = _rows(client.get("/", params={"region": IM, "period": "2025", "owner": "商务厅"}).text)
    assert 0 < len(theirs) < len(every)
    assert all(f"<td>{COMMERCE}</td>" in row for row in theirs)


def test_filtering_by_status_keeps_the_counts_of_every_status(client: TestClient):
    page = client.get("/", params={"region": IM, "period": "2025", "status": "met"}).text
    assert all('class="met"' in row for row in _rows(page))
    assert "暂无数据" in page  # the chip of the other status is still there to click


def test_numerals_naming_a_programme_are_listed_apart_not_counted(client: TestClient):
    page = client.get("/", params={"region": IM, "period": "2025"}).text
    table, listed = page.split('<details class="named-only">')
    assert PROGRAMME in listed and PROGRAMME not in table
    api = client.get("/api/v1/targets", params={"region": IM, "period": "2025"}).json()
    untracked = [t for t in api["items"] if not t["tracked"]]
    assert untracked and all("status" in t for t in untracked)


def test_every_figure_on_the_scoreboard_links_to_its_sentence(client: TestClient):
    links = _evidence_links(client.get("/", params={"region": IM, "period": "2025"}).text)
    assert len(links) >= 5
    for href, text in links:
        at = re.search(r"at=(\d+)-(\d+)", href)
        assert at is not None
        doc = client.get(href.split("?")[0].replace("/documents/", "/api/v1/documents/")).json()
        start, end = int(at.group(1)), int(at.group(2))
        assert doc["text"][start:end] in (text, doc["text"][start:end])
        page = client.get(href).text
        assert f'id="s{start}-{end}"' in page


def test_the_document_page_highlights_the_asked_for_span_and_every_figure(client: TestClient):
    href, quote_text = next((h, t) for h, t in _evidence_links(client.get("/").text) if INVESTMENT in t)
    page = client.get(href).text
    focused = re.findall(r'<(?:mark|a) class="(?:fig \w+ )?focus"[^>]*>([^<]*)</', page)
    assert unescape("".join(focused)) == quote_text
    doc = client.get(href.split("?")[0].replace("/documents/", "/api/v1/documents/")).json()
    targets = [s for s in doc["statements"] if s["kind"] == "target"]
    assert len(targets) >= 5 and page.count('class="fig target') >= len(targets)
    assert 'class="statement target"' in page


def test_a_bad_span_is_a_clear_error(client: TestClient):
    doc_id = client.get("/api/v1/documents").json()["items"][0]["id"]
    bad = client.get(f"/documents/{doc_id}", params={"at": "9-2"})
    assert bad.status_code == 422 and "起点-终点" in bad.text


def test_the_target_page_offers_the_progress_form_to_its_owner_only(client: TestClient):
    href = next(h for h, t in _evidence_links(client.get("/").text) if INVESTMENT in t)
    target = client.get("/api/v1/targets", params={"region": IM, "period": "2025"}).json()["items"]
    key = next(t["key"] for t in target if INVESTMENT in t["target"]["quote"])
    url = "/targets?key=" + quote(key)
    assert 'id="progress-form"' not in client.get(url).text
    login(client, "nongmu")
    assert 'id="progress-form"' not in client.get(url).text and "不归" in client.get(url).text
    login(client, "shangwu")
    page = client.get(url).text
    assert 'id="progress-form"' in page and 'id="owner-form"' not in page
    assert href.split("#")[0] in unescape(page)


def test_recording_progress_through_the_form_shows_it_and_its_audit_entry(client: TestClient):
    items = client.get("/api/v1/targets", params={"region": IM, "period": "2025"}).json()["items"]
    key = next(t["key"] for t in items if FREIGHT in t["target"]["quote"])
    csrf = login(client, "shangwu")
    form = {"key": key, "value": "0.98", "period": "2025-09", "note": "前三季度", "csrf": csrf}
    attachment = {"attachment": ("海关.csv", b"a,b\n1,2\n")}
    done = client.post("/targets/progress", data=form, files=attachment, follow_redirects=False)
    assert done.status_code == 303
    page = client.get(done.headers["location"]).text
    assert "0.98亿吨" in page and "前三季度" in page and "海关.csv" in page
    report = re.search(r'class="evidence" href="(/documents/\w+\?at=(\d+)-(\d+)[^"]*)">0.98亿吨', page)
    assert report is not None  # the reported figure links to its sentence
    doc = client.get(report.group(1).split("?")[0].replace("/documents/", "/api/v1/documents/")).json()
    assert "0.98亿吨" in doc["text"][int(report.group(2)) : int(report.group(3))]
    assert "shangwu" in page.split("变更记录")[1]
    link = re.search(r'href="(/reports/\d+/attachment)"', page)
    assert link is not None and client.get(link.group(1)).content == b"a,b\n1,2\n"


def test_logging_in_sets_a_strict_http_only_session_cookie_and_logging_out_ends_it(client: TestClient):
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    done = client.post(
        "/login",
        data={"username": "admin", "password": PASSWORD, "csrf": csrf, "next": "/compare"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/compare"
    cookie = done.headers["set-cookie"]
    assert "luoshi_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "审计日志" in client.get("/").text
    out = client.post("/logout", data={"csrf": session_csrf(client)}, follow_redirects=False)
    assert out.status_code == 303
    assert "审计日志" not in client.get("/").text


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(client: TestClient):
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    wrong = client.post("/login", data={"username": "admin", "password": "nope", "csrf": csrf})
    assert wrong.status_code == 401 and "用户名或密码不正确" in wrong.text
    unknown = client.post("/login", data={"username": "nobody", "password": "nope", "csrf": csrf})
    assert unknown.status_code == 401 and "用户名或密码不正确" in unknown.text


def test_the_other_pages_render_with_their_data(client: TestClient):
    regions = client.get("/regions").text
    assert 'id="map-leagues"' in regions and '"metric": "share"' in regions
    coloured = client.get("/regions", params={"indicator": "gdp_growth", "kind": "target", "period": "2026"}).text
    assert '"440000"' in coloured and '"150000"' in coloured
    indicator = client.get("/indicators", params={"indicator": "gdp_growth"}).text
    assert "地区生产总值增速" in indicator and '"2026"' in indicator
    compare = client.get("/compare", params={"indicator": "gdp_growth", "kind": "target", "period": "2026"}).text
    assert "广东省" in compare and "4.5" in compare and "下载 Excel" in compare
    documents = client.get("/documents").text
    assert COOPERATION in documents


def test_pages_need_an_account_when_the_server_says_so(make_client: Callable[..., TestClient]):
    private = make_client(login_required=True)
    first = private.get("/", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"].startswith("/login")
    assert private.get("/api/v1/statements").status_code == 401
    login(private, "viewer")
    assert private.get("/").status_code == 200


def test_the_task_table_downloads_with_the_owners_admins_assigned(client: TestClient, token):
    import io

    from openpyxl import load_workbook

    items = client.get("/api/v1/targets", params={"region": IM, "period": "2025"}).json()["items"]
    key = next(t["key"] for t in items if TRAINS in t["target"]["quote"])
    client.put("/api/v1/targets/owner", json={"target": key, "owner": "自治区交通运输厅"}, headers=token("admin"))
    got = client.get("/board.xlsx", params={"region": IM, "period": "2025"})
    assert got.status_code == 200 and "attachment" in got.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(got.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "序号", "任务/指标", "牵头单位", "目标", "目标值", "实绩值", "单位", "完成率",
        "进展", "序时进度", "完成时限", "状态", "来源",
    ]  # fmt: skip
    [trains] = [r for r in rows if TRAINS in str(r[3])]
    assert trains[2] == "自治区交通运输厅"
    assert not any(PROGRAMME in str(r[3]) for r in rows)  # programme names are no tasks
    assert "下载任务分解表" in client.get("/").text


def test_an_owner_finds_their_own_targets_from_every_page(client: TestClient):
    login(client, "shangwu")
    link = re.search(r'<a href="([^"]+)">我的目标</a>', client.get("/documents").text)
    assert link is not None and unescape(link.group(1)) == "/?owner=" + quote(COMMERCE)
    rows = _rows(client.get(unescape(link.group(1))).text)
    assert rows and all(f"<td>{COMMERCE}</td>" in row for row in rows)
    login(client, "xingan")
    link = re.search(r'<a href="([^"]+)">我的目标</a>', client.get("/documents").text)
    assert link is not None and "region=" + quote("兴安盟") in unescape(link.group(1))


def test_shipped_scripts_and_maps_are_cached_by_browsers(client: TestClient):
    for path in ("/static/vendor/echarts.min.js", "/static/maps/nmg_leagues.json", "/static/app.css"):
        got = client.get(path)
        assert got.status_code == 200 and got.headers["cache-control"] == "public, max-age=86400", path
    assert "cache-control" not in client.get("/api/v1/me").headers


def test_the_documents_page_finds_a_phrase_and_marks_it(client: TestClient):
    page = client.get("/documents", params={"q": "口岸货运量"}).text
    hits = page.split('<section class="hits">')[1]
    assert "<mark>口岸货运量</mark>" in hits and "?at=" in hits
    nothing = client.get("/documents", params={"q": "<b>不存在的词</b>"}).text
    assert "“&lt;b&gt;不存在的词&lt;/b&gt;”：0 处" in nothing and "<mark>" not in nothing


def test_the_target_page_names_the_responsible_units_beside_the_lead(
    client: TestClient, token: Callable[[str], dict[str, str]]
):
    text = (
        "兴安盟2026年区域合作重点任务分解\n一、主要目标\n"
        "1.2026年兴安盟外贸进出口总值增长8%以上（牵头单位：兴安盟商务局；责任单位：兴安盟统计局、满洲里海关）。\n"
    )
    up = client.post("/api/v1/documents", params={"wait": 60}, files={"file": ("任务分解.txt", text.encode())},
                     headers=token("admin"))  # fmt: skip
    assert up.status_code == 201, up.text
    items = client.get("/api/v1/targets", params={"region": "兴安盟", "period": "2026"}).json()["items"]
    [item] = [t for t in items if "8%以上" in t["target"]["quote"]]
    assert (item["owner"], item["co_owners"]) == ("兴安盟商务局", ["兴安盟统计局", "满洲里海关"])
    page = client.get("/targets?key=" + quote(item["key"])).text
    assert "<dt>牵头单位</dt><dd>兴安盟商务局</dd>" in page
    assert "<dt>责任单位</dt><dd>兴安盟统计局、满洲里海关</dd>" in page
