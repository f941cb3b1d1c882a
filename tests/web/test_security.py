"""What an attacker might try: markup and SQL in documents, SQL in filters,
writes without an account or with the wrong role, forged forms, oversized
uploads, login guessing and redirects elsewhere."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from web_samples import DOCUMENTS, FREIGHT, IM, INVESTMENT, login

Headers = Callable[[str], dict[str, str]]

HOSTILE = (
    "<script>alert('x')</script>兴安盟通报\n"
    '2025年，兴安盟口岸货运量完成120万吨<img src=x onerror="alert(1)">，增长8%。\n'
    "2026年兴安盟地区生产总值力争增长6%'; DROP TABLE statements; --。\n"
    '牵头单位：<b onmouseover="alert(2)">兴安盟商务局</b>\n'
)
RAW = ("<script>", "<img src=x", "<b onmouseover", 'onerror="alert')


def _upload_hostile(client: TestClient, token: Headers) -> str:
    up = client.post(
        "/api/v1/documents", params={"wait": 60}, files={"file": ("通报<script>.txt", HOSTILE.encode())},
        headers=token("admin"),
    )  # fmt: skip
    assert up.status_code == 201, up.text
    return str(up.json()["documents"][0]["id"])


def test_markup_in_a_document_is_shown_as_text_on_every_page(client: TestClient, token: Headers):
    doc_id = _upload_hostile(client, token)
    statements = client.get(f"/api/v1/documents/{doc_id}").json()["statements"]
    assert statements, "the hostile document still has figures to show"
    s = statements[0]
    pages = [
        f"/documents/{doc_id}",
        f"/documents/{doc_id}?at={s['start']}-{s['end']}",
        "/documents",
        "/?region=兴安盟&period=2026",
        "/?region=兴安盟&period=2025",
        "/compare?indicator=gdp_growth&kind=target&period=2026",
        "/indicators?indicator=gdp_growth&region=兴安盟",
        "/regions?indicator=gdp_growth&kind=target&period=2026",
    ]
    for url in pages:
        page = client.get(url)
        assert page.status_code == 200, url
        for raw in RAW:
            assert raw not in page.text, (url, raw)
    assert "&lt;script&gt;alert(" in client.get(f"/documents/{doc_id}").text


def test_chart_data_cannot_close_its_script_block(client: TestClient, token: Headers):
    _upload_hostile(client, token)
    page = client.get("/indicators", params={"indicator": "gdp_growth", "region": "兴安盟"}).text
    block = page.split('id="indicator-data">')[1].split("</script>")[0]
    assert "兴安盟" in block and "<" not in block


def test_every_response_forbids_inline_scripts_and_framing(client: TestClient):
    for url in ("/", "/api/v1/statements?limit=1", "/login"):
        headers = client.get(url).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "hostile",
    [
        "' OR '1'='1",
        "x'; DROP TABLE statements; --",
        '" OR 1=1 --',
        "内蒙古自治区' --",
        "%' OR 1=1 --",
        "\\'; SELECT 1; --",
    ],
)
def test_filters_are_values_never_sql(client: TestClient, hostile: str):
    before = client.get("/api/v1/documents").json()["items"]
    for name in ("region", "indicator", "period", "doc"):
        found = client.get("/api/v1/statements", params={name: hostile})
        assert found.status_code == 200 and found.json()["items"] == [], name
    assert client.get("/api/v1/targets", params={"region": hostile, "owner": hostile}).json()["total"] == 0
    assert client.get("/", params={"region": hostile, "owner": hostile, "indicator": hostile}).status_code == 200
    after = client.get("/api/v1/documents").json()["items"]
    assert [d["statement_count"] for d in after] == [d["statement_count"] for d in before]
    assert len(client.get("/api/v1/statements", params={"region": IM, "limit": 5}).json()["items"]) == 5


def _key(client: TestClient, words: str = INVESTMENT) -> str:
    items = client.get("/api/v1/targets", params={"region": IM, "period": "2025"}).json()["items"]
    return str(next(t["key"] for t in items if words in t["target"]["quote"]))


def _writes(key: str) -> list[tuple[str, str, dict]]:
    """(method, path, request arguments) of every write endpoint."""
    wait = {"wait": 60}  # an upload is a job: wait for it to be stored
    file = {"params": wait, "files": {"file": ("a.txt", "2025年全区口岸货运量1.4亿吨。".encode())}}
    stats = {
        "params": wait,
        "files": {"file": ("s.csv", "地区,指标,期间,数值,单位\n内蒙古自治区,gdp_growth,2025,5.1,%\n".encode())},
    }
    progress = {"data": {"target": key, "value": "1", "period": "2025"}}
    return [
        ("POST", "/api/v1/documents", file),
        ("POST", "/api/v1/statistics", stats),
        ("POST", "/api/v1/progress", progress),
        ("PUT", "/api/v1/targets/owner", {"json": {"target": key, "owner": "自治区农牧厅"}}),
        ("POST", "/targets/progress", {"data": {"key": key, "value": "1", "period": "2025", "csrf": "x"}}),
        ("POST", "/targets/owner", {"data": {"key": key, "owner": "自治区农牧厅", "csrf": "x"}}),
        ("POST", "/upload/document", {**file, "data": {"csrf": "x"}}),
        ("POST", "/upload/statistics", {**stats, "data": {"csrf": "x"}}),
    ]


def test_every_write_refuses_an_anonymous_request(client: TestClient):
    before = client.get("/api/v1/documents").json()["total"]
    for method, path, args in _writes(_key(client)):
        got = client.request(method, path, follow_redirects=False, **args)
        assert got.status_code in (401, 303), (path, got.status_code)
        if path.startswith("/api/"):
            assert got.status_code == 401 and "登录" in got.json()["error"]["message"]
    assert client.get("/api/v1/documents").json()["total"] == before


def test_every_write_refuses_a_role_that_may_not_make_it(client: TestClient, token: Headers):
    key = _key(client)
    refused = {"viewer": {0, 1, 2, 3}, "nongmu": {1, 2, 3}, "shangwu": {1, 3}}
    before = client.get("/api/v1/documents").json()["total"]
    for user, which in refused.items():
        headers = token(user)
        for i, (method, path, args) in enumerate(_writes(key)[:4]):
            got = client.request(method, path, headers=headers, **args)
            assert (got.status_code == 403) == (i in which), (user, path, got.status_code, got.text)
    # the only writes allowed above: shangwu's document upload (0) and progress (2), nongmu's upload (0)
    assert client.get("/api/v1/documents").json()["total"] == before + 2


def test_a_form_without_the_sessions_csrf_token_is_refused(client: TestClient):
    login(client, "admin")
    key = _key(client)
    before = client.get("/api/v1/documents").json()["total"]
    for method, path, args in _writes(key)[4:]:
        got = client.request(method, path, **args)
        assert got.status_code == 403 and "CSRF" in got.text, path
    # cookie-authenticated API writes need the header too
    assert client.put("/api/v1/targets/owner", json={"target": key, "owner": "x"}).status_code == 403
    assert client.get("/api/v1/documents").json()["total"] == before


def test_an_oversized_upload_is_refused_with_the_limit_named(make_client: Callable[..., TestClient], token: Headers):
    small = make_client(max_upload=1024 * 1024)
    headers = token("admin")
    big = "2025年口岸货运量1.3亿吨。\n".encode() * 80_000  # 2.6 MB
    got = small.post("/api/v1/documents", files={"file": ("big.txt", big)}, headers=headers)
    assert got.status_code == 413 and "上限为 1 MB" in got.json()["error"]["message"]

    def chunks():  # no Content-Length: refused while reading
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
        for _ in range(40):
            yield b"x" * 65536

    form = {**headers, "content-type": "multipart/form-data; boundary=b"}
    streamed = small.post("/api/v1/documents", content=chunks(), headers=form)
    assert streamed.status_code == 413
    assert small.get("/api/v1/documents").json()["total"] == DOCUMENTS


def test_an_oversized_attachment_is_refused_and_nothing_is_recorded(client: TestClient, token: Headers):
    key = _key(client, FREIGHT)
    form = {"target": key, "value": "1", "period": "2025"}
    huge = {"attachment": ("big.bin", b"\0" * (10 * 1024 * 1024 + 1))}
    got = client.post("/api/v1/progress", data=form, files=huge, headers=token("shangwu"))
    assert got.status_code == 413 and "10 MB" in got.json()["error"]["message"]
    assert client.get("/api/v1/targets/one", params={"key": key}).json()["progress_reports"] == []


def test_login_guessing_is_slowed_down(client: TestClient):
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    codes = [
        client.post("/login", data={"username": "admin", "password": f"guess{i}", "csrf": csrf}).status_code
        for i in range(7)
    ]
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]
    blocked = client.post("/login", data={"username": "admin", "password": "guess", "csrf": csrf})
    assert "秒后再试" in blocked.text and int(blocked.headers["retry-after"]) > 0


def test_a_login_form_from_elsewhere_is_refused(client: TestClient):
    forged = client.post("/login", data={"username": "admin", "password": "x", "csrf": "forged"})
    assert forged.status_code == 403


def test_login_never_redirects_to_another_site(client: TestClient):
    page = client.get("/login", params={"next": "https://evil.example/"})
    assert 'name="next" value="/"' in page.text
    for target in ("//evil.example", "https://evil.example", "/\\evil.example"):
        assert f'value="{target}"' not in client.get("/login", params={"next": target}).text


def test_a_disabled_users_token_and_session_stop_working(client: TestClient, token: Headers):
    headers = token("xingan")
    login(client, "xingan")
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    with client.app.state.luoshi.writing() as store:  # type: ignore[attr-defined]
        from luoshi.accounts import Accounts

        Accounts(store).disable("xingan", by="admin")  # type: ignore[arg-type]
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert "xingan" not in client.get("/").text
