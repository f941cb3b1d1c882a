"""The web app over PostgreSQL, the shared-server store: the same pages and
API, each worker thread on a connection of its own."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql
from web_samples import IM, TRAINS, fill

from luoshi.accounts import Accounts
from luoshi.store.postgres_store import PostgresStore
from luoshi.web import create_app

PG_URL = os.environ.get("LUOSHI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def pg_client() -> Iterator[TestClient]:
    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.Error as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL unreachable at {PG_URL}; CI=true requires it ({exc})")
        pytest.skip(f"PostgreSQL unreachable at {PG_URL}: start it, or point LUOSHI_TEST_PG at one")
    schema = f"luoshi_web_{os.getpid()}_{secrets.token_hex(3)}"
    store = PostgresStore(PG_URL, schema=schema)
    try:
        fill(store)
        with TestClient(create_app(store, warm=False)) as client:
            yield client
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as con:
            con.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


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
