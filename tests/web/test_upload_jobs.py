"""Uploads on the web are jobs: the request answers 202 with the job before
anything is extracted, the job's progress is visible to its uploader (and
an admin) on the API and on its page, either may cancel it, and limits are
refused at once with a Chinese 4xx naming them."""

from __future__ import annotations

import csv
import io
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_samples import DOCUMENTS, SAMPLES, login

from luoshi.jobs import Extracted, Job, JobLimits, StoredBatch
from luoshi.web.upload_jobs import WebSink

Headers = Callable[[str], dict[str, str]]
REPORT = SAMPLES / "nmg_report_2026.md"


def _bulk(rows: int) -> bytes:
    """A bulk CSV of the 2026 report's paragraphs with a figure (real text), one a row."""
    paragraphs = [p.strip() for p in REPORT.read_text(encoding="utf-8").split("\n\n")]
    texts = [p for p in paragraphs if any(c.isdigit() for c in p) and len(p) > 20][:rows]
    assert len(texts) == rows, f"the report has only {len(texts)} paragraphs with a figure"
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["province", "publish_date", "title", "full_text"])
    for n, text in enumerate(texts):
        writer.writerow(["内蒙古自治区", "2026-01-20", f"报告段落{n}", text])
    return out.getvalue().encode("utf-8")


class Gate:
    """Holds every batch of the app's jobs until opened."""

    def __init__(self, sink: WebSink) -> None:
        self.open = threading.Event()
        self.waiting = threading.Event()
        self._store = sink.store

        def store(job: Job, batch: Sequence[Extracted]) -> StoredBatch:
            self.waiting.set()
            assert self.open.wait(60), "the test never opened the gate"
            return self._store(job, batch)

        sink.store = store  # type: ignore[method-assign]


@pytest.fixture
def gate(client: TestClient) -> Iterator[Gate]:
    held = Gate(client.app.state.upload_jobs.sink)  # type: ignore[attr-defined]
    yield held
    held.open.set()


def _until(client: TestClient, href: str, headers: dict[str, str], done: Callable[[dict[str, Any]], bool]) -> Any:
    deadline = time.monotonic() + 120
    while True:
        job = client.get(href, headers=headers).json()
        if done(job):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.05)


def _finished(client: TestClient, href: str, headers: dict[str, str]) -> Any:
    return _until(client, href, headers, lambda j: j["state"] in ("done", "cancelled", "failed"))


def test_an_upload_answers_202_with_its_job_before_extracting_and_the_job_then_stores_it(
    client: TestClient, token: Headers, gate: Gate
) -> None:
    owner = token("shangwu")
    up = client.post("/api/v1/documents", files={"file": ("报告段落.csv", _bulk(3))}, headers=owner)
    assert up.status_code == 202, up.text
    job = up.json()["job"]
    assert job["state"] in ("queued", "running") and job["documents_stored"] == 0
    assert up.headers["location"] == job["href"] == f"/api/v1/jobs/{job['id']}"
    assert client.get("/api/v1/documents").json()["total"] == DOCUMENTS  # nothing stored by the request
    assert gate.waiting.wait(60)
    running = client.get(job["href"], headers=owner).json()
    assert (running["state"], running["state_label"], running["documents_total"]) == ("running", "处理中", 3)
    gate.open.set()
    done = _finished(client, job["href"], headers=owner)
    assert (done["state_label"], done["documents_stored"], done["progress"]) == ("已完成", 3, 1.0)
    assert [d["name"] for d in done["documents"]] == ["报告段落.csv", "报告段落.csv#1", "报告段落.csv#2"]
    assert client.get("/api/v1/documents").json()["total"] == DOCUMENTS + 3
    stored = client.get(f"/api/v1/documents/{done['documents'][0]['id']}").json()
    assert stored["source"] == "上传：报告段落.csv" and stored["source_type"] == "owner_report"
    audit = client.get("/api/v1/audit", params={"object": f"upload_job:{job['id']}"}, headers=token("admin"))
    assert [e["action"] for e in audit.json()["items"]] == ["upload_job.submit"]


def test_only_the_uploader_and_an_admin_see_and_cancel_a_job(client: TestClient, token: Headers, gate: Gate) -> None:
    owner, other, admin = token("shangwu"), token("nongmu"), token("admin")
    client.app.state.upload_jobs.runner.batch_documents = 1  # type: ignore[attr-defined]  # cancelled between rows
    job = client.post("/api/v1/documents", files={"file": ("段落.csv", _bulk(4))}, headers=owner).json()["job"]
    assert client.get(job["href"], headers=other).status_code == 404
    assert client.post(job["cancel"], headers=other).status_code == 404
    assert [j["id"] for j in client.get("/api/v1/jobs", headers=other).json()["items"]] == []
    assert [j["id"] for j in client.get("/api/v1/jobs", headers=admin).json()["items"]] == [job["id"]]
    assert gate.waiting.wait(60)
    asked = client.post(job["cancel"], headers=admin).json()
    assert asked["cancelling"] is True or asked["state"] == "cancelled"
    gate.open.set()
    ended = _finished(client, job["href"], headers=owner)
    assert (ended["state"], ended["state_label"], ended["cancelled_by"]) == ("cancelled", "已取消", "admin")
    assert ended["documents_stored"] == 1 and ended["documents_total"] == 4
    assert client.get("/api/v1/documents").json()["total"] == DOCUMENTS + ended["documents_stored"]
    again = client.post(job["cancel"], headers=owner)
    assert again.status_code == 409 and "已取消" in again.json()["error"]["message"]
    audit = client.get("/api/v1/audit", params={"object": f"upload_job:{job['id']}"}, headers=admin).json()["items"]
    assert [(e["action"], e["username"]) for e in audit] == [
        ("upload_job.cancel", "admin"),
        ("upload_job.submit", "shangwu"),
    ]


def test_a_file_over_the_row_limit_is_refused_naming_the_limit(make_client: Callable[..., TestClient]) -> None:
    small = make_client(job_limits=JobLimits(rows=2))
    csrf = login(small, "admin")
    up = small.post("/api/v1/documents", files={"file": ("段落.csv", _bulk(3))}, headers={"X-CSRF-Token": csrf})
    assert up.status_code == 413
    assert up.json()["error"]["message"].startswith("文件有 3 行数据，超过每个任务 2 行的上限")
    assert small.get("/api/v1/jobs").json()["items"] == []


def test_a_user_with_too_many_unfinished_jobs_is_told_to_wait(make_client: Callable[..., TestClient]) -> None:
    app = make_client(job_limits=JobLimits(queued_per_user=1))
    held = Gate(app.app.state.upload_jobs.sink)  # type: ignore[attr-defined]
    try:
        form = {"X-CSRF-Token": login(app, "shangwu")}
        first = app.post("/api/v1/documents", files={"file": ("一.csv", _bulk(2))}, headers=form)
        assert first.status_code == 202
        second = app.post("/api/v1/documents", files={"file": ("二.csv", _bulk(2))}, headers=form)
        assert second.status_code == 429
        assert second.json()["error"]["message"].startswith("您已有 1 个上传任务未完成，达到每人 1 个的上限")
    finally:
        held.open.set()


def test_waiting_for_a_job_answers_as_an_upload_did(client: TestClient, token: Headers) -> None:
    text = "2025年，兴安盟口岸货运量完成120万吨，增长8%。2026年力争达到150万吨。".encode()
    up = client.post("/api/v1/documents", params={"wait": 60}, files={"file": ("兴安盟通报.txt", text)},
                     headers=token("admin"))  # fmt: skip
    assert up.status_code == 201, up.text
    [doc] = up.json()["documents"]
    assert doc["added"] is True and doc["statements"] >= 2 and up.json()["job"]["state"] == "done"
    bad = client.post("/api/v1/documents", params={"wait": 60}, headers=token("admin"),
                      files={"file": ("坏.pdf", b"%PDF-1.4 broken", "application/pdf")})  # fmt: skip
    assert bad.status_code == 400 and "坏.pdf" in bad.json()["error"]["message"]
    assert "/tmp" not in bad.json()["error"]["message"] and "luoshi-job" not in bad.json()["error"]["message"]
    odd = client.post("/api/v1/documents", files={"file": ("程序.exe", b"MZ")}, headers=token("admin"))
    assert odd.status_code == 400 and "不支持的文件类型 .exe" in odd.json()["error"]["message"]


def test_the_upload_form_shows_the_jobs_page_with_progress_and_a_cancel_button(client: TestClient, gate: Gate) -> None:
    csrf = login(client, "shangwu")
    sent = client.post("/upload/document", data={"csrf": csrf}, files={"file": ("段落.csv", _bulk(4))},
                       follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303 and sent.headers["location"].startswith("/upload/jobs/")
    page = client.get(sent.headers["location"])
    assert page.status_code == 200 and "段落.csv" in page.text and 'http-equiv="refresh"' in page.text
    assert "取消任务" in page.text and ("排队中" in page.text or "处理中" in page.text)
    assert "段落.csv" in client.get("/upload").text  # listed among the uploader's jobs
    refused = client.post(sent.headers["location"] + "/cancel", data={"csrf": "forged"}, follow_redirects=False)
    assert refused.status_code == 403
    cancelled = client.post(sent.headers["location"] + "/cancel", data={"csrf": csrf}, follow_redirects=False)
    assert cancelled.status_code == 303
    gate.open.set()
    job_id = int(sent.headers["location"].rsplit("/", 1)[1])
    _finished(client, f"/api/v1/jobs/{job_id}", {})
    final = client.get(sent.headers["location"]).text
    assert "已取消" in final and 'http-equiv="refresh"' not in final and "取消任务" not in final


def test_the_documents_listed_after_a_job_are_the_stores_own_kept_without_listing_them_again(
    client: TestClient, token: Headers, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = client.app.state.luoshi  # type: ignore[attr-defined]
    client.app.state.upload_jobs.runner.batch_documents = 2  # type: ignore[attr-defined]  # several batches
    assert len(client.get("/api/v1/documents").json()["items"]) == DOCUMENTS  # the listing, now cached
    listings = []
    every = state.store.documents
    monkeypatch.setattr(state.store, "documents", lambda: listings.append(1) or every())
    up = client.post("/api/v1/documents", params={"wait": 60}, files={"file": ("段落.csv", _bulk(5))},
                     headers=token("xingan"))  # fmt: skip
    assert up.status_code == 201, up.text
    listed = client.get("/api/v1/documents").json()["items"]
    assert listings == []  # brought up to date batch by batch: 100,000 rows would take seconds to list
    assert sorted(d["name"] for d in listed[:5]) == ["段落.csv", *(f"段落.csv#{n}" for n in range(1, 5))]
    with state.writing() as store:
        assert state.documents() == store.documents()  # as the store lists them, to the microsecond
        ids = state.document_ids()
        assert all(ids[d.name] == d.id for d in store.documents())


def test_the_job_api_refuses_direction_characters_as_every_api_route_does(client: TestClient, token: Headers) -> None:
    refused = client.get("/api/v1/jobs", params={"limit": "5", "note": "\u202e"}, headers=token("admin"))
    assert refused.status_code == 422 and "U+202E" in refused.json()["error"]["message"]
