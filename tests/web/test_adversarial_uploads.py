"""uploads: file names too long for any file system (in bytes, CJK), path
traversal in every spelling, control and direction characters, names made of
dots; empty files, binary posing as text, wrong types, zip bombs, damaged
Word and Excel files, files past the size limit — through the API and the
page forms, as an owner and as an admin, documents and statistics tables:
each stored under a safe name or refused with a 4xx in Chinese, never a 5xx,
and nothing written outside the server's temporary folder."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from adversarial_kit import (
    CHINESE,
    WAIT,
    Cast,
    Findings,
    answered,
    assemble,
    count_requests,
    refused,
)
from fastapi.testclient import TestClient
from web_samples import login

TEXT = "2025年内蒙古自治区口岸货运量目标为1.4亿吨。"
ESCAPE = "luoshi-escaped-upload"  # a file a traversal name would create where it should not
NAMES = {
    "300 bytes of CJK": "长" * 100 + ".txt",
    "1,000 ASCII characters": "a" * 1000 + ".txt",
    "long extension": "b" * 300 + ".averyveryverylongextension",
    "traversal": f"../../../../tmp/{ESCAPE}.txt",
    "Windows traversal": f"..\\..\\..\\tmp\\{ESCAPE}.txt",
    "absolute": f"/tmp/{ESCAPE}.txt",
    "full-width traversal": f"．．／．．／tmp／{ESCAPE}.txt",
    "encoded traversal": f"..%2F..%2Ftmp%2F{ESCAPE}.txt",
    "NUL": "a\x00b.txt",
    "RTL override": "\u202etxt.exe",
    "newline": "a\r\nContent-Type: text/html\r\n.txt",
    "combining marks": "e" + "\u0301" * 100 + ".txt",
    "only dots": "....",
    "dot dot": "..",
    "no name": ".txt",
    "reserved on Windows": "CON.txt",
    "quotes": "a\"b'c.txt",
    "markup": "<script>alert(1)</script>.txt",
    "emoji": "👨\u200d👩\u200d👧.txt",
}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# 60 MB each, a thousandth of it sent.
BOMB = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<" + b"a" * 60_000_000})
SHEET_BOMB = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b" " * 60_000_000})
BODIES = {  # (file name, contents)
    "empty": ("空.txt", b""),
    "NUL bytes": ("零.txt", b"\x00" * 1000),
    "binary as text": ("二进制.txt", bytes(range(256)) * 40),
    "UTF-16": ("utf16.txt", TEXT.encode("utf-16")),
    "GBK": ("gbk.txt", TEXT.encode("gbk")),
    "executable": ("程序.exe", b"MZ\x90\x00" + b"\x00" * 200),
    "zip": ("压缩.zip", _zip({"a.txt": TEXT.encode()})),
    "no extension": ("说明", TEXT.encode()),
    "zip bomb as Word": ("炸弹.docx", BOMB),
    "zip bomb as Excel": ("炸弹.xlsx", SHEET_BOMB),
    "Word that is no zip": ("假.docx", TEXT.encode()),
    "deeply nested HTML": ("深.html", b"<div>" * 50_000 + TEXT.encode()),
    "CSV without columns": ("空表.csv", b"\n\n\n"),
    "CSV of quotes": ("引号.csv", b'"' * 10_000),
    "statistics with NaN": (
        "nan.csv",
        "region,indicator,period,value,unit\n内蒙古自治区,gdp_growth,2025,NaN,%\n".encode(),
    ),
    "statistics with 1e309": (
        "inf.csv",
        "region,indicator,period,value,unit\n内蒙古自治区,gdp_growth,2025,1e309,%\n".encode(),
    ),
    "statistics with a huge period": (
        "期.csv",
        "region,indicator,period,value,unit\n内蒙古自治区,gdp_growth,99999999999999999999,5,%\n".encode(),
    ),
}
# Files a library fails on: refused in Chinese by cause, the library's own words never shown.
DAMAGED = {
    "damaged Word": ("损坏.docx", _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:p>" * 5000})),
    "PDF that is no PDF": ("假.pdf", b"%PDF-1.4\n" + bytes(range(256))),
}
ROUTES = (  # (who, how): the API with a token, the page form with the session
    ("owner", "/api/v1/documents"),
    ("admin", "/api/v1/documents"),
    ("admin", "/api/v1/statistics"),
    ("owner", "/upload/document"),
    ("admin", "/upload/statistics"),
)


@pytest.fixture
def cast(client: TestClient, token: Callable[[str], dict[str, str]], pytestconfig: pytest.Config) -> Cast:
    return assemble(client, token, pytestconfig, "uploads")


def _upload(cast: Cast, role: str, path: str, name: str, data: bytes) -> object:
    actor = cast[role]
    if path.startswith("/api/"):
        return actor.api("POST", path, params={"wait": WAIT}, files={"file": (name, data)})
    return actor.page("POST", path, files={"file": (name, data)}, data={"csrf": actor.csrf})


def _escaped() -> list[Path]:
    return [p for p in (Path("/tmp") / f"{ESCAPE}.txt", Path.cwd() / f"{ESCAPE}.txt") if p.exists()]


def test_odd_file_names_are_stored_safely_or_refused(cast: Cast) -> None:
    findings = Findings()
    for label, name in NAMES.items():
        for role, path in ROUTES:
            body = (
                TEXT
                if "statistics" not in path
                else "region,indicator,period,value,unit\n内蒙古自治区,gdp_growth,2025,5,%\n"
            )
            # each upload a text of its own, so that each is stored rather than found already stored
            data = (body + f"\n{label}{role}{path}\n" if "statistics" not in path else body).encode()
            response = _upload(cast, role, path, name, data)
            findings.check(answered, response, what=f"{role} {path} {label}")  # type: ignore[arg-type]
    findings.assert_none()
    assert _escaped() == []
    for doc in cast["admin"].api("GET", "/api/v1/documents", params={"limit": 1000}).json()["items"]:
        name = doc["name"]
        assert "/" not in name and "\\" not in name and not name.startswith("."), name
        assert len(name.encode()) <= 255, name
        assert not any(c in name for c in "\x00\r\n\u202e\u200d"), name


def test_a_long_name_keeps_its_extension_and_is_cut_on_a_character(cast: Cast) -> None:
    up = cast["admin"].api(
        "POST", "/api/v1/documents", params={"wait": WAIT}, files={"file": ("长" * 100 + ".txt", TEXT.encode())}
    )
    assert up.status_code == 201, up.text
    name = up.json()["documents"][0]["name"]
    assert name.endswith(".txt") and set(name.removesuffix(".txt")) == {"长"} and len(name.encode()) <= 200, name


def test_odd_contents_are_stored_or_refused_in_chinese(cast: Cast) -> None:
    findings = Findings()
    for label, (name, data) in BODIES.items():
        for role, path in ROUTES:
            findings.check(answered, _upload(cast, role, path, name, data), what=f"{role} {path} {label}")  # type: ignore[arg-type]
    findings.assert_none()


def test_an_empty_file_is_refused_by_name(cast: Cast) -> None:
    for role, path in ROUTES:
        message = refused(_upload(cast, role, path, "空.txt", b""), 400)  # type: ignore[arg-type]
        assert "空.txt" in message and "空的" in message, message


def test_a_wrong_type_is_refused_naming_what_is_read(cast: Cast) -> None:
    for role, path in ROUTES:
        message = refused(_upload(cast, role, path, "程序.exe", b"MZ\x90\x00"), 400)  # type: ignore[arg-type]
        assert ".exe" in message and (".txt" in message or ".csv" in message), message
        assert CHINESE.search(message)


def test_a_file_past_the_limit_is_a_413_in_chinese(
    make_client: Callable[..., TestClient], pytestconfig: pytest.Config
) -> None:
    small = make_client(max_upload=64 * 1024)
    count_requests(pytestconfig, small, "uploads")
    csrf = login(small, "admin")
    big = ("大.txt", (TEXT * 10_000).encode())
    message = refused(small.post("/upload/document", files={"file": big}, data={"csrf": csrf}), 413)
    assert "0.0625 MB" in message or "64" in message, message
    api = small.post("/api/v1/documents", files={"file": big}, headers={"x-csrf-token": csrf})
    assert "上限" in refused(api, 413)
    attachment = small.post(
        "/api/v1/progress",
        data={"target": "x", "value": "1", "period": "2025"},
        files={"attachment": ("附件.pdf", b"%PDF" + b"0" * 2_000_000)},  # past the limit with the form's slack
        headers={"x-csrf-token": csrf},
    )
    refused(attachment, 413)


def test_a_damaged_file_is_refused_without_the_librarys_words(cast: Cast) -> None:
    said = {"损坏.docx": "Word .docx 文件已损坏", "假.pdf": "PDF 已损坏"}
    for name, data in DAMAGED.values():
        for role, path in ROUTES[:2]:
            message = refused(_upload(cast, role, path, name, data), 400)  # type: ignore[arg-type]
            assert f"无法读取上传的文件：{name}" in message and said[name] in message, message
            assert "lxml" not in message and "/Root" not in message and "'" not in message, message


def test_a_statistics_table_without_a_finite_value_is_refused(cast: Cast) -> None:
    # NaN or 1e309 stored as an outcome made the 任务分解表 download fail (500).
    for label in ("statistics with NaN", "statistics with 1e309"):
        name, data = BODIES[label]
        message = refused(_upload(cast, "admin", "/api/v1/statistics", name, data), 400)  # type: ignore[arg-type]
        assert name in message and "不是有效的数字" in message, message
    board = cast["admin"].page("GET", "/board.xlsx", params={"region": "内蒙古自治区", "period": "2025"})
    assert board.status_code == 200
