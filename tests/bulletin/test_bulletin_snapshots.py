"""Each 通报 issued is kept (DuckDB and PostgreSQL): the next one of its
scope is numbered after it and says what changed; a past one comes back as
issued; a 通报 as of a day reads only the documents known by then."""

from __future__ import annotations

from datetime import UTC, datetime

from bulletin_samples import COMMERCE, IM, MID_YEAR, NEXT_YEAR

from luoshi.accounts import Accounts
from luoshi.bulletin import Bulletin, Snapshots, issue, make_bulletin
from luoshi.store.sql import SqlStore


def _by_name(b: Bulletin) -> dict[str, str]:
    return {t.name: t.category for t in b.tasks}


def test_a_bulletin_as_of_a_day_reads_only_what_was_known_then(store: SqlStore) -> None:
    mid = make_bulletin(store, IM, "2025", as_of=MID_YEAR)
    # July 2025: the half-year figures only; the 2026 report and the year's statistics are later
    assert _by_name(mid)["口岸货运量"] == "欠进度"
    assert _by_name(mid)["招商引资国内到位资金"] == "暂无数据"
    late = next(t for t in mid.tasks if t.name == "口岸货运量")
    assert late.shortfall == "完成目标的38.5%，落后序时进度（50.0%）11.5个百分点"
    assert late.latest == "2025年1-6月0.5亿吨" and late.latest_source.endswith("2025年7月15日")
    later = make_bulletin(store, IM, "2025", as_of=NEXT_YEAR)
    assert _by_name(later)["口岸货运量"] == "已完成" and _by_name(later)["中欧班列"] == "未完成"


def test_the_next_bulletin_counts_what_was_newly_met_and_newly_late(any_store: SqlStore) -> None:
    first = make_bulletin(any_store, IM, "2025", as_of=MID_YEAR)
    assert first.number == 1 and first.change is None
    issue(any_store, first, "test")
    second = make_bulletin(any_store, IM, "2025", as_of=NEXT_YEAR)
    assert second.number == 2
    assert second.change is not None
    assert (second.change.number, second.change.as_of) == (1, "2025-07-31")
    assert second.change.newly_met == ("口岸货运量", "招商引资国内到位资金")
    assert second.change.newly_lagging == ("中欧班列",)
    # an owner's 通报 is a scope of its own
    own = make_bulletin(any_store, IM, "2025", owner="商务厅", as_of=NEXT_YEAR)
    assert own.number == 1 and own.change is None and {t.owner for t in own.tasks} == {COMMERCE}


def test_issued_bulletins_are_listed_and_come_back_as_issued(any_store: SqlStore) -> None:
    snaps = Snapshots(any_store.backend)
    first = make_bulletin(any_store, IM, "2025", as_of=MID_YEAR, now=datetime(2025, 7, 31, 2, tzinfo=UTC))
    first_id = issue(any_store, first, "admin")
    second = make_bulletin(any_store, IM, "2025", as_of=NEXT_YEAR)
    second_id = issue(any_store, second, "admin")
    listed = snaps.list()
    assert [(i.id, i.number, i.as_of) for i in listed] == [(second_id, 2, NEXT_YEAR), (first_id, 1, MID_YEAR)]
    assert listed[0].title == "关于内蒙古自治区2025年重点任务推进情况的通报"
    assert dict(listed[1].counts) == {"欠进度": 1, "暂无数据": 5}
    again = snaps.content(first_id)
    assert again == first  # every task, figure and source as it was reported
    assert snaps.content(10_000) is None
    # the issue is in the audit log
    entries = Accounts(any_store).audit_log(object=f"bulletin:{first_id}")
    assert [(e.action, e.username, e.after["number"]) for e in entries] == [("bulletin.issue", "admin", 1)]


def test_issuing_again_the_same_day_replaces_that_days_bulletin(any_store: SqlStore) -> None:
    issue(any_store, make_bulletin(any_store, IM, "2025", as_of=MID_YEAR), "test")
    issue(any_store, make_bulletin(any_store, IM, "2025", as_of=NEXT_YEAR), "test")
    again = make_bulletin(any_store, IM, "2025", as_of=NEXT_YEAR)
    assert again.number == 2 and again.change is not None and again.change.number == 1
    issue(any_store, again, "test")
    assert [i.number for i in Snapshots(any_store.backend).list(region=IM)] == [2, 1]
    assert Snapshots(any_store.backend).list(region="北京市") == []
