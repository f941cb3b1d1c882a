"""上传: the document form asks for region (the store's main region first),
publication date and title; what the uploader gives replaces the loader's
guesses — the statements of the text take the region given — and a value
that cannot be right is refused in Chinese, naming the field, storing nothing."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from html import unescape

import pytest
from fastapi.testclient import TestClient
from web_samples import IM, login

from luoshi.clock import BEIJING
from luoshi.errors import InputError
from luoshi.given_metadata import given_metadata, region_options

Headers = Callable[[str], dict[str, str]]
JOB_POLLS = 600  # an upload stored by a background job is looked for this many times, 0.1 s apart
# A text whose loader guesses its own title, date and region (from the heading).
REPORT = "# 内蒙古自治区政府工作报告摘要\n发布时间：2025-01-10\n\n全年口岸货运量目标为1.4亿吨。\n"


def _upload(client: TestClient, csrf: str, text: str = REPORT, **fields: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/upload/document",
        data={"csrf": csrf, **fields},
        files={"file": ("兴安盟报送.md", text.encode())},
        follow_redirects=False,
    )


def _document(client: TestClient, location: str) -> dict:
    """The document an upload stored: the redirect names it, or the job storing it (waited for)."""
    path = location.split("?")[0]
    if path.startswith("/upload/jobs/"):
        job = {"state": "queued"}
        for _ in range(JOB_POLLS):  # waits for the worker; asserts nothing about how long it takes
            job = client.get("/api/v1/jobs/" + path.rsplit("/", 1)[1]).json()
            if job["state"] in ("done", "failed", "cancelled"):
                break
            time.sleep(0.1)
        assert job["state"] == "done", job
        path = job["documents"][0]["href"]
    return client.get("/api/v1/documents/" + path.rsplit("/", 1)[1]).json()


def test_the_form_offers_region_date_and_title_with_the_main_region_chosen(client: TestClient):
    login(client, "xingan")
    page = client.get("/upload").text
    chosen = re.findall(r"<option selected>([^<]+)</option>", page)
    assert chosen == [IM]  # most stored targets are Inner Mongolia's
    assert "<option>兴安盟</option>" in page and "<option>北京市</option>" in page
    latest = re.search(r'<input type="date" name="published" max="([\d-]+)">', page)
    tomorrow = datetime.now(BEIJING).date() + timedelta(days=1)  # a day ahead of Beijing
    assert latest is not None and date.fromisoformat(latest.group(1)) == tomorrow
    assert 'name="title" maxlength="200"' in page
    assert 'name="source_type"' not in page  # an owner's upload is always 责任单位报送


def test_the_values_given_replace_the_loaders_guesses_and_the_figures_take_the_region(client: TestClient):
    csrf = login(client, "xingan")
    done = _upload(client, csrf, region="兴安盟", published="2025-06-30", title="兴安盟口岸运行情况")
    assert done.status_code == 303, done.text
    doc = _document(client, done.headers["location"])
    assert (doc["region"], doc["published"], doc["title"]) == ("兴安盟", "2025-06-30", "兴安盟口岸运行情况")
    [figure] = [s for s in doc["statements"] if s["value"] == 1.4]
    assert figure["region"] == "兴安盟"
    page = client.get(f"/documents/{doc['id']}").text
    assert "<h1>兴安盟口岸运行情况</h1>" in page


def test_values_not_given_leave_the_loaders_guesses(client: TestClient):
    csrf = login(client, "admin")
    done = _upload(client, csrf, region="", published="", title="")
    assert done.status_code == 303, done.text
    doc = _document(client, done.headers["location"])
    assert (doc["published"], doc["title"]) == ("2025-01-10", "内蒙古自治区政府工作报告摘要")


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"region": "火星"}, "地区：不认识“火星”"),
        ({"published": "2025-02-30"}, "发布日期：“2025-02-30”不是有效日期"),
        ({"published": (datetime.now(BEIJING).date() + timedelta(days=2)).isoformat()}, "在将来"),
        ({"title": "报"}, "标题：“报”太短"),
        ({"title": "报" * 201}, "标题：太长（201 个字）"),
    ],
)
def test_a_value_that_cannot_be_right_is_refused_in_chinese_and_nothing_is_stored(
    client: TestClient, fields: dict[str, str], words: str
):
    before = client.get("/api/v1/documents").json()["total"]
    csrf = login(client, "xingan")
    refused = _upload(client, csrf, **fields)
    assert refused.status_code == 422 and words in unescape(refused.text), refused.text
    assert client.get("/api/v1/documents").json()["total"] == before


def test_a_date_a_day_ahead_is_accepted_for_a_report_dated_by_beijing_time():
    today = date(2025, 6, 30)
    assert given_metadata(published="2025-07-01", today=today).published == date(2025, 7, 1)
    with pytest.raises(InputError, match="在将来"):
        given_metadata(published="2025-07-02", today=today)


def test_the_region_choices_are_the_main_province_and_its_places_then_the_other_provinces():
    [(province, places), (others_word, others)] = region_options("兴安盟")
    assert province == IM and places[0] == IM and "兴安盟" in places and "乌兰浩特市" in places
    assert others_word == "其他省级行政区" and IM not in others and "北京市" in others and len(others) == 30


def test_the_api_takes_the_same_values_and_checks_them_alike(client: TestClient, token: Headers):
    files = {"file": ("报送.md", REPORT.encode())}
    done = client.post(
        "/api/v1/documents", params={"wait": 60}, data={"region": "兴安盟", "published": "2025-06-30"}, files=files,
        headers=token("xingan"),
    )  # fmt: skip
    assert done.status_code == 201, done.text
    doc = client.get(f"/api/v1/documents/{done.json()['documents'][0]['id']}").json()
    assert (doc["region"], doc["published"]) == ("兴安盟", "2025-06-30")
    refused = client.post("/api/v1/documents", data={"region": "火星"}, files=files, headers=token("admin"))
    assert refused.status_code == 422 and "地区：不认识“火星”" in refused.json()["error"]["message"]
