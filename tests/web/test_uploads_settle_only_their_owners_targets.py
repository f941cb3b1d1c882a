"""Authority on the web: the attack of issue 10 through the API and the
pages. 自治区农牧厅 (nongmu) uploads a text titled 内蒙古自治区政府工作报告摘要
saying 全年到发中欧班列300列; 自治区商务厅's target 到发中欧班列力争超过500列
stays as it was, the figure listed as unconfirmed, until an admin confirms
the document; the audit log says who did what."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from fastapi.testclient import TestClient
from web_samples import COMMERCE, FARMING, IM, TRAINS, finished_job, login

Headers = Callable[[str], dict[str, str]]
FAKE = "# 内蒙古自治区政府工作报告摘要\n\n发布时间：2026-01-20\n\n2025年，全区全年到发中欧班列300列。\n".encode()
FILE = "内蒙古自治区政府工作报告摘要.md"


def _trains(client: TestClient) -> dict:
    found = client.get("/api/v1/targets", params={"region": IM, "period": "2025"}).json()
    [item] = [t for t in found["items"] if TRAINS in t["target"]["quote"]]
    return client.get("/api/v1/targets/one", params={"key": item["key"]}).json()


def _upload_fake(client: TestClient, headers: dict[str, str], **form: str) -> dict:
    up = client.post("/api/v1/documents", params={"wait": 60}, files={"file": (FILE, FAKE, "text/markdown")},
                     data=form, headers=headers)  # fmt: skip
    assert up.status_code == 201, up.text
    [doc] = up.json()["documents"]
    assert doc["added"]
    return doc


def test_an_owners_upload_titled_a_work_report_does_not_settle_another_owners_target(
    client: TestClient, token: Headers
):
    before = _trains(client)
    assert before["status_word"] == "暂无数据" and before["owner"] == COMMERCE
    doc = _upload_fake(client, token("nongmu"))
    stored = client.get(f"/api/v1/documents/{doc['id']}").json()
    assert (stored["source_type"], stored["source_type_label"], stored["owner"], stored["uploaded_by"]) == (
        "owner_report", "责任单位报送", FARMING, "nongmu",
    )  # fmt: skip
    assert stored["confirmed"] is False and stored["title"] == "内蒙古自治区政府工作报告摘要"

    after = _trains(client)
    assert after["status_word"] == "暂无数据" and after["chosen"] is None and after["actuals"] == []
    [listed] = after["unconfirmed"]
    assert listed["value"] == 300 and listed["used"] is False and listed["href"].startswith(f"/documents/{doc['id']}")
    assert listed["source"]["authority"] == "责任单位报送" and listed["source"]["confirmed"] is False


def test_after_an_admin_confirms_the_document_it_counts_with_the_type_given(client: TestClient, token: Headers):
    doc = _upload_fake(client, token("nongmu"))
    refused = client.post(
        f"/api/v1/documents/{doc['id']}/confirm", json={"source_type": "政府工作报告"}, headers=token("nongmu")
    )
    assert refused.status_code == 403 and "需要角色：admin" in refused.json()["error"]["message"]
    done = client.post(
        f"/api/v1/documents/{doc['id']}/confirm", json={"source_type": "政府工作报告"}, headers=token("admin")
    )
    assert done.status_code == 200, done.text
    assert done.json()["confirmed_by"] == "admin" and done.json()["source_type"] == "government_work_report"
    after = _trains(client)
    assert after["status_word"] == "未完成" and after["unconfirmed"] == []
    assert after["chosen"]["value"] == 300 and after["chosen"]["source"]["authority"] == "政府工作报告"


def test_the_audit_log_names_the_upload_and_the_confirmation(client: TestClient, token: Headers):
    doc = _upload_fake(client, token("nongmu"))
    client.post(f"/api/v1/documents/{doc['id']}/confirm", json={"source_type": "news"}, headers=token("admin"))
    entries = client.get("/api/v1/audit", params={"object": f"document:{doc['id']}"}, headers=token("admin"))
    confirm, upload = entries.json()["items"]
    assert (upload["username"], upload["action"]) == ("nongmu", "document.upload")
    assert upload["after"]["file"] == FILE and upload["after"]["file_sha256"] == hashlib.sha256(FAKE).hexdigest()
    assert upload["after"]["id"] == doc["id"] and upload["after"]["source_type"] == "owner_report"
    assert (confirm["username"], confirm["action"]) == ("admin", "document.confirm")
    assert confirm["before"]["confirmed_by"] is None and confirm["after"]["confirmed_by"] == "admin"
    assert confirm["after"]["source_type"] == "news"


def test_an_owner_cannot_choose_a_source_type_and_a_wrong_one_is_named(client: TestClient, token: Headers):
    total = client.get("/api/v1/documents").json()["total"]
    chosen = client.post(
        "/api/v1/documents", files={"file": (FILE, FAKE)}, data={"source_type": "government_work_report"},
        headers=token("nongmu"),
    )  # fmt: skip
    assert chosen.status_code == 403 and "只能是责任单位报送" in chosen.json()["error"]["message"]
    wrong = client.post("/api/v1/documents", files={"file": (FILE, FAKE)}, data={"source_type": "官方"},
                        headers=token("admin"))  # fmt: skip
    assert wrong.status_code == 422 and "'官方' 不是可选的来源类型" in wrong.json()["error"]["message"]
    missing = client.post("/api/v1/documents/nothing/confirm", json={}, headers=token("admin"))
    assert missing.status_code == 404 and "没有文档 nothing" in missing.json()["error"]["message"]
    assert client.get("/api/v1/documents").json()["total"] == total


def test_an_admins_upload_counts_with_the_type_chosen(client: TestClient, token: Headers):
    doc = _upload_fake(client, token("admin"), source_type="government_document")
    stored = client.get(f"/api/v1/documents/{doc['id']}").json()
    assert stored["source_type"] == "government_document" and stored["confirmed_by"] == "admin"
    assert _trains(client)["chosen"]["source"]["authority"] == "政府文件"


def test_an_admin_confirms_a_document_on_its_page(client: TestClient, token: Headers):
    doc = _upload_fake(client, token("nongmu"))
    csrf = login(client, "admin")
    page = client.get(f"/documents/{doc['id']}")
    assert "未确认" in page.text and f'action="/documents/{doc["id"]}/confirm"' in page.text
    assert "未确认" in client.get("/documents").text
    forged = client.post(f"/documents/{doc['id']}/confirm", data={"csrf": "forged", "source_type": "news"})
    assert forged.status_code == 403
    done = client.post(
        f"/documents/{doc['id']}/confirm", data={"csrf": csrf, "source_type": "政府工作报告"}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == f"/documents/{doc['id']}"
    assert "已确认（admin，" in client.get(f"/documents/{doc['id']}").text  # who, then when (北京时间)
    assert _trains(client)["status_word"] == "未完成"


def test_an_owner_sees_no_confirm_control_and_the_upload_form_says_what_an_upload_counts_for(client: TestClient):
    login(client, "nongmu")
    form = client.get("/upload").text
    assert "记为责任单位报送" in form and 'name="source_type"' not in form
    csrf = login(client, "admin")
    assert 'name="source_type"' in client.get("/upload").text
    up = client.post(
        "/upload/document", files={"file": (FILE, FAKE)}, data={"csrf": csrf, "source_type": "news"},
        follow_redirects=False,
    )  # fmt: skip
    assert up.status_code == 303
    [doc] = finished_job(client, up.headers["location"])["documents"]
    assert "确认此文档" not in client.get(doc["href"]).text  # an admin's upload is confirmed by them
