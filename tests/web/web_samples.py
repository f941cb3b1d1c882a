"""The store and users the web tests run against: the bundled samples
(samples/: the 2025 cooperation news with its targets and owners, the 2026
Inner Mongolia report digest, the Beijing and Guangdong report digests of
demo_bulk.csv), the sample statistics, and one account per role. Nothing
here reads ../shared, so a fresh clone runs every web test."""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from luoshi.accounts import Accounts, Role
from luoshi.ingest import ingest
from luoshi.stats import read_stats
from luoshi.store import Store
from luoshi.store.postgres_store import PostgresStore

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
STATS = ROOT / "statistics" / "nmg_2025_sample.csv"
# samples/ holds nine documents (seven news texts, two CSV rows); the statistics make ten.
DOCUMENTS = 10
COOPERATION = "nmg_cooperation_2025.md"
# Words of the 2025 targets the tests pick (自治区商务厅's unless said).
FREIGHT = "口岸货运量的目标定为1.3亿吨"  # met by the statistics' 1.32亿吨
TRAINS = "到发中欧班列"  # 500列, no outcome anywhere
INVESTMENT = "5700亿元"  # met by the 2026 report's 6000亿元 and the statistics
PROGRAMME = "四个倍增行动"  # 自治区农牧厅's: a numeral naming a programme, not a quantity
# The 2026 GDP growth targets of the samples (Guangdong's a range).
GDP_2026 = {"内蒙古自治区": (5.0, None), "北京市": (5.0, None), "广东省": (4.5, 5.0)}
IM = "内蒙古自治区"
COMMERCE = "自治区商务厅"
FARMING = "自治区农牧厅"
PASSWORD = "落实-correct-horse-9"


@dataclass(frozen=True)
class Person:
    username: str
    role: str
    owner: str | None = None


PEOPLE = (
    Person("admin", "admin"),
    Person("shangwu", "owner", COMMERCE),
    Person("nongmu", "owner", FARMING),
    Person("xingan", "owner", "兴安盟"),
    Person("viewer", "viewer"),
)


def fill(store: Store) -> None:
    """The samples, the statistics and PEOPLE into an empty store."""
    summary = ingest([str(SAMPLES)], store)
    assert summary.failed == [] and summary.new == DOCUMENTS - 1, summary
    table = read_stats(STATS)
    store.add_document(table.document, table.statements)
    accounts = Accounts(store)  # type: ignore[arg-type]
    for p in PEOPLE:
        accounts.add_user(p.username, PASSWORD, Role(p.role), owner=p.owner)


PG_URL = os.environ.get("LUOSHI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def samples_on_postgres(label: str) -> Iterator[PostgresStore]:
    """The filled samples in a PostgreSQL schema of their own, dropped
    afterwards (the app over it closes the store); a skip where no server
    answers (a failure under CI=true)."""
    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.Error as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL unreachable at {PG_URL}; CI=true requires it ({exc})")
        pytest.skip(f"PostgreSQL unreachable at {PG_URL}: start it, or point LUOSHI_TEST_PG at one")
    schema = f"luoshi_{label}_{os.getpid()}_{secrets.token_hex(3)}"
    store = PostgresStore(PG_URL, schema=schema)
    try:
        fill(store)
        yield store
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as con:
            con.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def finished_job(client: TestClient, where: str, timeout: float = 120) -> Any:
    """An upload job (its page /upload/jobs/N, or its API link) once it has
    finished, as the API gives it; the client must be the uploader's or an admin's."""
    href = "/api/v1/jobs/" + where.rstrip("/").rsplit("/", 1)[1]
    deadline = time.monotonic() + timeout
    while (job := client.get(href).json())["state"] not in ("done", "cancelled", "failed"):
        assert time.monotonic() < deadline, job
        time.sleep(0.05)
    return job


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the form (as a fresh visitor); returns the session's CSRF token."""
    client.cookies.clear()
    page = client.get("/login")
    csrf = _hidden(page.text, "csrf")
    done = client.post(
        "/login", data={"username": username, "password": password, "csrf": csrf, "next": "/"}, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    return session_csrf(client)


def session_csrf(client: TestClient) -> str:
    return _hidden(client.get("/documents").text, "csrf")


def _hidden(html: str, name: str) -> str:
    marker = f'name="{name}" value="'
    at = html.index(marker) + len(marker)
    return html[at : html.index('"', at)]
