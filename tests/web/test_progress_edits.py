"""Progress reports corrected and withdrawn through the API and the target's
page, by their author or an admin only: the board uses the correction and
flags no conflict, a withdrawn report settles nothing, and a figure that
cannot stand for its target (−5列, 5万吨 against 列, 2024) is refused with
the reason in Chinese. On the samples' 全年到发中欧班列力争超过500列
(自治区商务厅's, no outcome stored)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from web_samples import COMMERCE, IM, login

TRAINS = "到发中欧班列"  # 全年到发中欧班列力争超过500列
Headers = Callable[[str], dict[str, str]]


def _trains(client: TestClient, headers: dict[str, str] | None = None) -> dict:
    items = client.get("/api/v1/targets", params={"region": IM, "period": "2025"}).json()["items"]
    [key] = [t["key"] for t in items if TRAINS in t["target"]["quote"]]
    one = client.get("/api/v1/targets/one", params={"key": key}, headers=headers or {})
    assert one.status_code == 200, one.text
    return one.json()


@pytest.fixture(autouse=True)
def _trains_are_commerces(client: TestClient, token: Headers) -> None:
    """As the article says; assigned, so that no reading of it matters here."""
    change = {"target": _trains(client)["key"], "owner": COMMERCE}
    assert client.put("/api/v1/targets/owner", json=change, headers=token("admin")).status_code == 200


def _report(client: TestClient, token: Headers, value: str = "460", period: str = "2025-11") -> dict:
    made = client.post(
        "/api/v1/progress", data={"target": _trains(client)["key"], "value": value, "period": period},
        headers=token("shangwu"),
    )  # fmt: skip
    assert made.status_code == 201, made.text
    return made.json()["report"]


def test_a_correction_through_the_api_is_the_figure_used_without_conflict(client: TestClient, token: Headers):
    first = _report(client, token)
    fixed = client.put(f"/api/v1/progress/{first['id']}", json={"value": 465}, headers=token("shangwu"))
    assert fixed.status_code == 200, fixed.text
    body = fixed.json()
    assert body["replaced"]["id"] == first["id"] and body["replaced"]["state"].startswith("已更正")
    assert body["report"]["supersedes"] == first["id"] and body["report"]["period"] == "2025-11"
    one = _trains(client, token("shangwu"))
    assert one["chosen"]["value"] == 465 and not one["conflict"]
    assert [a["value"] for a in one["actuals"]] == [465]
    assert [(r["value"], r["current"]) for r in one["progress_reports"]] == [(465, True), (460, False)]
    assert one["audit"][0]["action"] == "progress.correct"
    assert (one["audit"][0]["before"]["value"], one["audit"][0]["after"]["value"]) == (460, 465)


def test_a_withdrawn_report_settles_nothing(client: TestClient, token: Headers):
    first = _report(client, token)
    gone = client.delete(f"/api/v1/progress/{first['id']}", params={"reason": "口径有误"}, headers=token("shangwu"))
    assert gone.status_code == 200, gone.text
    assert gone.json()["report"]["state"] == "已撤回" and gone.json()["report"]["withdrawn_by"] == "shangwu"
    one = _trains(client, token("shangwu"))
    assert one["chosen"] is None and one["status_word"] == "暂无数据" and one["actuals"] == []
    assert one["audit"][0]["action"] == "progress.withdraw" and one["audit"][0]["after"]["reason"] == "口径有误"
    again = client.delete(f"/api/v1/progress/{first['id']}", headers=token("shangwu"))
    assert again.status_code == 422 and "已撤回" in again.json()["error"]["message"]


def test_only_the_author_or_an_admin_may_change_a_report(client: TestClient, token: Headers):
    first = _report(client, token)
    for who in ("nongmu", "viewer"):
        put = client.put(f"/api/v1/progress/{first['id']}", json={"value": 1}, headers=token(who))
        delete = client.delete(f"/api/v1/progress/{first['id']}", headers=token(who))
        assert (put.status_code, delete.status_code) == (403, 403)
    assert _trains(client)["chosen"]["value"] == 460
    by_admin = client.put(f"/api/v1/progress/{first['id']}", json={"value": 470}, headers=token("admin"))
    assert by_admin.status_code == 200 and by_admin.json()["report"]["username"] == "admin"
    anonymous = client.delete(f"/api/v1/progress/{by_admin.json()['report']['id']}")
    assert anonymous.status_code == 401


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"value": "-5", "period": "2025-10"}, "不能为负数"),
        ({"value": "5", "period": "2025-10", "unit": "万吨"}, "单位 万吨 与目标的单位 列 不一致"),
        ({"value": "440", "period": "2024"}, "填报期 2024 不在目标期 2025 内"),
        ({"value": "440", "period": "2025-M10"}, "不是年初至今的累计数"),
    ],
)
def test_a_figure_that_cannot_stand_for_the_target_is_refused(
    client: TestClient, token: Headers, form: dict[str, str], message: str
):
    key = _trains(client)["key"]
    refused = client.post("/api/v1/progress", data={"target": key, **form}, headers=token("shangwu"))
    assert refused.status_code == 422 and message in refused.json()["error"]["message"]
    assert _trains(client, token("shangwu"))["progress_reports"] == []


def test_a_bad_correction_is_refused_and_the_report_stands(client: TestClient, token: Headers):
    first = _report(client, token)
    refused = client.put(f"/api/v1/progress/{first['id']}", json={"value": -5}, headers=token("shangwu"))
    assert refused.status_code == 422 and "不能为负数" in refused.json()["error"]["message"]
    assert _trains(client)["chosen"]["value"] == 460


@pytest.mark.parametrize("report_id", ["999", "0", str(2**63), "x"])
def test_an_unknown_report_is_a_4xx(client: TestClient, token: Headers, report_id: str):
    put = client.put(f"/api/v1/progress/{report_id}", json={"value": 1}, headers=token("admin"))
    delete = client.delete(f"/api/v1/progress/{report_id}", headers=token("admin"))
    assert put.status_code in (404, 422) and delete.status_code in (404, 422)
    if report_id == "999":
        assert "没有编号为 999 的进展报告" in put.json()["error"]["message"]


def test_a_session_needs_its_csrf_token_to_change_a_report(client: TestClient, token: Headers):
    first = _report(client, token)
    csrf = login(client, "shangwu")
    forged = client.put(f"/api/v1/progress/{first['id']}", json={"value": 465})
    assert forged.status_code == 403
    done = client.put(f"/api/v1/progress/{first['id']}", json={"value": 465}, headers={"X-CSRF-Token": csrf})
    assert done.status_code == 200, done.text


def test_the_targets_page_corrects_and_withdraws_a_report(client: TestClient, token: Headers):
    first = _report(client, token)
    key = _trains(client)["key"]
    csrf = login(client, "shangwu")
    page = client.get("/targets", params={"key": key}).text
    assert f'action="/reports/{first["id"]}/correct"' in page and "更正或撤回" in page
    forged = client.post(f"/reports/{first['id']}/correct", data={"value": "465", "period": "2025-11"})
    assert forged.status_code in (403, 422)
    form = {"value": "465", "period": "2025-11", "note": "铁路局更正", "csrf": csrf}
    done = client.post(f"/reports/{first['id']}/correct", data=form, follow_redirects=False)
    assert done.status_code == 303, done.text
    page = client.get(done.headers["location"]).text
    assert f"已更正（见报告 {first['id'] + 1}）" in page and "<s>460列</s>" in page and "465列" in page
    new_id = int(re.findall(r'action="/reports/(\d+)/withdraw"', page)[0])
    gone = client.post(f"/reports/{new_id}/withdraw", data={"reason": "重复填报", "csrf": csrf}, follow_redirects=False)
    assert gone.status_code == 303
    page = client.get(gone.headers["location"]).text
    assert "已撤回" in page and "撤回进展" in page and 'action="/reports/' not in page
    assert _trains(client)["status_word"] == "暂无数据"


def test_another_owner_sees_no_correction_form_and_is_refused(client: TestClient, token: Headers):
    first = _report(client, token)
    key = _trains(client)["key"]
    csrf = login(client, "nongmu")
    assert f'action="/reports/{first["id"]}/correct"' not in client.get("/targets", params={"key": key}).text
    refused = client.post(f"/reports/{first['id']}/withdraw", data={"csrf": csrf}, follow_redirects=False)
    assert refused.status_code == 403 and "只有填报人 shangwu 或管理员可以" in refused.text
