"""Task lists on the web: an admin uploads the office's 任务分解表 (a job,
like every upload; owners may not), the board and the API show each
target's 完成时限 and mark it 逾期未完成 or 临期 as of today in Beijing,
and a commitment without a figure is settled by its owner's report that
it is done — with its evidence — or by an admin's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_samples import FARMING, IM, login

from luoshi.track.deadlines import today

Headers = Callable[[str], dict[str, str]]
WAIT = {"wait": 60}
SAMPLE_LIST = Path(__file__).resolve().parents[1] / "tasks" / "data" / "nmg_tasks_2025.csv"

# A task list whose deadlines lie around today: one passed five days ago,
# one ten days ahead, one far off. Its year is that of 40 days ago, so that
# every deadline falls in it or after, whatever today is.
TODAY = today()
YEAR = (TODAY - timedelta(days=40)).year
LATE, SOON, LATER = TODAY - timedelta(days=5), TODAY + timedelta(days=10), TODAY + timedelta(days=100)
MECHANISM = "建立京蒙农畜产品产销对接机制"  # late
PLAN = "出台农畜产品电商销售渠道拓展方案"  # due soon
PORTAL = "建成农畜产品供应基地信息平台"  # far off


def _around_today() -> bytes:
    rows = [
        f"{IM}{YEAR}年京蒙协作重点任务分解表,,,,",
        "序号,重点任务,牵头单位,责任单位,完成时限",
        f"1,{MECHANISM},{FARMING},自治区商务厅,{LATE.isoformat()}",
        f"2,{PLAN},{FARMING},自治区商务厅,{SOON.isoformat()}",
        f"3,{PORTAL},{FARMING},,{LATER.isoformat()}",
    ]
    return ("\n".join(rows) + "\n").encode("utf-8")


def _upload(client: TestClient, headers: dict[str, str], name: str, data: bytes, **form: str) -> Any:
    return client.post("/api/v1/tasks", files={"file": (name, data)}, data=form, params=WAIT, headers=headers)


def _items(client: TestClient, period: str) -> list[dict[str, Any]]:
    return client.get("/api/v1/targets", params={"region": IM, "period": period, "limit": 500}).json()["items"]


def _item(client: TestClient, period: str, words: str) -> dict[str, Any]:
    [found] = [t for t in _items(client, period) if words in t["target"]["quote"]]
    return found


@pytest.fixture
def listed(client: TestClient, token: Headers) -> TestClient:
    done = _upload(client, token("admin"), "京蒙协作任务.csv", _around_today())
    assert done.status_code == 201, done.text
    return client


def test_an_admin_uploads_the_task_list_and_its_targets_join_the_news_with_the_lists_deadlines(
    client: TestClient, token: Headers
):
    done = _upload(client, token("admin"), SAMPLE_LIST.name, SAMPLE_LIST.read_bytes())
    assert done.status_code == 201, done.text
    [doc] = done.json()["documents"]
    listing = client.get("/api/v1/documents").json()["items"]
    [stored] = [d for d in listing if d["id"] == doc["id"]]
    assert stored["source_type"] == "task_list" and stored["statement_count"] == 10
    freight = _item(client, "2025", "口岸货运量")
    assert freight["deadline"] == "2025-12-31" and freight["owner"] == "自治区商务厅"
    assert freight["target"]["quote"] == "全年实现口岸货运量1.3亿吨"  # the list's row is the primary
    assert [s["authority"] for s in freight["sources"]] == ["任务分解表", "新闻及其他"]
    assert freight["status"] == "met" and freight["outcome_status"] is None  # 1.32亿吨 by the statistics
    warehouses = _item(client, "2025", "共享前置仓")
    assert warehouses["deadline"] == "2025-06-30" and warehouses["co_owners"] == ["自治区商务厅", "自治区供销合作社"]


def test_owners_may_not_upload_a_task_list(client: TestClient, token: Headers):
    refused = _upload(client, token("nongmu"), "任务.csv", _around_today())
    assert refused.status_code == 403
    login(client, "nongmu")
    assert "任务分解表" not in client.get("/upload").text
    login(client, "admin")
    assert 'action="/upload/tasks"' in client.get("/upload").text


def test_a_task_list_with_bad_rows_fails_its_job_naming_each_row(client: TestClient, token: Headers):
    head = f"{IM}{YEAR}年重点任务分解表\n序号,重点任务,牵头单位,完成时限\n"
    bad = head + f"1,{MECHANISM},,年底前\n2,{PLAN},{FARMING},尽快\n"
    failed = _upload(client, token("admin"), "坏任务表.csv", bad.encode("utf-8"))
    error = failed.json()["error"]["message"]
    assert failed.status_code == 400 and error.startswith("任务分解表有误：坏任务表.csv: 2 行有问题，未导入任何任务：")
    assert "第3行：缺少牵头单位；第4行：完成时限「尽快」无法识别" in error
    assert not any(MECHANISM in t["target"]["quote"] for t in _items(client, str(YEAR)))


def test_the_board_and_the_api_mark_deadlines_passed_and_near_as_of_today(listed: TestClient):
    late, soon, later = (_item(listed, str(YEAR), words) for words in (MECHANISM, PLAN, PORTAL))
    assert (late["status"], late["status_word"], late["deadline"], late["days_left"]) == (
        "overdue", "逾期未完成", LATE.isoformat(), -5,
    )  # fmt: skip
    assert late["as_of"] == TODAY.isoformat() and late["outcome_status"] == "no_data"
    assert (soon["status"], soon["days_left"]) == ("due_soon", 10)
    assert (later["status"], later["deadline"], later["outcome_status"]) == ("no_data", LATER.isoformat(), None)
    board = listed.get("/", params={"region": IM, "period": str(YEAR)}).text
    assert "<th>完成时限</th>" in board
    assert 'class="days overdue">逾期5天<' in board and 'class="days due-soon">剩10天<' in board
    assert 'class="status overdue">逾期未完成（逾期5天，暂无数据）<' in board
    assert 'class="status due-soon">临期（剩10天，暂无数据）<' in board


def test_the_window_of_due_soon_is_a_server_setting(make_client: Callable[..., TestClient], token: Headers):
    narrow = make_client(due_within=7)
    from luoshi.accounts import Accounts

    with narrow.app.state.luoshi.writing() as store:  # type: ignore[attr-defined]
        admin = {"Authorization": f"Bearer {Accounts(store).issue_token('admin', 'tests')}"}
    assert _upload(narrow, admin, "京蒙协作任务.csv", _around_today()).status_code == 201
    assert _item(narrow, str(YEAR), PLAN)["status"] == "no_data"  # ten days ahead: outside 7


def test_an_owner_reports_a_commitment_done_with_its_evidence_and_it_is_met(listed: TestClient):
    key = _item(listed, str(YEAR), MECHANISM)["key"]
    csrf = login(listed, "nongmu")
    page = listed.get("/targets", params={"key": key}).text
    assert 'id="done-form"' in page and 'id="progress-form"' not in page and "完成时限" in page
    bare = listed.post("/targets/done", data={"key": key, "csrf": csrf}, follow_redirects=False)
    assert bare.status_code == 422 and "报告已完成须写明完成情况（说明）或附上依据（附件）" in bare.text
    done = listed.post(
        "/targets/done",
        data={"key": key, "csrf": csrf, "note": "已于本月召开产销对接会，印发工作机制"},
        files={"attachment": ("产销对接机制.pdf", b"%PDF-1.4 minutes")},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    item = _item(listed, str(YEAR), MECHANISM)
    assert item["status"] == "met" and item["status_word"] == "已完成" and item["outcome_status"] is None
    assert item["chosen"]["quote"].endswith("已完成") and item["chosen"]["source"]["authority"] == "责任单位报送"
    [report] = listed.get("/api/v1/targets/one", params={"key": key}).json()["progress_reports"]
    assert report["done"] is True and report["value"] is None and report["attachment"] == "产销对接机制.pdf"
    assert ">已完成</a>" in listed.get("/targets", params={"key": key}).text


def test_only_the_commitments_owner_or_an_admin_reports_it_done(listed: TestClient, token: Headers):
    key = _item(listed, str(YEAR), PLAN)["key"]
    other = listed.post("/api/v1/progress/done", data={"target": key, "note": "已出台"}, headers=token("shangwu"))
    assert other.status_code == 403 and "该目标的责任单位是 自治区农牧厅" in other.json()["error"]["message"]
    admin = listed.post("/api/v1/progress/done", data={"target": key, "note": "经核实已出台"}, headers=token("admin"))
    assert admin.status_code == 201, admin.text
    assert _item(listed, str(YEAR), PLAN)["status"] == "met"
    figure = _item(listed, "2025", "到发中欧班列")["key"]
    refused = listed.post("/api/v1/progress/done", data={"target": figure, "note": "已完成"}, headers=token("admin"))
    assert refused.status_code == 422 and "有数量指标：请填报进展数值" in refused.json()["error"]["message"]
