"""The REST API on the bundled samples: every figure comes with the link to its
span, listings page, filters filter, writes need the right role, and errors
are JSON with a message and the right status."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from web_samples import COMMERCE, DOCUMENTS, FREIGHT, GDP_2026, IM, INVESTMENT, TRAINS

Headers = Callable[[str], dict[str, str]]
WAIT = {"wait": 60}  # an upload is a job: wait for it, as a synchronous upload answered
UPLOADS = 5  # at most one user's unfinished jobs (JobLimits.queued_per_user)


def _targets(client: TestClient, **params: str) -> dict:
    found = client.get("/api/v1/targets", params={"region": IM, "period": "2025", **params})
    assert found.status_code == 200, found.text
    return found.json()


def _one(client: TestClient, words: str) -> dict:
    [item] = [t for t in _targets(client)["items"] if words in t["target"]["quote"]]
    return item


def test_every_statement_links_to_a_span_whose_text_is_its_quote(client: TestClient):
    page = client.get("/api/v1/statements", params={"region": IM, "limit": 50}).json()
    assert len(page["items"]) == 50
    texts: dict[str, str] = {}
    for s in page["items"]:
        assert s["href"] == f"/documents/{s['doc_id']}?at={s['start']}-{s['end']}#s{s['start']}-{s['end']}"
        if s["doc_id"] not in texts:
            texts[s["doc_id"]] = client.get(f"/api/v1/documents/{s['doc_id']}").json()["text"]
        assert texts[s["doc_id"]][s["start"] : s["end"]] == s["quote"]


def test_statement_pages_follow_each_other_without_gaps(client: TestClient):
    whole = client.get("/api/v1/statements", params={"region": IM, "limit": 1000}).json()["items"]
    assert len(whole) > 8
    first = client.get("/api/v1/statements", params={"region": IM, "limit": 4}).json()
    second = client.get(first["next"]).json()
    assert [s["quote"] for s in first["items"] + second["items"]] == [s["quote"] for s in whole[:8]]
    assert first["offset"] == 0 and second["offset"] == 4


def test_statements_filter_like_the_cli(client: TestClient):
    found = client.get("/api/v1/statements", params={"indicator": "gdp_growth", "kind": "target", "period": "2026"})
    regions = sorted(s["region"] for s in found.json()["items"])
    assert regions == sorted(GDP_2026)


def test_the_investment_target_is_met_by_the_2026_report_with_both_sentences(client: TestClient):
    item = _one(client, INVESTMENT)
    assert item["status_word"] == "已完成"
    assert item["chosen"]["value"] == 6000  # the statistics row, which outranks the report
    assert any("引进国内到位资金6000亿元" in e["quote"] for e in item["actuals"])
    assert item["chosen"]["href"].startswith("/documents/") and item["target"]["href"].startswith("/documents/")
    assert item["owner"] == COMMERCE


def test_counts_by_status_add_up_to_the_targets(client: TestClient):
    board = _targets(client)
    tracked = [t for t in board["items"] if t["tracked"]]
    assert sum(c["count"] for c in board["counts"]) == len(tracked) >= 5
    assert board["total"] == len(board["items"]) > len(tracked)  # programme names are listed, not counted
    assert {c["word"] for c in board["counts"]} >= {"已完成", "暂无数据"}


def test_one_target_by_key_says_who_may_report(client: TestClient, token: Headers):
    key = _one(client, INVESTMENT)["key"]
    anonymous = client.get("/api/v1/targets/one", params={"key": key}).json()
    assert anonymous["may_report"] is False and anonymous["audit"] == []
    owner = client.get("/api/v1/targets/one", params={"key": key}, headers=token("shangwu")).json()
    assert owner["may_report"] is True
    other = client.get("/api/v1/targets/one", params={"key": key}, headers=token("nongmu")).json()
    assert other["may_report"] is False


def test_compare_gives_every_province_and_the_reported_figures(client: TestClient):
    data = client.get("/api/v1/compare", params={"indicator": "gdp_growth", "kind": "target", "period": "2026"}).json()
    assert len(data["rows"]) >= 31
    reported = {r["region"]: r["figures"][0] for r in data["rows"] if r["figures"]}
    assert {r: (f["value"], f["value_high"]) for r, f in reported.items()} == GDP_2026
    assert all(f["href"] for f in reported.values())


def test_compare_downloads_as_excel_and_csv(client: TestClient):
    params = {"indicator": "gdp_growth", "kind": "target", "period": "2026"}
    xlsx = client.get("/api/v1/compare", params={**params, "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert "attachment" in xlsx.headers["content-disposition"]
    csv = client.get("/api/v1/compare", params={**params, "format": "csv"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("地区,代码,数值,原文,来源") and any(line.startswith("广东省,440000,") for line in lines)


def test_the_openapi_schema_lists_the_endpoints(client: TestClient):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/documents", "/api/v1/statements", "/api/v1/targets", "/api/v1/compare", "/api/v1/progress"):
        assert path in paths


def test_documents_name_their_source_file_without_the_servers_folders(client: TestClient):
    items = client.get("/api/v1/documents").json()["items"]
    sources = [d["source"] for d in items if d["source"]]
    assert "nmg_cooperation_2025.md" in sources
    assert not [s for s in sources if "/" in s and "://" not in s]


def test_errors_are_json_with_a_message_and_the_status(client: TestClient):
    missing = client.get("/api/v1/documents/nope")
    assert missing.status_code == 404 and missing.json()["error"] == {"status": 404, "message": "没有这份文档：nope"}
    bad = client.get("/api/v1/statements", params={"kind": "wish", "limit": 0})
    assert bad.status_code == 422
    message = bad.json()["error"]["message"]
    assert "kind" in message and "limit" in message
    assert client.get("/api/v1/nothing").json()["error"]["status"] == 404
    assert client.get("/api/v1/targets/one", params={"key": "x:1-2"}).status_code == 404


def test_an_uploaded_document_is_extracted_and_the_same_file_twice_changes_nothing(client: TestClient, token: Headers):
    text = "2025年，兴安盟口岸货运量完成120万吨，增长8%。2026年力争达到150万吨。".encode()
    files = {"file": ("兴安盟通报.txt", text, "text/plain")}
    first = client.post("/api/v1/documents", params=WAIT, files=files, headers=token("admin"))
    assert first.status_code == 201, first.text
    [doc] = first.json()["documents"]
    assert doc["added"] is True and doc["statements"] >= 2
    stored = client.get(f"/api/v1/documents/{doc['id']}").json()
    assert stored["source"] == "上传：兴安盟通报.txt" and len(stored["statements"]) == doc["statements"]
    again = client.post("/api/v1/documents", params=WAIT, files=files, headers=token("shangwu"))
    assert again.status_code == 201 and again.json()["documents"][0]["added"] is False
    assert client.get("/api/v1/documents").json()["total"] == DOCUMENTS + 1


def test_an_unreadable_upload_is_refused_naming_the_file(client: TestClient, token: Headers):
    bad = client.post("/api/v1/documents", params=WAIT, headers=token("admin"),
                      files={"file": ("坏.pdf", b"%PDF-1.4 broken", "application/pdf")})  # fmt: skip
    assert bad.status_code == 400 and "坏.pdf" in bad.json()["error"]["message"]
    assert "/tmp" not in bad.json()["error"]["message"]
    assert client.get("/api/v1/documents").json()["total"] == DOCUMENTS


def test_statistics_uploaded_by_an_admin_settle_a_target(client: TestClient, token: Headers):
    key = _one(client, TRAINS)["key"]
    assert client.get("/api/v1/targets/one", params={"key": key}).json()["status_word"] == "暂无数据"
    table = (
        "地区,指标,期间,数值,单位,来源\n内蒙古自治区,china_europe_trains,2025,520,列,到发中欧班列（商务厅）\n".encode()
    )
    up = client.post("/api/v1/statistics", params=WAIT, files={"file": ("班列.csv", table, "text/csv")},
                     headers=token("admin"))  # fmt: skip
    assert up.status_code == 201, up.text
    after = client.get("/api/v1/targets/one", params={"key": key}).json()
    assert after["chosen"]["value"] == 520 and after["status_word"] == "已完成"


def test_an_owner_records_progress_and_the_target_is_assessed_on_it(client: TestClient, token: Headers):
    target = _one(client, FREIGHT)
    form = {"target": target["key"], "value": "1.05", "period": "2025-09", "note": "前三季度海关数据"}
    made = client.post("/api/v1/progress", data=form, headers=token("shangwu"))
    assert made.status_code == 201, made.text
    [statement] = made.json()["statements"]
    assert statement["kind"] == "actual" and statement["value"] == 1.05 and statement["unit"] == "亿吨"
    doc = client.get(f"/api/v1/documents/{statement['doc_id']}").json()
    assert doc["text"][statement["start"] : statement["end"]] == statement["quote"]
    one = client.get("/api/v1/targets/one", params={"key": target["key"]}, headers=token("shangwu")).json()
    assert [r["value"] for r in one["progress_reports"]] == [1.05]
    assert any(e["action"] for e in one["audit"])


def test_progress_on_another_owners_target_is_refused_and_nothing_is_stored(client: TestClient, token: Headers):
    target = _one(client, INVESTMENT)
    before = client.get("/api/v1/documents").json()["total"]
    refused = client.post("/api/v1/progress", data={"target": target["key"], "value": "1", "period": "2025"},
                          headers=token("nongmu"))  # fmt: skip
    assert refused.status_code == 403 and "nongmu" in refused.json()["error"]["message"]
    assert client.get("/api/v1/documents").json()["total"] == before


def test_an_admin_assigns_an_owner_who_may_then_report(client: TestClient, token: Headers):
    key = _one(client, INVESTMENT)["key"]
    by_owner = client.put(
        "/api/v1/targets/owner", json={"target": key, "owner": "自治区农牧厅"}, headers=token("shangwu")
    )
    assert by_owner.status_code == 403
    done = client.put("/api/v1/targets/owner", json={"target": key, "owner": "自治区农牧厅"}, headers=token("admin"))
    assert done.status_code == 200
    one = client.get("/api/v1/targets/one", params={"key": key}, headers=token("nongmu")).json()
    assert one["owner"] == "自治区农牧厅" and one["may_report"] is True
    audit = client.get("/api/v1/audit", headers=token("admin")).json()["items"]
    assert any(e["object"] == key and e["after"] and "自治区农牧厅" in str(e["after"]) for e in audit)


def test_me_names_the_token_holder(client: TestClient, token: Headers):
    assert client.get("/api/v1/me").json() == {"user": None}
    me = client.get("/api/v1/me", headers=token("xingan")).json()["user"]
    assert me["username"] == "xingan" and me["owner"] == "兴安盟" and me["role"] == "owner"
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer ls_forged"}).status_code == 401


def test_pages_answer_while_uploads_change_the_store(client: TestClient, token: Headers):
    from concurrent.futures import ThreadPoolExecutor

    admin = token("admin")

    def upload(n: int) -> int:
        text = f"2025年，兴安盟口岸货运量完成{100 + n}万吨。2026年力争达到{150 + n}万吨。".encode()
        up = client.post("/api/v1/documents", params=WAIT, files={"file": (f"通报{n}.txt", text)}, headers=admin)
        return up.status_code

    def read(n: int) -> int:
        url = ["/", "/compare", "/regions", "/indicators", "/api/v1/targets?region=兴安盟"][n % 5]
        return client.get(url).status_code

    with ThreadPoolExecutor(6) as pool:
        writes = pool.map(upload, range(UPLOADS))
        reads = pool.map(read, range(40))
        assert set(writes) == {201} and set(reads) == {200}
    assert client.get("/api/v1/documents").json()["total"] == DOCUMENTS + UPLOADS


def test_search_finds_a_phrase_with_the_link_to_each_span(client: TestClient):
    found = client.get("/api/v1/search", params={"q": "中欧班列"}).json()["items"]
    assert len(found) >= 3
    for hit in found[:5]:
        text = client.get(f"/api/v1/documents/{hit['doc_id']}").json()["text"]
        assert text[hit["start"] : hit["end"]] == "中欧班列" and "中欧班列" in hit["snippet"]
        assert hit["href"] == f"/documents/{hit['doc_id']}?at={hit['start']}-{hit['end']}#s{hit['start']}-{hit['end']}"
    assert client.get("/api/v1/search", params={"q": ""}).status_code == 422
