"""One target, one row: a target stated in several documents (the work
report, the task list, a newspaper restating it) is one row of the board
with every statement as a source, the primary chosen by authority, the
others marked as agreeing with it or not; counts count targets."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime

from track_samples import IM, Text, figure, index_of

from luoshi.track.board import scoreboard
from luoshi.track.same_target import QUALIFIER, VALUE
from luoshi.types import Kind

TASKS = Text(
    "tasks_2025.md",
    "2025年区域合作任务分解\n\n"
    "一、力争全年口岸货运量达到1.3亿吨。（牵头单位：自治区商务厅）\n"
    "二、全年到发中欧班列力争突破500列。（牵头单位：自治区商务厅）\n",
    "2025-02-10",
)
REPORT = Text(
    "2025_内蒙古自治区_政府工作报告.md",
    "2025年主要预期目标：全年口岸货运量1.3亿吨，到发中欧班列500列以上。",
    "2025-01-20",
    title="2025年内蒙古自治区政府工作报告",
)
NEWS = Text(
    "news_2025.md",
    "今年全区口岸货运量的目标是1.2亿吨左右。全年经口岸进出境中欧班列力争达到500列。",
    "2025-03-01",
)
OUTCOME = Text("stats_2026.md", "2025年，全区口岸货运量1.32亿吨。", "2026-01-25")


def board(*texts: Text, **kw: object):
    return scoreboard(index_of(*texts, **kw), region=IM, period="2025")  # type: ignore[arg-type]


def row(found, indicator: str, words: str = ""):
    [a] = [a for a in found if a.target.indicator == indicator and all(words in r.statement.quote for r in a.sources)]
    return a


def test_a_target_in_the_report_and_the_task_list_is_one_row_with_both_sources():
    found = board(TASKS, REPORT, OUTCOME)
    assert len(found) == 2  # four target statements, two targets
    freight = row(found, "port_freight_volume")
    # the work report outranks the task list: its figure is the one judged
    assert freight.target.doc == REPORT.name and freight.target.quote == "全年口岸货运量1.3亿吨"
    assert [(r.statement.doc, r.agrees) for r in freight.sources] == [(REPORT.name, True), (TASKS.name, True)]
    assert freight.status.word == "已完成" and freight.chosen is not None and freight.chosen.statement.value == 1.32
    # the owner is the one the task list names, though the report names none
    assert freight.target.owner is None and freight.named_owner == "自治区商务厅"


def test_counts_count_targets_not_the_documents_stating_them():
    alone = board(TASKS, OUTCOME)
    restated = board(TASKS, REPORT, OUTCOME)
    assert (
        Counter(a.status.word for a in restated)
        == Counter(a.status.word for a in alone)
        == {
            "已完成": 1,
            "暂无数据": 1,
        }
    )


def test_a_source_stating_another_figure_is_listed_as_differing():
    freight = row(board(TASKS, NEWS), "port_freight_volume")
    assert freight.target.doc == NEWS.name  # both news: the later publication is primary
    [task] = [r for r in freight.sources if r.statement.doc == TASKS.name]
    assert not task.agrees and task.differs == (VALUE, QUALIFIER)  # 1.3亿吨 against 1.2亿吨左右


def test_trains_crossing_the_ports_are_not_the_trains_starting_or_ending_here():
    trains = [a for a in board(TASKS, NEWS) if a.target.indicator == "china_europe_trains"]
    assert sorted(len(a.sources) for a in trains) == [1, 1]
    assert {a.target.doc for a in trains} == {TASKS.name, NEWS.name}


def test_an_outcome_beside_a_restated_goal_settles_the_goal_set_before():
    # the 2026 report says the 2025 goal again beside its outcome: the goal
    # is the report's too, yet the outcome settles the one the plan set
    plan = figure(1.3, kind=Kind.TARGET, doc="plan.txt", quote="全年口岸货运量1.3亿吨", value_text="1.3亿吨")
    again = replace(plan, doc=REPORT_2026.name, start=40)
    actual = figure(1.32, doc=REPORT_2026.name, start=10, quote="口岸货运量1.32亿吨", value_text="1.32亿吨")
    extra = [(PLAN_DOC, [plan]), (REPORT_2026, [again, actual])]
    [a] = scoreboard(index_of(extra=extra), region=IM, period="2025")
    assert a.target.doc == REPORT_2026.name and len(a.sources) == 2
    assert a.status.word == "已完成" and a.chosen is not None and a.chosen.statement == actual


PLAN_DOC = replace(Text("plan.txt", "计划", "2025-02-10").stored(), ingested_at=datetime(2025, 2, 10, tzinfo=UTC))
REPORT_2026 = replace(
    Text("report_2026.md", "报告", "2026-01-25", title="2026年内蒙古自治区政府工作报告").stored(),
    ingested_at=datetime(2026, 1, 25, tzinfo=UTC),
)


def test_the_key_stays_with_the_statement_stored_first_when_a_higher_authority_arrives():
    plan = figure(1.3, kind=Kind.TARGET, doc="plan.txt", quote="全年口岸货运量1.3亿吨", value_text="1.3亿吨")
    [before] = scoreboard(index_of(extra=[(PLAN_DOC, [plan])]), region=IM, period="2025")
    again = replace(plan, doc=REPORT_2026.name)
    [after] = scoreboard(index_of(extra=[(PLAN_DOC, [plan]), (REPORT_2026, [again])]), region=IM, period="2025")
    assert before.anchor == after.anchor == plan
    assert after.target.doc == REPORT_2026.name  # the primary changed, the address did not


def test_an_indicator_named_by_its_words_is_one_target_whichever_conjunction_joins_them():
    def bases(doc: str, name: str):
        return figure(77, kind=Kind.TARGET, doc=doc, indicator=f"other:{name}", unit="个", scale=1, quote=f"77个{name}")

    found = board(extra=[(TASKS.stored(), [bases(TASKS.name, "农畜产品供应基地和直采直供基地")]),
                         (NEWS.stored(), [bases(NEWS.name, "农畜产品供应基地及直采直供基地")])])  # fmt: skip
    assert [len(a.sources) for a in found] == [2]
    other = figure(77, kind=Kind.TARGET, doc=NEWS.name, indicator="other:直采直供基地", unit="个", scale=1)
    assert len(board(extra=[(TASKS.stored(), [bases(TASKS.name, "农畜产品供应基地")]), (NEWS.stored(), [other])])) == 2


def test_a_numeral_naming_a_programme_is_one_target_only_where_said_alike():
    def programme(doc: str, words: str):
        return figure(6, kind=Kind.TARGET, doc=doc, indicator="other:倍增计划", unit="个", scale=1, quote=words,
                      in_name=True)  # fmt: skip

    alike = [
        (TASKS.stored(), [programme(TASKS.name, "六个倍增计划")]),
        (NEWS.stored(), [programme(NEWS.name, "六个倍增计划")]),
    ]
    apart = [
        (TASKS.stored(), [programme(TASKS.name, "六个倍增计划")]),
        (NEWS.stored(), [programme(NEWS.name, "六项倍增计划")]),
    ]
    assert [len(a.sources) for a in board(extra=alike)] == [2]
    assert [len(a.sources) for a in board(extra=apart)] == [1, 1]


def test_one_document_giving_two_figures_for_one_indicator_names_two_targets():
    # 产值突破1300亿元 of one industry, 产值超过350亿元 of another, both read as other:产值;
    # two growth rates of one indicator in one text are two things as much
    def output(value: float, start: int, indicator: str = "other:产值"):
        return figure(value, kind=Kind.TARGET, doc=TASKS.name, indicator=indicator, unit="亿元", start=start)

    said = [
        output(1300, 10),
        output(350, 40),
        output(1300, 90),
        output(5, 120, "gdp_growth"),
        output(6, 150, "gdp_growth"),
    ]
    found = board(extra=[(TASKS.stored(), said)])
    assert sorted((a.target.indicator, a.target.value, len(a.sources)) for a in found) == [
        ("gdp_growth", 5.0, 1),
        ("gdp_growth", 6.0, 1),
        ("other:产值", 350.0, 1),
        ("other:产值", 1300.0, 2),  # the same figure said again: one target
    ]


def test_a_figure_under_the_texts_own_words_differing_from_anothers_is_another_target():
    def bases(doc: str, value: float):
        return figure(value, kind=Kind.TARGET, doc=doc, indicator="other:国家级", unit="个", scale=1)

    found = board(extra=[(TASKS.stored(), [bases(TASKS.name, 7)]), (NEWS.stored(), [bases(NEWS.name, 20)])])
    assert sorted(a.target.value for a in found) == [7, 20]
    same = board(extra=[(TASKS.stored(), [bases(TASKS.name, 7)]), (NEWS.stored(), [bases(NEWS.name, 7)])])
    assert [len(a.sources) for a in same] == [2]
