"""The search box of 文档 takes questions: the filters it read are shown as
chips, each with the search without it, and the page they lead to is
linked with its own filters filled in; what no filter took is searched for."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlparse

from fastapi.testclient import TestClient


def _chips(page: str) -> list[tuple[str, str, str]]:
    """(word, label, the question the × leads to) of each chip."""
    found = re.findall(
        r'<li class="filter-chip"><span class="word">(.*?)</span> (.*?) .*?<a class="drop" href="(.*?)"', page
    )
    return [(w, label, parse_qs(urlparse(unescape(h)).query).get("q", [""])[0]) for w, label, h in found]


def _filtered_link(page: str) -> tuple[str, dict[str, list[str]]]:
    href = unescape(re.search(r'<a class="filtered-link" href="(.*?)"', page).group(1))
    return urlparse(href).path, parse_qs(urlparse(href).query)


def test_a_question_shows_each_filter_as_a_chip_that_can_be_taken_out(client: TestClient):
    page = client.get("/documents", params={"q": "兴安盟 2025年 欠进度的目标"}).text
    assert _chips(page) == [
        ("地区", "兴安盟", "2025年 欠进度的目标"),
        ("年份", "2025年", "兴安盟 欠进度的目标"),
        ("状态", "欠进度", "兴安盟 2025年 的目标"),
        ("类别", "目标", "兴安盟 2025年 欠进度的"),
    ]
    assert _filtered_link(page) == ("/", {"region": ["兴安盟"], "period": ["2025"], "status": ["behind"]})


def test_the_filtered_page_opens_with_the_questions_filters(client: TestClient):
    page = client.get("/documents", params={"q": "全区 2025年 已完成的目标"}).text
    path, query = _filtered_link(page)
    board = client.get(path, params={k: v[0] for k, v in query.items()}).text
    assert "目标完成情况 · 内蒙古自治区 · 2025年" in board
    assert '<option value="met" selected>' in board
    statuses = re.findall(r'<span class="status ([a-z-]+)"', board)
    assert statuses and set(statuses) <= {"met"}


def test_the_form_under_the_chips_lets_the_user_correct_a_filter(client: TestClient):
    page = client.get("/documents", params={"q": "呼和浩特 外贸 实际"}).text
    form = re.search(r'<form class="filters question-filters" method="get" action="(.*?)">(.*?)</form>', page, re.S)
    assert form is not None and form.group(1) == "/indicators"
    assert '<option value="foreign_trade_value" selected>' in form.group(2)
    assert '<input name="region" value="呼和浩特市"' in form.group(2)


def test_a_place_alone_leads_to_its_own_page(client: TestClient):
    assert _filtered_link(client.get("/documents", params={"q": "兴安盟 2025年"}).text) == (
        "/places/league:152200",
        {"period": ["2025"]},
    )
    assert _filtered_link(client.get("/documents", params={"q": "策克口岸 货运量"}).text) == ("/places/port:ceke", {})
    # the ports a city hosts, named together: the city's page, which lists them
    assert _filtered_link(client.get("/documents", params={"q": "满洲里口岸 货运量"}).text)[0] == "/places/city:150781"
    assert _filtered_link(client.get("/documents", params={"q": "京蒙协作"}).text)[0] == "/places/partner:110000"


def test_an_indicators_figures_lead_to_its_charts_and_a_status_to_the_board(client: TestClient):
    figures = client.get("/documents", params={"q": "呼和浩特 外贸 实际"}).text
    assert _filtered_link(figures) == (
        "/indicators",
        {"indicator": ["foreign_trade_value"], "region": ["呼和浩特市"]},
    )
    lagging = client.get("/documents", params={"q": "乌海 逾期的任务"}).text
    assert _filtered_link(lagging) == ("/", {"region": ["乌海市"], "status": ["overdue"]})


def test_a_partner_or_an_agreement_leads_to_the_events_timeline(client: TestClient):
    page = client.get("/documents", params={"q": "和山东签了哪些协议"}).text
    assert _chips(page) == [("合作方", "山东省", "签了哪些协议"), ("事件", "协议", "和山东签了哪些")]
    assert _filtered_link(page) == ("/events", {"partner": ["山东省"], "kind": ["agreement"]})
    events = client.get("/events", params={"partner": "山东省", "kind": "agreement"})
    assert events.status_code == 200 and "事件时间线 · 与山东省" in events.text
    both = _filtered_link(client.get("/documents", params={"q": "与俄蒙签的协议"}).text)
    assert both == ("/events", {"partner": ["partner:russia"], "kind": ["agreement"]})  # the timeline takes one
    assert client.get(both[0], params={k: v[0] for k, v in both[1].items()}).status_code == 200


def test_words_no_filter_took_are_searched_for_when_the_whole_question_is_said_nowhere(client: TestClient):
    page = client.get("/documents", params={"q": "全区 中欧班列运行"}).text
    assert [(word, label) for word, label, _ in _chips(page)] == [("地区", "内蒙古自治区"), ("指标", "中欧班列")]
    hits = page.split('<section class="hits">')[1]
    assert "“运行”" in hits and "按条件以外的文字查找" in hits
    assert "<mark>运行</mark>" in hits


def test_a_phrase_said_verbatim_is_still_found_as_it_is(client: TestClient):
    page = client.get("/documents", params={"q": "口岸货运量"}).text
    hits = page.split('<section class="hits">')[1]
    assert "<mark>口岸货运量</mark>" in hits and "按条件以外的文字查找" not in hits


def test_a_plain_phrase_shows_no_chips(client: TestClient):
    page = client.get("/documents", params={"q": "校友经济"}).text
    assert 'class="filter-chip"' not in page and 'class="question"' not in page
