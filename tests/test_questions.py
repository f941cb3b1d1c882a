"""Questions typed into the search box read into filters: each phrasing with
what it asks for, every filter a span of the question, and no input that
makes the reader fail."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.errors import RulesError
from luoshi.questions import FIELDS, parse_question, question_words
from luoshi.rules import load_yaml

TODAY = date(2026, 12, 4)  # 今年 is 2026, 去年 2025

# (question, {field: value}, period, words left to search for)
PHRASINGS = [
    (
        "兴安盟 2025年 欠进度的目标",
        {"region": "兴安盟", "year": "2025", "status": "behind", "kind": "target"},
        "2025",
        [],
    ),
    ("满洲里口岸 货运量", {"port": "满洲里市", "indicator": "port_freight_volume"}, None, []),
    ("和山东签了哪些协议", {"partner": "山东省", "event": "agreement"}, None, []),
    ("呼和浩特 外贸 实际", {"region": "呼和浩特市", "indicator": "foreign_trade_value", "kind": "actual"}, None, []),
    ("赤峰市今年的目标完成了吗", {"region": "赤峰市", "year": "2026", "kind": "target"}, "2026", []),
    (
        "全区 GDP 增长 目标",
        {"region": "内蒙古自治区", "indicator": "gdp_growth", "measure": "growth_pct", "kind": "target"},
        None,
        [],
    ),
    ("与北京去年的考察", {"partner": "北京市", "year": "2025", "event": "visit"}, "2025", []),
    (
        "通辽上半年进出口增速",
        {"region": "通辽市", "part": "H1", "indicator": "foreign_trade_growth", "measure": "growth_pct"},
        "2026-H1",
        [],
    ),
    ("兴安盟和山东签的协议", {"region": "兴安盟", "partner": "山东省", "event": "agreement"}, None, []),
    (
        "乌海市 2025年 逾期未完成的任务",
        {"region": "乌海市", "year": "2025", "status": "overdue", "kind": "target"},
        "2025",
        [],
    ),
    (
        "锡盟2025年一季度招商引资",
        {"region": "锡林郭勒盟", "year": "2025", "part": "Q1", "indicator": "investment_attracted"},
        "2025-Q1",
        [],
    ),
    ("京蒙协作 活动", {"partner": "北京市", "kind": "event"}, None, []),
    ("兴安盟 校友经济", {"region": "兴安盟"}, None, ["校友经济"]),
    ("鄂尔多斯 1-10月 已完成", {"region": "鄂尔多斯市", "part": "10", "status": "met"}, "2026-10", []),
]


@pytest.mark.parametrize(("question", "expected", "period", "rest"), PHRASINGS, ids=[p[0] for p in PHRASINGS])
def test_a_question_reads_into_the_filters_it_asks_for(question, expected, period, rest):
    q = parse_question(question, today=TODAY)
    assert {f.field: f.value for f in q.filters} == expected
    assert len(q.filters) == len(expected)  # no field read twice
    assert q.period == period
    assert q.rest_words == rest


def test_a_place_after_he_or_yu_is_the_partner_not_the_place_asked_about():
    q = parse_question("和山东签了哪些协议", today=TODAY)
    assert q.first("region") is None
    partner = q.first("partner")
    assert partner is not None and q.text[partner.start : partner.end] == "和山东"


@pytest.mark.parametrize(
    ("question", "field", "value", "places"),
    [
        ("满洲里口岸 货运量", "port", "满洲里市", ("port:manzhouli-rail", "port:manzhouli-road", "port:manzhouli-air")),
        ("策克口岸 货运量", "port", "额济纳旗", ("port:ceke",)),
        (
            "锡林郭勒盟口岸",
            "port",
            "锡林郭勒盟",
            ("port:erenhot-rail", "port:zhuengadabuqi", "port:erenhot-road", "port:erenhot-air"),
        ),
        ("京蒙协作 活动", "partner", "北京市", ("partner:110000",)),
        ("与俄蒙签的协议", "partner", "俄罗斯、蒙古国", ("partner:russia", "partner:mongolia")),
        ("长三角 招商引资", "partner", "长三角", ("partner:yangtze-delta",)),
        ("呼市 GDP", "region", "呼和浩特市", ("league:150100",)),
        ("满洲里 中欧班列", "region", "满洲里市", ("city:150781",)),
    ],
)
def test_places_are_the_registrys_entries(question, field, value, places):
    found = parse_question(question, today=TODAY).first(field)
    assert found is not None and (found.value, found.places) == (value, places)


def test_each_filter_names_the_words_it_was_read_from():
    q = parse_question("满洲里口岸 货运量", today=TODAY)
    assert [(q.text[f.start : f.end], f.label) for f in q.filters] == [
        ("满洲里口岸", "满洲里口岸"),
        ("货运量", "口岸货运量"),
    ]


def test_taking_a_filter_out_leaves_the_rest_of_the_question():
    q = parse_question("兴安盟 2025年 欠进度的目标", today=TODAY)
    status = q.first("status")
    assert status is not None
    assert q.without(status) == "兴安盟 2025年 的目标"
    assert {f.field for f in parse_question(q.without(status), today=TODAY).filters} == {"region", "year", "kind"}


def test_a_plain_phrase_with_no_filter_is_all_left_to_search_for():
    q = parse_question("校友经济", today=TODAY)
    assert q.filters == ()
    assert q.rest_words == ["校友经济"]


def test_the_home_region_is_the_callers():
    q = parse_question("全省 GDP 增长 目标", today=TODAY, home="山东省")
    assert q.value("region") == "山东省"


def test_no_question_word_is_listed_for_two_readings():
    seen: dict[str, tuple[str, str]] = {}
    for word, field, value in question_words(load_yaml("questions.yaml")):
        assert seen.setdefault(word, (field, value)) == (field, value), word


def test_a_status_the_code_does_not_know_is_refused_naming_the_file():
    data = dict(load_yaml("questions.yaml"))
    data["statuses"] = {"nearly": ["差不多"]}
    with pytest.raises(RulesError, match=r"questions\.yaml: statuses: unknown status nearly"):
        question_words(data)


QUESTION_PIECES = [
    "兴安盟", "满洲里", "口岸", "和", "与", "山东", "2025年", "今年", "上半年", "一季度", "1-10月", "目标", "实际",
    "欠进度", "逾期未完成", "协议", "GDP", "增长", "货运量", "外贸", "全区", "京蒙", "的", "吗", " ", "？", "年",
    "月", "20", "1", "截至11月底", "前三季度", "内蒙古", "呼和浩特市", "朝阳区", "\u3000", "\n", "👍", "\u202e",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=40), st.lists(st.sampled_from(QUESTION_PIECES), max_size=12).map("".join)))
def test_no_question_breaks_the_reader_and_every_filter_is_a_span_of_it(text):
    q = parse_question(text, today=TODAY)
    covered: list[tuple[int, int]] = []
    for f in q.filters:
        assert f.field in FIELDS
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end].strip() == text[f.start : f.end]
        assert f.value != "" and f.label != ""
        covered.append((f.start, f.end))
    for s, e in q.rest:
        assert 0 <= s < e <= len(text)
        covered.append((s, e))
    covered.sort()
    assert all(a[1] <= b[0] for a, b in zip(covered, covered[1:], strict=False)), covered
    if q.period is not None:
        assert q.period[:4].isdigit()
