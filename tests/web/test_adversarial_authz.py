"""authz: who may change what. Every write — API and page forms — tried by an
anonymous visitor, a viewer, the owner of the target, another owner and an
admin: those who may not are refused (401/403) and nothing changes; those who
may succeed and something does. An owner cannot act on another owner's target
or report; a browser's write needs the session's CSRF token; with log-in
required, no page or API read is open to an anonymous visitor."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from adversarial_kit import (
    ROLES,
    WAIT,
    Cast,
    Findings,
    Plausible,
    Route,
    answered,
    assemble,
    count_requests,
    is_login_redirect,
    plausible_values,
    refused,
    send,
)
from adversarial_kit import routes as app_routes
from fastapi.testclient import TestClient

STATISTICS = (
    "统计.csv",
    "region,indicator,period,value,unit\n内蒙古自治区,port_freight_volume,2025,1.33,亿吨\n".encode(),
)
DOCUMENT = ("任务.txt", "2025年内蒙古自治区口岸货运量目标为1.4亿吨。".encode())
# Who may, per write (and per read only some may): every other role is refused.
OWNERS = {"owner", "admin"}  # the target's (or report's) own owner, and admins
UPLOADERS = {"owner", "other_owner", "admin"}
ADMIN = {"admin"}
MAY: dict[tuple[str, str], set[str]] = {
    ("PUT", "/api/v1/targets/owner"): ADMIN,
    ("POST", "/targets/owner"): ADMIN,
    ("POST", "/api/v1/progress"): OWNERS,
    ("POST", "/targets/progress"): OWNERS,
    ("PUT", "/api/v1/progress/{report_id}"): OWNERS,
    ("DELETE", "/api/v1/progress/{report_id}"): OWNERS,
    ("POST", "/reports/{report_id}/correct"): OWNERS,
    ("POST", "/reports/{report_id}/withdraw"): OWNERS,
    ("POST", "/api/v1/documents"): UPLOADERS,
    ("POST", "/upload/{what}"): UPLOADERS,  # a document; statistics: STATISTICS_ROUTES
    ("POST", "/api/v1/statistics"): ADMIN,
    ("POST", "/api/v1/documents/{doc}/confirm"): ADMIN,
    ("POST", "/documents/{doc_id}/confirm"): ADMIN,
}
ADMIN_READS = ("/api/v1/audit", "/audit")


@pytest.fixture
def cast(client: TestClient, token: Callable[[str], dict[str, str]], pytestconfig: pytest.Config) -> Cast:
    return assemble(client, token, pytestconfig, "authz")


def _fresh(cast: Cast, plausible: Plausible) -> Plausible:
    """A new report by the owner for each attempt that may succeed: a
    withdrawn or corrected report cannot be acted on again."""
    reported = cast["owner"].api(
        "POST", "/api/v1/progress", data={"target": plausible.target, "value": "1.2", "period": "2025", "unit": "亿吨"}
    )
    assert reported.status_code == 201, reported.text
    return Plausible(plausible.target, plausible.other_target, plausible.doc_id, reported.json()["report"]["id"])


def _attempt(cast: Cast, plausible: Plausible, route: Route, role: str, **override: Any) -> tuple[int, bool]:
    actor = cast[role]
    if route.path.endswith("/confirm"):
        override.setdefault("doc_id" if "{doc_id}" in route.path else "doc", _owners_upload(cast))
    if "statistics" in route.path or override.get("what") == "statistics":
        override.setdefault("file", STATISTICS)
    elif route.has_files and "progress" not in route.path and "report" not in route.path:
        # a text of the actor's own, so that an allowed upload adds a document rather than finding it stored
        override.setdefault("file", (DOCUMENT[0], DOCUMENT[1] + f"（{role}）".encode()))
    before = cast.footprint()
    response = answered(send(actor, route, plausible.request(route, actor, **override)))
    return response.status_code, cast.footprint() != before


def _owners_upload(cast: Cast) -> str:
    text = "2025年奶业产值增长5%。".encode()
    up = cast["other_owner"].api("POST", "/api/v1/documents", params={"wait": WAIT}, files={"file": ("农牧.txt", text)})
    assert up.status_code in (201, 202), up.text
    return str(up.json()["documents"][0]["id"])


def _write_routes(cast: Cast) -> list[Route]:
    return [r for r in app_routes(cast.app) if r.writes and r.path not in ("/login", "/logout")]


def test_each_write_is_done_by_those_who_may_and_refused_to_the_rest(cast: Cast) -> None:
    plausible = plausible_values(cast)
    findings = Findings()
    cases = [(r, {}) for r in _write_routes(cast) if (r.method, r.path) in MAY]
    cases += [(r, {"what": "statistics"}) for r, _ in cases if r.path == "/upload/{what}"]
    assert len(cases) >= 14, [str(r) for r, _ in cases]
    for route, override in cases:
        may = ADMIN if override.get("what") == "statistics" else MAY[(route.method, route.path)]
        for role in sorted(ROLES, key=lambda r: r in may):  # the refused first: they must change nothing
            allowed = role in may
            values = _fresh(cast, plausible) if allowed and "report_id" in route.path else plausible
            status, changed = _attempt(cast, values, route, role, **override)
            what = f"{role} {route} {override or ''}"
            if allowed:
                assert status < 400 and changed, (what, status)
            else:
                wanted = (401,) if role == "anonymous" else (403,)
                assert status in wanted and not changed, (what, status, changed)
            findings.checked += 1
    findings.assert_none()


def test_no_write_of_any_route_is_open_to_an_anonymous_visitor_or_a_viewer(cast: Cast) -> None:
    # Every write the app serves, including any added after this suite was written.
    plausible = plausible_values(cast)
    findings = Findings()
    for route in _write_routes(cast):
        for role in ("anonymous", "viewer"):
            before = cast.footprint()
            actor = cast[role]
            response = send(actor, route, plausible.request(route, actor))
            findings.check(refused, response, 401 if role == "anonymous" else 403, what=f"{role} {route}")
            if cast.footprint() != before:
                findings.found.append(f"{role} {route} changed the store")
    findings.assert_none()


def test_an_owner_cannot_report_on_correct_or_withdraw_what_is_another_owners(cast: Cast) -> None:
    plausible = plausible_values(cast)
    other, owner = cast["other_owner"], cast["owner"]
    before = cast.footprint()
    data = {"target": plausible.target, "value": "1.5", "period": "2025", "unit": "亿吨"}
    refused(other.api("POST", "/api/v1/progress", data=data), 403)
    refused(owner.api("POST", "/api/v1/progress", data={**data, "target": plausible.other_target}), 403)
    refused(other.api("PUT", f"/api/v1/progress/{plausible.report_id}", json={"value": 9.9}), 403)
    refused(other.api("DELETE", f"/api/v1/progress/{plausible.report_id}"), 403)
    form = {"csrf": other.csrf, "value": "9.9", "period": "2025"}
    refused(other.page("POST", f"/reports/{plausible.report_id}/correct", data=form), 403)
    refused(other.page("POST", f"/reports/{plausible.report_id}/withdraw", data={"csrf": other.csrf}), 403)
    refused(other.page("POST", "/targets/progress", data={**form, "key": plausible.target}), 403)
    grab = {"target": plausible.other_target, "owner": "自治区商务厅"}
    refused(owner.api("PUT", "/api/v1/targets/owner", json=grab), 403)
    assert cast.footprint() == before
    # and the owner may, on their own
    assert owner.api("DELETE", f"/api/v1/progress/{plausible.report_id}").status_code == 200


def test_a_browser_write_without_the_sessions_csrf_token_changes_nothing(cast: Cast) -> None:
    plausible = plausible_values(cast)
    admin = cast["admin"]
    for route in _write_routes(cast):
        for csrf in (None, "", "forged-token", "é", admin.csrf + "x"):
            before = cast.footprint()
            request = plausible.request(route, admin, csrf=csrf)
            if route.api:  # the API with the browser's cookie and no token: the header is the CSRF check
                url = request.pop("url")
                headers = {**request.pop("headers", {}), **({"x-csrf-token": csrf} if csrf and csrf.isascii() else {})}
                response = admin.web.request(route.method, url, headers=headers, **request)
            else:
                response = admin.page(route.method, request.pop("url"), **request)
            # A page form without its csrf field (or an empty one) is refused as incomplete (422), any other as
            # forged (403).
            refused(response, *((403, 422) if not csrf and not route.api else (403,)))
            assert cast.footprint() == before, (str(route), csrf)


def test_the_api_takes_a_browsers_write_with_the_csrf_header(cast: Cast) -> None:
    plausible = plausible_values(cast)
    owner = cast["owner"]
    data = {"target": plausible.target, "value": "1.25", "period": "2025", "unit": "亿吨"}
    done = owner.web.post("/api/v1/progress", data=data, headers={"x-csrf-token": owner.csrf or ""})
    assert done.status_code == 201, done.text


def test_the_audit_log_is_the_admins_alone(cast: Cast) -> None:
    plausible = plausible_values(cast)
    for role in ROLES:
        actor = cast[role]
        api, page = actor.api("GET", "/api/v1/audit"), actor.page("GET", "/audit")
        if role == "admin":
            assert api.status_code == 200 and page.status_code == 200
            assert any(e["action"].startswith("progress") for e in api.json()["items"])
            continue
        refused(api, 401 if role == "anonymous" else 403)
        if role == "anonymous":
            assert is_login_redirect(page)
        else:
            refused(page, 403)
    one = cast["anonymous"].api("GET", "/api/v1/targets/one", params={"key": plausible.target}).json()
    assert one["audit"] == [] and one["may_report"] is False
    assert cast["owner"].api("GET", "/api/v1/targets/one", params={"key": plausible.target}).json()["may_report"]
    assert (
        not cast["other_owner"].api("GET", "/api/v1/targets/one", params={"key": plausible.target}).json()["may_report"]
    )


def test_with_log_in_required_no_read_is_open_to_an_anonymous_visitor(
    make_client: Callable[..., TestClient], pytestconfig: pytest.Config
) -> None:
    closed = make_client(login_required=True)
    count_requests(pytestconfig, closed, "authz")
    findings = Findings()
    for route in app_routes(closed.app):
        if route.writes or route.path == "/login":
            continue
        url = re.sub(r"\{\w+\}", "1", route.path.replace("{fmt}", "csv"))
        response = closed.get(url, follow_redirects=False)
        if route.api:
            findings.check(refused, response, 401, what=str(route))
        else:
            findings.checked += 1
            if not is_login_redirect(response):
                findings.found.append(f"{route}: {response.status_code}, not a redirect to /login")
    findings.assert_none()
