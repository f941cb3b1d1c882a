"""The store and users the web tests run against: the seed, Inner
Mongolia's and three other provinces' 2026 reports, the sample statistics,
and one account per role."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpus" / "seed" / "000_39f8f6a33f179f43.txt"
REPORTS = SHARED / "corpus" / "gwr2026"
PROVINCES = ("内蒙古自治区", "广东省", "江苏省", "河南省")
STATS = ROOT / "statistics" / "nmg_2025_sample.csv"
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
