"""通报 on the web: the current one downloaded beside the scoreboard's Excel
button (DOCX, PDF; not kept), admins issuing it (kept, audited), the list
of those issued, each downloaded as it was issued."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Callable

from docx import Document
from fastapi.testclient import TestClient
from web_samples import IM, login

TITLE = "关于内蒙古自治区2025年重点任务推进情况的通报"


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_the_board_offers_the_bulletin_beside_its_excel_download(client: TestClient) -> None:
    page = client.get("/", params={"region": IM, "period": "2025"}).text
    excel = page.index("下载任务分解表")
    word, pdf = page.index("下载通报（Word）"), page.index("下载通报（PDF）")
    assert excel < word < pdf
    assert "/bulletin.docx?region=%E5%86%85" in page and "/bulletin.pdf?region=" in page
    assert "下载通报" not in client.get("/", params={"region": IM, "period": ""}).text  # a year is needed


def test_the_current_bulletin_downloads_as_docx_and_pdf_and_is_not_kept(client: TestClient, tmp_path) -> None:  # type: ignore[no-untyped-def]
    docx = client.get("/bulletin.docx", params={"region": IM, "period": "2025"})
    assert docx.status_code == 200, docx.text
    assert docx.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment; filename*=UTF-8''" in docx.headers["content-disposition"]
    text = _docx_text(docx.content)
    assert TITLE in text and "一、总体情况" in text and "第1期" in text
    pdf = client.get("/bulletin.pdf", params={"region": "内蒙古", "period": "2025", "owner": "商务厅"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    path = tmp_path / "b.pdf"
    path.write_bytes(pdf.content)
    words = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)
    assert "关于自治区商务厅2025年重点任务推进情况的通报" in words
    assert "还没有印发过通报" in client.get("/bulletins").text


def test_a_bulletin_needs_a_region_and_a_year_and_is_docx_or_pdf(client: TestClient) -> None:
    no_year = client.get("/bulletin.pdf", params={"region": IM})
    assert no_year.status_code == 422 and "年份：请选择年份再生成通报" in no_year.text
    no_place = client.get("/bulletin.docx", params={"region": "火星", "period": "2025"})
    assert no_place.status_code == 422 and "地区：请选择一个地区" in no_place.text
    assert client.get("/bulletin.xlsx", params={"region": IM, "period": "2025"}).status_code == 404
    assert client.get("/bulletins/99.pdf").status_code == 404


def test_an_admin_issues_the_bulletin_and_it_is_listed_audited_and_downloads_as_issued(client: TestClient) -> None:
    csrf = login(client, "admin")
    page = client.get("/bulletins").text
    assert "印发本期通报" in page
    done = client.post("/bulletins", data={"csrf": csrf, "region": IM, "period": "2025"}, follow_redirects=False)
    assert done.status_code == 303, done.text
    listed = client.get("/bulletins").text
    found = re.search(r'id="bulletin-(\d+)"', listed)
    assert found and "第1期" in listed and TITLE in listed and "admin" in listed
    bulletin_id = found.group(1)
    issued = client.get(f"/bulletins/{bulletin_id}.docx")
    assert issued.status_code == 200 and TITLE in _docx_text(issued.content)
    # issued again the same day: that day's is replaced, still 第1期
    client.post("/bulletins", data={"csrf": csrf, "region": IM, "period": "2025"}, follow_redirects=False)
    assert client.get("/bulletins").text.count('id="bulletin-') == 1
    audit = client.get("/audit").text
    assert "印发通报" in audit and f'href="/bulletins#bulletin-{bulletin_id}"' in audit


def test_only_admins_issue_and_only_with_the_forms_token(client: TestClient) -> None:
    owner_csrf = login(client, "shangwu")
    refused = client.post("/bulletins", data={"csrf": owner_csrf, "region": IM, "period": "2025"})
    assert refused.status_code == 403
    assert "印发本期通报" not in client.get("/bulletins").text
    login(client, "admin")
    forged = client.post("/bulletins", data={"csrf": "not-the-token", "region": IM, "period": "2025"})
    assert forged.status_code == 403
    client.cookies.clear()
    anonymous = client.post("/bulletins", data={"csrf": "x", "region": IM, "period": "2025"})
    assert anonymous.status_code in (401, 403)


def test_with_log_in_required_a_bulletin_needs_an_account(make_client: Callable[..., TestClient]) -> None:
    client = make_client(login_required=True)
    for url in ("/bulletin.pdf?region=内蒙古自治区&period=2025", "/bulletins", "/bulletins/1.docx"):
        first = client.get(url, follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"].startswith("/login"), url
    login(client, "viewer")
    assert client.get("/bulletin.pdf", params={"region": IM, "period": "2025"}).status_code == 200
