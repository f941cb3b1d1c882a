"""The web's downloads safe to open: an owner an admin named
``=HYPERLINK(…)`` is text in board.xlsx and board.csv (the comparison
table's downloads go through the same writer; tests/test_spreadsheet_cells.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from web_samples import IM

HYPERLINK = '=HYPERLINK("http://x","y")'


def name_hostile_owner(client: TestClient, token: Callable[[str], dict[str, str]]) -> None:
    items = client.get("/api/v1/targets", params={"region": IM, "period": "2025"}).json()["items"]
    key = next(t["key"] for t in items if "到发中欧班列" in t["target"]["quote"])
    put = client.put("/api/v1/targets/owner", json={"target": key, "owner": HYPERLINK}, headers=token("admin"))
    assert put.status_code == 200, put.text


def workbook_cells(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_a_hostile_owner_is_text_in_the_task_table_downloads(client: TestClient, token):
    name_hostile_owner(client, token)
    params = {"region": IM, "period": "2025"}
    cells = workbook_cells(client.get("/board.xlsx", params=params).content)
    assert "'" + HYPERLINK in [row[2] for row in cells]
    text = client.get("/board.csv", params=params).content.decode("utf-8-sig")
    owners = [row[2] for row in csv.reader(io.StringIO(text))]
    assert "'" + HYPERLINK in owners and HYPERLINK not in owners
