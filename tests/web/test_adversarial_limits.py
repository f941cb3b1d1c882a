"""limits: every parameter of every route — query, path, form field, JSON
field, API and pages — given huge and negative numbers, long strings, empty
and blank ones, and odd Unicode (NUL, RTL override, lone surrogates, combining
marks, full-width NFKC look-alikes, zero-width and noncharacters), by an
anonymous visitor, a viewer, an owner and an admin: never a 5xx, every
refusal a 4xx in Chinese naming no path or driver, on the pages an HTML page."""

from __future__ import annotations

from collections.abc import Callable
from itertools import cycle

import pytest
from adversarial_kit import (
    Cast,
    Findings,
    Plausible,
    answered,
    assemble,
    has_surrogate,
    plausible_values,
    refused,
    send,
)
from adversarial_kit import routes as app_routes
from fastapi.testclient import TestClient

ODD_TEXT = {
    "NUL": "a\x00b",
    "control": "2025\x1b[31m",
    "RTL override": "\u202e5202",
    "lone surrogate": "x\ud800y",
    "combining marks": "e" + "\u0301" * 300,
    "full-width": "ｇｄｐ＿ｇｒｏｗｔｈ",
    "zero-width": "内\u200b蒙\u200d古",
    "BOM": "\ufeff2025",
    "line separator": "2025\u2028",
    "noncharacter": "\uffff",
    "emoji": "👨\u200d👩\u200d👧🇨🇳",
    "CJK extension B": "𠀀𪚥𰀀",
    "Kangxi radical": "⾃治区商务厅",
    "empty": "",
    "blank": "   ",
    "long": "长" * 3000,
    "very long": "x" * 20_000,
    "markup": "<b>&amp;",
    "percent escapes": "%00%ff%2e%2e",
    "traversal": "../../../etc/passwd",
}
ODD_NUMBERS = {
    "2⁶³": "9223372036854775808",
    "−2⁶³−1": "-9223372036854775809",
    "10³⁰": "1" + "0" * 30,
    "4000 digits": "9" * 4000,
    "−1": "-1",
    "zero": "0",
    "overflowing float": "1e309",
    "NaN": "NaN",
    "infinity": "-inf",
    "full-width digits": "１０",
    "hex": "0x10",
    "underscores": "1_000",
    "spaced": " 5 ",
}
ODD = {**ODD_TEXT, **ODD_NUMBERS}


@pytest.fixture
def cast(client: TestClient, token: Callable[[str], dict[str, str]], pytestconfig: pytest.Config) -> Cast:
    return assemble(client, token, pytestconfig, "limits")


def _sweep(cast: Cast, plausible: Plausible, roles: list[str], values: dict[str, str]) -> Findings:
    """Each parameter of each route given each value, by the roles in turn."""
    findings = Findings()
    who = cycle(roles)
    for route in app_routes(cast.app):
        for param in route.params:
            if param.where == "file":
                continue  # file names and contents: test_adversarial_uploads
            for label, value in values.items():
                if has_surrogate(value) and route.has_files:
                    continue  # a multipart form cannot carry one: no client can send it
                actor = cast[next(who)]
                request = plausible.request(route, actor, **{param.name: value})
                findings.check(answered, send(actor, route, request), what=f"{actor.role} {route} {param.name}={label}")
    return findings


def test_odd_values_in_every_parameter_are_answered_or_refused_in_chinese(cast: Cast) -> None:
    plausible = plausible_values(cast)
    _sweep(cast, plausible, ["admin", "anonymous", "owner", "viewer"], ODD).assert_none()


def test_every_parameter_takes_every_odd_value_from_an_admin(cast: Cast) -> None:
    # The admin reaches furthest into every route: all values, all parameters.
    _sweep(cast, plausible_values(cast), ["admin"], ODD).assert_none()


def test_a_huge_offset_is_a_422_naming_the_bound_not_a_database_error(cast: Cast) -> None:
    for actor in cast:
        for path in ("/api/v1/statements", "/api/v1/documents", "/api/v1/targets"):
            message = refused(actor.api("GET", path, params={"offset": "9223372036854775808"}), 422)
            assert "offset" in message and "1000000000" in message, message
        assert actor.api("GET", "/api/v1/statements", params={"offset": 10**9}).json()["items"] == []
        refused(actor.page("GET", "/?page=9223372036854775808"), 422)


def test_control_characters_are_refused_by_name_without_echoing_them(cast: Cast) -> None:
    for actor in cast:
        message = refused(actor.api("GET", "/api/v1/statements", params={"region": "内蒙古\x00"}), 422)
        assert "region" in message and "U+0000" in message and "\x00" not in message
        message = refused(actor.page("GET", "/documents", params={"q": "\u202e货运"}), 422)
        assert "q" in message and "U+202E" in message and "\u202e" not in message


def test_a_long_value_is_refused_with_its_bound(cast: Cast) -> None:
    for actor in cast:
        message = refused(actor.api("GET", "/api/v1/targets/one", params={"key": "k" * 5000}), 422)
        assert "5000" in message and "1000" in message, message
        assert len(message) < 200


def test_an_owner_name_written_with_look_alike_characters_is_stored_plain(cast: Cast) -> None:
    plausible = plausible_values(cast)
    admin = cast["admin"]
    done = admin.api("PUT", "/api/v1/targets/owner", json={"target": plausible.target, "owner": " ⾃治区商务厅 "})
    assert done.status_code == 200 and done.json()["owner"] == "自治区商务厅", done.text
    refused(admin.api("PUT", "/api/v1/targets/owner", json={"target": plausible.target, "owner": "   "}), 422)
    refused(admin.api("PUT", "/api/v1/targets/owner", json={"target": plausible.target, "owner": "厅" * 101}), 422)
    form = {"key": plausible.target, "owner": "\u202e厅务商", "csrf": admin.csrf}
    page = admin.page("POST", "/targets/owner", data=form)
    assert "U+202E" in refused(page, 422)


def test_validation_messages_are_chinese_whatever_the_parameter(cast: Cast) -> None:
    anonymous = cast["anonymous"]
    for params in ({"limit": "abc"}, {"limit": 0}, {"limit": 10**6}, {"kind": "neither"}):
        message = refused(anonymous.api("GET", "/api/v1/statements", params=params), 422)
        assert message.startswith("参数无效："), message
    message = refused(anonymous.api("GET", "/api/v1/compare", params={"kind": "target"}), 422)
    assert "indicator" in message and "缺少此项" in message, message
    malformed = cast["admin"].api(
        "PUT", "/api/v1/targets/owner", content=b'{"target": 1', headers={"content-type": "application/json"}
    )
    assert "JSON" in refused(malformed, 422)
    nested = cast["admin"].api(
        "PUT", "/api/v1/targets/owner", content=b"[" * 100_000, headers={"content-type": "application/json"}
    )
    refused(nested, 400, 422)
