"""sqli: quotes, comments, stacked statements, UNION, LIKE wildcards and
placeholders in every text parameter of every route (query, path, form and
JSON fields), by an anonymous visitor, an owner and an admin, on DuckDB and
on PostgreSQL: never a 5xx or a driver's message, no filter widened, a write
stores the text as given, and afterwards every table is as it was."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import cycle
from pathlib import Path

import pytest
from adversarial_kit import (
    Cast,
    Findings,
    Plausible,
    answered,
    assemble,
    count_requests,
    has_surrogate,
    plausible_values,
    send,
)
from adversarial_kit import routes as app_routes
from fastapi.testclient import TestClient
from web_samples import IM, PEOPLE, samples_on_postgres

from luoshi.web import create_app

SQL = {
    "quote": "'",
    "tautology": "' OR '1'='1",
    "double-quoted tautology": '" OR "1"="1',
    "line comment": f"{IM}'--",
    "block comment": "内蒙古/**/自治区",
    "stacked DROP": "'; DROP TABLE statements; --",
    "stacked DELETE": "x'); DELETE FROM users; --",
    "UNION": "' UNION SELECT username, password_hash, NULL, NULL FROM users --",
    "numeric UNION": "1 UNION SELECT 1,2,3",
    "COPY out": "'; COPY users TO 'luoshi-sqli.csv'; --",
    "ATTACH": "'; ATTACH 'luoshi-sqli.db' AS evil; --",
    "LIKE percent": "内%古",
    "LIKE underscore": "内_古",
    "backslash quote": "\\'",
    "dollar quoting": "$$; DROP TABLE users; $$",
    "qmark": "?",
    "pyformat": "%s%(x)s",
    "braces": "{0}{}",
    "semicolon": ";",
    "hex literal": "0x27",
    "char()": "CHAR(39)||CHR(39)",
}
FILTERS = {  # list endpoints and the text filters that narrow them
    "/api/v1/statements": ("region", "indicator", "period", "doc"),
    "/api/v1/targets": ("region", "period", "owner", "indicator", "status"),
    "/api/v1/search": ("q",),
}


@pytest.fixture
def cast(client: TestClient, token: Callable[[str], dict[str, str]], pytestconfig: pytest.Config) -> Cast:
    return assemble(client, token, pytestconfig, "sqli")


def _tables(cast: Cast) -> dict[str, object]:
    """Rows per table the app keeps, and the accounts as stored: what an
    injected statement would change."""
    state = cast.app.state.luoshi
    with state.writing() as store:
        db = store._db  # noqa: SLF001 - what the API has no call for
        rows: dict[str, object] = {t: int(db.execute(f"SELECT count(*) FROM {t}", [])[0][0]) for t in _TABLES}
        rows["accounts"] = db.execute(
            "SELECT username, password_hash, role, owner, disabled FROM users ORDER BY username", []
        )
        return rows


_TABLES = ("documents", "statements", "users", "api_tokens", "owner_assignments", "progress_reports")


def _sweep(cast: Cast, plausible: Plausible, roles: list[str]) -> Findings:
    findings = Findings()
    who = cycle(roles)
    for route in app_routes(cast.app):
        for param in route.params:
            if param.where == "file" or any(t in str(param.annotation) for t in ("int", "float", "UploadFile")):
                continue
            if param.name in ("csrf", "password"):
                continue  # compared or hashed, never in a query: test_adversarial_authz and the log-in limits
            for label, value in SQL.items():
                if has_surrogate(value) and route.has_files:
                    continue
                actor = cast[next(who)]
                request = plausible.request(route, actor, **{param.name: value})
                findings.check(answered, send(actor, route, request), what=f"{actor.role} {route} {param.name}={label}")
    return findings


def test_sql_in_every_text_parameter_is_only_text(cast: Cast) -> None:
    plausible = plausible_values(cast)
    before = _tables(cast)
    _sweep(cast, plausible, ["anonymous", "owner", "admin"]).assert_none()
    after = _tables(cast)
    # Writes that may happen (an admin's owner names, an owner's reports) only add; nothing is dropped or emptied.
    assert all(after[t] >= before[t] for t in _TABLES), (before, after)  # type: ignore[operator]
    assert after["users"] == len(PEOPLE) and after["accounts"] == before["accounts"]
    assert not Path("luoshi-sqli.csv").exists() and not Path("luoshi-sqli.db").exists()  # the server's folder
    assert cast["viewer"].api("GET", "/api/v1/me").json()["user"]["username"] == "viewer"


def test_no_filter_is_widened_by_sql_in_it(cast: Cast) -> None:
    anonymous = cast["anonymous"]
    everything = anonymous.api("GET", "/api/v1/statements", params={"limit": 1000}).json()["items"]
    assert len(everything) > 50
    for path, filters in FILTERS.items():
        for name in filters:
            for label, value in SQL.items():
                params = {name: value}
                if path.endswith("/search"):
                    params["limit"] = 1000
                found = anonymous.api("GET", path, params=params)
                answered(found)
                if found.status_code != 200:
                    continue  # refused: widened nothing
                items = found.json()["items"]
                assert items == [], (path, name, label, len(items))


def test_text_that_looks_like_sql_is_stored_and_shown_as_given(cast: Cast) -> None:
    plausible = plausible_values(cast)
    admin = cast["admin"]
    for value in (SQL["tautology"], SQL["stacked DROP"], SQL["UNION"], SQL["dollar quoting"]):
        done = admin.api("PUT", "/api/v1/targets/owner", json={"target": plausible.other_target, "owner": value})
        assert done.status_code == 200 and done.json()["owner"] == value, done.text
        one = admin.api("GET", "/api/v1/targets/one", params={"key": plausible.other_target}).json()
        assert one["owner"] == value
        listed = admin.api("GET", "/api/v1/targets", params={"owner": value, "region": IM, "period": "2025"}).json()
        assert [i["key"] for i in listed["items"]] == [plausible.other_target]
    hits = admin.api("GET", "/api/v1/search", params={"q": "内_古"}).json()["items"]
    assert hits == []  # an underscore is a character, not LIKE's any-character
    assert admin.api("GET", "/api/v1/search", params={"q": "内蒙古"}).json()["items"]


@pytest.fixture
def pg_cast(pytestconfig: pytest.Config, tmp_path: Path) -> Iterator[Cast]:
    """The same app over PostgreSQL, which refuses what DuckDB takes (a NUL)."""
    with samples_on_postgres("sqli") as store:
        with TestClient(create_app(store, warm=False)) as client:
            count_requests(pytestconfig, client, "sqli")

            def token(username: str) -> dict[str, str]:
                from luoshi.accounts import Accounts

                with client.app.state.luoshi.writing():  # type: ignore[attr-defined]
                    issued = Accounts(store).issue_token(username, "tests")
                return {"Authorization": f"Bearer {issued}"}

            yield assemble(client, token, pytestconfig, "sqli")


def test_sql_and_nul_in_every_read_parameter_on_postgresql(pg_cast: Cast) -> None:
    plausible = plausible_values(pg_cast)
    findings = Findings()
    values = {**SQL, "NUL": "a\x00b", "NUL alone": "\x00"}
    for route in app_routes(pg_cast.app):
        if route.writes:
            continue
        for param in route.params:
            if any(t in str(param.annotation) for t in ("int", "float")):
                continue
            for label, value in values.items():
                for role in ("anonymous", "admin"):
                    actor = pg_cast[role]
                    request = plausible.request(route, actor, **{param.name: value})
                    findings.check(answered, send(actor, route, request), what=f"{role} {route} {param.name}={label}")
    findings.assert_none()
