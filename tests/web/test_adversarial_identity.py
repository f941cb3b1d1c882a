"""identity: an upload cannot take over what a stored document's id, name,
target keys or evidence links point to — not by a stored name, not by an id
or an id's prefix as a file name, not by the same name in another case or
width — and an owner's upload does not settle another owner's target. Tested
through the public routes only: whatever the keys look like, each one found
before an attack answers the same after it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from adversarial_kit import WAIT, Cast, assemble
from fastapi.testclient import TestClient
from web_samples import COOPERATION, IM, TRAINS

HIJACK = "内蒙古自治区政府工作报告摘要\n全年到发中欧班列300列，全年口岸货运量目标为0.5亿吨。\n"


@pytest.fixture
def cast(client: TestClient, token: Callable[[str], dict[str, str]], pytestconfig: pytest.Config) -> Cast:
    return assemble(client, token, pytestconfig, "identity")


def _board(cast: Cast) -> dict[str, dict[str, Any]]:
    """Each target of the 2025 board by key: what its key and links say."""
    items = cast["anonymous"].api("GET", "/api/v1/targets", params={"region": IM, "period": "2025"}).json()["items"]
    return {i["key"]: i for i in items}


def _resolved(cast: Cast, key: str) -> tuple[Any, ...]:
    one = cast["anonymous"].api("GET", "/api/v1/targets/one", params={"key": key})
    assert one.status_code == 200, (key, one.text)
    t = one.json()["target"]
    return t["doc_id"], t["start"], t["end"], t["quote"], t["href"]


def _text(cast: Cast, ref: str) -> tuple[int, str]:
    found = cast["anonymous"].api("GET", f"/api/v1/documents/{ref}")
    return found.status_code, found.json().get("text", "") if found.status_code == 200 else ""


def _upload(cast: Cast, role: str, name: str, text: str) -> dict[str, Any]:
    up = cast[role].api("POST", "/api/v1/documents", params={"wait": WAIT}, files={"file": (name, text.encode())})
    assert up.status_code == 201, up.text
    document: dict[str, Any] = up.json()["documents"][0]
    return document


def test_no_upload_changes_what_a_stored_key_or_link_points_to(cast: Cast) -> None:
    before = _board(cast)
    assert len(before) >= 5
    resolved = {key: _resolved(cast, key) for key in before}
    original = next(
        d for d in cast["anonymous"].api("GET", "/api/v1/documents").json()["items"] if d["name"] == COOPERATION
    )
    original_text = _text(cast, original["id"])[1]
    names = [
        COOPERATION,  # the stored name itself
        COOPERATION.upper(),
        "ｎｍｇ_ｃｏｏｐｅｒａｔｉｏｎ_２０２５.md",  # full-width: the same name once NFKC-normalised
        f"../{COOPERATION}",
        f"{original['id']}.md",
        f"{original['id']}.txt",
        f"{original['id'][:16]}.txt",
        f"000_{original['id'][:16]}.txt",
    ]
    for n, name in enumerate(names):
        for role in ("other_owner", "admin"):
            added = _upload(cast, role, name, HIJACK + f"（第{n}次，{role}）\n")
            assert added["id"] != original["id"] and added["name"] != COOPERATION, (name, added)
    assert _text(cast, original["id"]) == (200, original_text)
    assert _text(cast, COOPERATION) == (200, original_text)  # by name: still the original
    assert _text(cast, original["id"][:16]) == (200, original_text)  # by an id's prefix
    after = _board(cast)
    for key, was in resolved.items():
        assert key in after, key
        assert _resolved(cast, key) == was, key
        assert after[key]["target"]["href"] == before[key]["target"]["href"]


def test_the_same_text_again_under_another_name_is_the_stored_document(cast: Cast) -> None:
    original = next(
        d for d in cast["anonymous"].api("GET", "/api/v1/documents").json()["items"] if d["name"] == COOPERATION
    )
    text = _text(cast, original["id"])[1]
    again = _upload(cast, "admin", "另一个名字.md", text)
    assert again["id"] == original["id"] and again["added"] is False
    listed = cast["anonymous"].api("GET", f"/api/v1/documents/{original['id']}").json()
    assert listed["name"] == COOPERATION


def test_an_owners_upload_does_not_settle_another_owners_target(cast: Cast) -> None:
    trains = next(i for i in _board(cast).values() if TRAINS in i["target"]["quote"])
    assert trains["status"] == "no_data"
    _upload(
        cast,
        "other_owner",
        "内蒙古自治区政府工作报告摘要.txt",
        "内蒙古自治区政府工作报告摘要\n2025年全年到发中欧班列300列。\n",
    )
    again = _board(cast)[trains["key"]]
    assert again["status"] == "no_data", again["status"]
    assert again["chosen"] is None or again["chosen"]["value"] != 300
