"""A 通报 over the office's task list: its 完成时限 in the 通报 and the
annex, 逾期未完成 among the lagging tasks with the days overdue, 临期 named
in 下一步工作, counted in the columns the 通报 lists."""

from __future__ import annotations

from bulletin_samples import IM, MID_YEAR, add_task_list

from luoshi.bulletin import make_bulletin
from luoshi.bulletin.compose import Para, Table, compose
from luoshi.store.sql import SqlStore


def test_overdue_and_due_soon_tasks_are_counted_named_and_urged(store: SqlStore) -> None:
    add_task_list(store)
    b = make_bulletin(store, IM, "2025", as_of=MID_YEAR, due_within=90)
    by_name = {t.name: t for t in b.tasks}
    # 在京高标准建设2个共享前置仓, due 2025年6月底前, nothing reported by July 31
    shelves = by_name["共享前置仓"]
    assert (shelves.category, shelves.lagging, shelves.deadline) == ("逾期未完成", True, "2025年6月30日")
    assert shelves.shortfall.startswith("已逾期31天")
    # 77个农畜产品供应基地, due 三季度末: within the 90 days asked for
    bases = by_name["农畜产品供应基地"]
    assert (bases.category, bases.lagging) == ("临期", False) and bases.shortfall.startswith("距完成时限还有61天")
    counts = dict(b.counts())
    assert counts["逾期未完成"] >= 1 and counts["临期"] >= 1
    blocks = compose(b, None)
    text = "\n".join(x.text for x in blocks if isinstance(x, Para))
    assert "（一）" in text and "共享前置仓（牵头单位：自治区农牧厅，逾期未完成）" in text
    assert "完成时限：2025年6月30日" in text
    assert "临近完成时限（" in text and "农畜产品供应基地" in text.split("临近完成时限（", 1)[1]
    annex = [x for x in blocks if isinstance(x, Table)][-1]
    assert "完成时限" in annex.columns
    column = annex.columns.index("完成时限")
    assert "2025年6月30日" in {row[column] for row in annex.rows}
