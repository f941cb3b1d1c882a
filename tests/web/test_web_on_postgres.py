"""The web app over PostgreSQL, the shared-server store: the same pages and
API, each worker thread on a connection of its own."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from web_samples import IM, TRAINS, samples_on_postgres

from luoshi.accounts import Accounts
from luoshi.web import create_app


@pytest.fixture
def pg_client() -> Iterator[TestClient]:
    with samples_on_postgres("web") as store, TestClient(create_app(store, warm=False)) as client:
        yield client


def test_the_scoreboard_and_api_answer_from_postgresql(pg_client: TestClient):
    page = pg_client.get("/")
    assert page.status_code == 200 and f"目标完成情况 · {IM} · 2025年" in page.text and "已完成" in page.text
    statements = pg_client.get("/api/v1/statements", params={"region": IM, "limit": 5}).json()["items"]
    assert len(statements) == 5 and all(s["href"] for s in statements)


def test_concurrent_requests_each_use_their_own_connection(pg_client: TestClient):
    def ask(offset: int) -> int:
        got = pg_client.get("/api/v1/statements", params={"limit": 3, "offset": offset})
        return len(got.json()["items"])

    with ThreadPoolExecutor(6) as pool:
        assert sorted(pool.map(ask, range(12))) == [3] * 12


def test_an_owner_reports_progress_into_postgresql(pg_client: TestClient):
    items = pg_client.get("/api/v1/targets", params={"region": IM, "period": "2025"}).json()["items"]
    key = next(t["key"] for t in items if TRAINS in t["target"]["quote"])
    with pg_client.app.state.luoshi.writing() as store:  # type: ignore[attr-defined]
        token = Accounts(store).issue_token("shangwu")
    made = pg_client.post(
        "/api/v1/progress", data={"target": key, "value": "520", "period": "2025"},
        headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    one = pg_client.get("/api/v1/targets/one", params={"key": key}).json()
    assert one["chosen"]["value"] == 520 and one["status_word"] == "已完成"
