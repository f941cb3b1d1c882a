"""Times on the pages and in the API are Beijing time (stored UTC): when a
document was stored, when a progress report was made, and the report's own
text and date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from web_samples import COOPERATION, FREIGHT, IM, login

from luoshi.store import Store

Headers = Callable[[str], dict[str, str]]


def _in_beijing(moment: datetime, seconds: bool = False) -> str:
    return (moment.astimezone(UTC) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M" + (":%S" if seconds else ""))


def _stored(client: TestClient, name: str):  # type: ignore[no-untyped-def]
    store: Store = client.app.state.luoshi.store  # type: ignore[attr-defined]
    [doc] = [d for d in store.documents() if d.name == name]
    return doc


def test_documents_show_when_they_were_stored_in_beijing_time(client: TestClient):
    doc = _stored(client, COOPERATION)
    assert doc.ingested_at is not None and doc.ingested_at.utcoffset() == timedelta(0)
    listing = client.get("/documents").text
    assert "<th>入库时间（北京时间）</th>" in listing and f"<td>{_in_beijing(doc.ingested_at)}</td>" in listing
    page = client.get(f"/documents/{doc.id}").text
    assert f"入库：{_in_beijing(doc.ingested_at)}（北京时间）" in page
    shown = client.get(f"/api/v1/documents/{doc.id}").json()["ingested_at"]
    assert shown.endswith("+08:00") and datetime.fromisoformat(shown) == doc.ingested_at.replace(microsecond=0)


def test_a_progress_report_is_dated_and_timed_in_beijing(client: TestClient, token: Headers):
    items = client.get("/api/v1/targets", params={"region": IM, "period": "2025"}).json()["items"]
    key = next(t["key"] for t in items if FREIGHT in t["target"]["quote"])
    done = client.post(
        "/api/v1/progress", data={"target": key, "value": "0.98", "period": "2025-09"}, headers=token("shangwu")
    )
    assert done.status_code == 201, done.text
    report = done.json()["report"]
    assert report["created_at"].endswith("+08:00")
    at = datetime.fromisoformat(report["created_at"])
    evidence = client.get(f"/api/v1/documents/{report['doc_id']}").json()
    assert f"填报时间：{_in_beijing(at, seconds=True)}" in evidence["text"] and "（北京时间）" in evidence["text"]
    assert evidence["published"] == _in_beijing(at)[:10]  # the day in China
    login(client, "shangwu")
    page = client.get("/targets", params={"key": key}).text
    assert "<th>时间（北京时间）</th>" in page and f"<td>{_in_beijing(at)}</td>" in page
