"""Identity on the web: a target's key and its evidence links name its
document's id, so a later document named like it opens nothing of its; a
target restated by another document is one row listing both sources, and
the counts stay those of targets."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient
from web_samples import COOPERATION, FREIGHT, IM, TRAINS

from luoshi.extract import extract_document
from luoshi.ingest import stored, trusted
from luoshi.store import open_store
from luoshi.types import Document

TASKS = (
    "2025年开放合作任务清单\n\n"
    "一、力争全年口岸货运量达到1.3亿吨。（牵头单位：自治区商务厅）\n"
    "二、全年到发中欧班列力争突破480列。（牵头单位：自治区商务厅）\n"
)


def add(store_path: Path, name: str, text: str, published: str) -> str:
    doc = Document(name, text, region=IM, published=date.fromisoformat(published))
    with open_store(store_path) as store:
        return store.add_document(trusted(stored(doc)), extract_document(doc)).name  # as luoshi ingest stores it


def upload(client: TestClient, headers: dict[str, str], name: str, data: bytes) -> None:
    """Upload a file and wait until it is stored (by the request, or by a worker's job)."""
    up = client.post("/api/v1/documents", files={"file": (name, data)}, headers=headers)
    assert up.status_code in (201, 202), up.text
    job = up.json().get("job")
    deadline = time.monotonic() + 120
    while job is not None and job["state"] not in ("done", "cancelled", "failed"):
        assert time.monotonic() < deadline, job
        time.sleep(0.05)
        job = client.get(job["href"], headers=headers).json()
    assert job is None or job["state"] == "done", job


def board(client: TestClient) -> dict:
    found = client.get("/api/v1/targets", params={"region": IM, "period": "2025"})
    assert found.status_code == 200, found.text
    return found.json()


def row(data: dict, words: str) -> dict:
    [found] = [r for r in data["items"] if any(words in s["quote"] for s in r["sources"])]
    return found


def test_a_document_named_like_a_stored_one_takes_over_neither_its_keys_nor_its_links(
    store_path: Path, make_client: Callable[..., TestClient]
):
    before = row(board(make_client()), FREIGHT)
    assert add(store_path, COOPERATION, "全年口岸货运量3亿吨。", "2025-03-01") == f"{COOPERATION} (2)"
    after = row(board(make_client()), FREIGHT)
    assert after["key"] == before["key"] and after["key"].startswith(before["target"]["doc_id"] + ":")
    assert after["target"]["href"] == before["target"]["href"]
    assert after["target"]["doc"] == COOPERATION
    page = make_client().get("/targets", params={"key": after["key"]})
    assert page.status_code == 200 and FREIGHT in page.text


def test_an_upload_named_like_a_stored_document_is_stored_under_a_label_of_its_own(
    client: TestClient, token: Callable[[str], dict[str, str]]
):
    before = row(board(client), FREIGHT)
    # a goal of its own for the same target: a source the row lists under the upload's own label
    text = "内蒙古自治区2025年口岸货运量目标为3亿吨。".encode()
    for who in ("admin", "shangwu"):  # an owner's upload as much as an admin's
        upload(client, token(who), COOPERATION, text)
        text += "又及。".encode()
    named = [d["name"] for d in client.get("/api/v1/documents").json()["items"]]
    assert {f"{COOPERATION} (2)", f"{COOPERATION} (3)", COOPERATION} <= set(named)
    after = row(board(client), FREIGHT)
    assert (after["key"], after["target"]["href"]) == (before["key"], before["target"]["href"])
    assert before["sources"][0] in after["sources"]
    # the admin's upload restates the target (the owner's waits for confirmation): listed by its own label
    assert [(s["doc"], s["agrees"]) for s in after["sources"] if s != before["sources"][0]] == [
        (f"{COOPERATION} (2)", False)
    ]
    audit = client.get("/api/v1/audit", headers=token("admin")).json()["items"]
    uploads = [e["after"]["name"] for e in audit if e["action"] == "document.upload"]
    assert sorted(uploads) == [f"{COOPERATION} (2)", f"{COOPERATION} (3)"]


def test_a_target_restated_in_a_task_list_is_one_row_with_both_sources(
    store_path: Path, make_client: Callable[..., TestClient]
):
    before = board(make_client())
    add(store_path, "tasks_2025.md", TASKS, "2025-02-20")
    after = board(make_client())
    assert (after["total"], after["counts"]) == (before["total"], before["counts"])
    freight = row(after, FREIGHT)
    assert [(s["doc"], s["primary"], s["agrees"]) for s in freight["sources"]] == [
        ("tasks_2025.md", True, True),  # both news: the later is judged
        (COOPERATION, False, True),
    ]
    assert all(s["href"] and s["href"].startswith(f"/documents/{s['doc_id']}?") for s in freight["sources"])
    # the key stays the first stored statement's: what was filed under it stays with the target
    assert freight["key"] == row(before, FREIGHT)["key"]
    trains = row(after, TRAINS)
    assert [(s["value"], s["agrees"], s["differs"]) for s in trains["sources"]] == [
        (480.0, True, []),
        (500.0, False, ["value"]),
    ]
    page = make_client().get("/targets", params={"key": trains["key"]})
    assert page.status_code == 200 and "来源（2）" in page.text and "不同（数值）" in page.text


def test_a_key_of_any_statement_of_a_target_and_an_old_name_key_find_it(
    store_path: Path, make_client: Callable[..., TestClient]
):
    add(store_path, "tasks_2025.md", TASKS, "2025-02-20")
    client = make_client()
    freight = row(board(client), FREIGHT)
    [news] = [s for s in freight["sources"] if s["doc"] == COOPERATION]
    restated = f"{freight['sources'][0]['doc_id']}:{freight['sources'][0]['start']}-{freight['sources'][0]['end']}"
    old_key = f"{COOPERATION}:{news['start']}-{news['end']}"
    for key in (freight["key"], restated, old_key):
        one = client.get("/api/v1/targets/one", params={"key": key})
        assert one.status_code == 200, key
        assert one.json()["key"] == freight["key"]
    assert client.get("/api/v1/targets/one", params={"key": f"{COOPERATION}:1-2"}).status_code == 404
    # the board links each row to its target by the target's own key
    link = next(h for h in _links(client.get("/", params={"region": IM, "period": "2025"}).text) if "/targets?" in h)
    assert parse_qs(urlsplit(link).query)["key"][0].split(":")[0] in {
        s["doc_id"] for r in board(client)["items"] for s in r["sources"]
    }


def _links(html: str) -> list[str]:
    return [part.split('"', 1)[0].replace("&amp;", "&") for part in html.split('href="')[1:]]


def test_a_row_lists_a_few_other_sources_and_links_to_all_with_how_many_differ(
    store_path: Path, make_client: Callable[..., TestClient]
):
    for day in range(1, 5):
        add(
            store_path, f"news_{day}.md", f"内蒙古自治区2025年口岸货运量目标为1.3亿吨。（第{day}篇）", f"2025-03-0{day}"
        )
    add(store_path, "news_early.md", "内蒙古自治区2025年口岸货运量目标为1.2亿吨。", "2025-01-05")
    client = make_client()
    freight = row(board(client), FREIGHT)
    assert len(freight["sources"]) == 6 and sum(not s["agrees"] for s in freight["sources"]) == 1
    html = client.get("/", params={"region": IM, "period": "2025"}).text
    [cell] = [c for c in html.split('<div class="muted sources">')[1:] if "news_" in c]
    cell = cell.split("</div>")[0]
    assert cell.count('class="evidence"') == 3
    assert "共 5 个其他来源，未列出的 1 个数字不同" in cell
    [more] = [h for h in _links(cell) if "/targets?" in h]
    page = client.get(more)
    assert page.status_code == 200 and "来源（6）" in page.text and "news_early.md" in page.text
