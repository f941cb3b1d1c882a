"""Log-in limits through the login form, behind a TLS proxy as the README
sets it up: the client is the address the trusted proxy saw; five failures
from one client stop that client only; X-Forwarded-For from anyone else
changes nothing; an attacker cannot keep the admin out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from web_samples import PASSWORD

from luoshi.store import open_store
from luoshi.web import create_app

ROOT = Path(__file__).resolve().parents[2]
PROXY = ("127.0.0.1", 50000)  # nginx on the same machine
ATTACKER, OFFICE = "198.51.100.7", "203.0.113.9"


@pytest.fixture
def behind_proxy(store_path: Path) -> Iterator[TestClient]:
    app = create_app(open_store(store_path), warm=False, trusted_proxies=["127.0.0.1"])
    with TestClient(app, client=PROXY) as client:
        yield client


@pytest.fixture
def unproxied(store_path: Path) -> Iterator[TestClient]:
    app = create_app(open_store(store_path), warm=False)
    with TestClient(app, client=(ATTACKER, 40000)) as client:
        yield client


def attempt(client: TestClient, username: str, password: str, forwarded_for: str | None = None) -> httpx.Response:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    client.cookies.clear()
    page = client.get("/login")
    marker = 'name="csrf" value="'
    at = page.text.index(marker) + len(marker)
    csrf = page.text[at : page.text.index('"', at)]
    form = {"username": username, "password": password, "csrf": csrf, "next": "/"}
    return client.post("/login", data=form, headers=headers, follow_redirects=False)


def test_behind_a_trusted_proxy_five_failures_stop_only_the_client_that_failed(behind_proxy: TestClient):
    codes = [attempt(behind_proxy, "shangwu", f"guess{i}", ATTACKER).status_code for i in range(6)]
    assert codes == [401] * 5 + [429]
    assert attempt(behind_proxy, "shangwu", PASSWORD, OFFICE).status_code == 303
    assert attempt(behind_proxy, "shangwu", PASSWORD, f"{ATTACKER}, {OFFICE}").status_code == 303  # forged left part


def test_the_wait_is_said_in_chinese_with_retry_after(behind_proxy: TestClient):
    for i in range(5):
        attempt(behind_proxy, "shangwu", f"guess{i}", ATTACKER)
    blocked = attempt(behind_proxy, "shangwu", PASSWORD, ATTACKER)  # even the right password waits
    assert blocked.status_code == 429
    assert "登录失败次数过多" in blocked.text and "秒后再试" in blocked.text
    assert 0 < int(blocked.headers["retry-after"]) <= 300


def test_forwarded_for_from_an_untrusted_peer_is_ignored(unproxied: TestClient):
    codes = [attempt(unproxied, "shangwu", "guess", f"192.0.2.{i}").status_code for i in range(6)]
    assert codes == [401] * 5 + [429]  # a new header each time is still the same address


def test_an_attackers_failures_for_admin_do_not_stop_admin_elsewhere(behind_proxy: TestClient):
    for n in range(4):  # several attacking addresses, each until it is stopped
        for i in range(6):
            attempt(behind_proxy, "admin", f"guess{i}", f"198.51.100.{n}")
    assert attempt(behind_proxy, "admin", PASSWORD, OFFICE).status_code == 303


def test_one_name_failing_does_not_stop_another_user_at_the_same_address(unproxied: TestClient):
    for i in range(6):
        attempt(unproxied, "admin", f"guess{i}")
    assert attempt(unproxied, "shangwu", PASSWORD).status_code == 303


def test_the_readme_says_how_to_trust_the_tls_proxy():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "--trusted-proxy 127.0.0.1" in readme and "LUOSHI_TRUSTED_PROXIES" in readme
