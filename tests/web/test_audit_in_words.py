"""The audit log as people read it: Chinese actions, field-name: value pairs
with Chinese field names (not raw JSON with English keys), Beijing time on
the page and a Chinese summary beside the raw records in the API."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from html import unescape

from fastapi.testclient import TestClient
from web_samples import COMMERCE, FARMING, FREIGHT, IM, INVESTMENT, login

from luoshi.accounts import AuditEntry, Role
from luoshi.accounts.audit_words import _words, field_name, worded
from luoshi.jobs.records import JobKind, JobState

Headers = Callable[[str], dict[str, str]]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _key(client: TestClient, words: str) -> str:
    items = client.get("/api/v1/targets", params={"region": IM, "period": "2025"}).json()["items"]
    [key] = [t["key"] for t in items if words in t["target"]["quote"]]
    return key


def _assign_and_report(client: TestClient, token: Headers) -> str:
    """An owner assignment and a progress report, through the API; the freight target's key."""
    investment = _key(client, INVESTMENT)
    assigned = client.put(
        "/api/v1/targets/owner", json={"target": investment, "owner": FARMING}, headers=token("admin")
    )
    assert assigned.status_code == 200, assigned.text
    freight = _key(client, FREIGHT)
    reported = client.post(
        "/api/v1/progress", data={"target": freight, "value": "0.98", "period": "2025-09"}, headers=token("shangwu")
    )
    assert reported.status_code == 201, reported.text
    return freight


def test_the_audit_page_shows_chinese_actions_and_field_names_not_json(client: TestClient, token: Headers):
    _assign_and_report(client, token)
    login(client, "admin")
    page = client.get("/audit").text
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    assert "指定牵头单位" in table and "填报进展" in table
    assert "{" not in table and '"owner":' not in table, table  # no JSON left
    names = [unescape(n) for n in re.findall(r"<dt>([^<]*)</dt>", table)]
    assert "责任单位" in names and "数值" in names and "时期" in names
    assert all(CJK.search(n) for n in names), [n for n in names if not CJK.search(n)]
    assert "2025年1-9月" in table  # the period in words, not 2025-09
    assert re.search(r"<dt>责任单位</dt><dd>" + FARMING + "</dd>", table)


def test_audit_times_are_beijing_time_on_the_page_and_in_the_api(client: TestClient, token: Headers):
    _assign_and_report(client, token)
    newest: AuditEntry = client.app.state.luoshi.accounts().audit_log(1)[0]  # type: ignore[attr-defined]
    assert newest.at.utcoffset() == timedelta(0)  # stored UTC
    shown = (newest.at.astimezone(UTC) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")
    login(client, "admin")
    page = client.get("/audit").text
    assert "时间（北京时间）" in page and "UTC" not in page
    assert f"<td>{shown}</td>" in page
    items = client.get("/api/v1/audit", headers=token("admin")).json()["items"]
    [item] = [e for e in items if e["id"] == newest.id]
    assert item["at"].endswith("+08:00")
    assert datetime.fromisoformat(item["at"]) == newest.at.replace(microsecond=0)


def test_the_api_keeps_the_raw_records_and_adds_a_chinese_summary(client: TestClient, token: Headers):
    freight = _assign_and_report(client, token)
    items = client.get("/api/v1/audit", headers=token("admin")).json()["items"]
    report = next(e for e in items if e["action"] == "progress.record" and e["object"] == freight)
    assert report["after"]["value"] == 0.98 and report["after"]["owner"] == COMMERCE  # raw, as recorded
    assert report["summary"].startswith("shangwu 填报进展")
    assert "数值：0.98" in report["summary"] and f"责任单位：{COMMERCE}" in report["summary"]
    assigned = next(e for e in items if e["action"] == "owner.assign")
    assert assigned["summary"].endswith(f"责任单位：{assigned['before']['owner'] or '—'} → {FARMING}")


def test_the_target_page_shows_its_changes_in_words(client: TestClient, token: Headers):
    freight = _assign_and_report(client, token)
    login(client, "shangwu")
    page = client.get("/targets", params={"key": freight}).text
    changes = page.split("变更记录")[1]
    assert "填报进展" in changes and "<dt>数值</dt><dd>0.98</dd>" in changes and "{" not in changes


def test_a_change_names_only_the_fields_it_changed_and_times_in_beijing():
    entry = AuditEntry(
        1, datetime(2025, 6, 30, 16, 30, tzinfo=UTC), "admin", "document.confirm", "document:abc",
        {"source_type": "unknown", "source_type_label": "未确认", "confirmed_at": None, "name": "a.txt"},
        {"source_type": "news", "source_type_label": "新闻及其他", "confirmed_at": "2025-06-30T16:30:00+00:00",
         "name": "a.txt"},
    )  # fmt: skip
    w = worded(entry)
    assert w.action == "确认文档" and w.object == "文档 abc"
    assert [(f.name, f.text, f.changed) for f in w.after] == [
        ("名称", "a.txt", False),
        ("来源类型", "新闻及其他", True),
        ("确认时间", "2025-07-01 00:30:00（北京时间）", True),
    ]
    assert (
        w.summary
        == "admin 确认文档（文档 abc）：来源类型：未确认 → 新闻及其他；确认时间：— → 2025-07-01 00:30:00（北京时间）"
    )


def test_coded_values_have_the_words_their_owners_give_them():
    values = _words().values
    assert values["state"] == {s.value: s.label for s in JobState}
    assert values["kind"] == {k.value: k.label for k in JobKind}
    assert set(values["role"]) == {r.value for r in Role}
    assert field_name("owner") == "责任单位" and field_name("no_such_field") == "no_such_field"
