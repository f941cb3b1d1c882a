"""exports: text that a spreadsheet would run — an owner named
=HYPERLINK(…), +, -, @ and full-width ＝, a document whose title and figure
sentence start with one — downloaded by every role as the 任务分解表 and the
comparison table, CSV and Excel, pages and API: no cell is a formula, no text
cell starts like one (a number may be negative), and the text is all there."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from urllib.parse import quote

import pytest
from adversarial_kit import WAIT, Cast, Findings, answered, assemble, plausible_values
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from web_samples import IM

FORMULAS = (
    '=HYPERLINK("http://example.invalid/x","点我")',
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "＝1+1",
    "=cmd|' /C calc'!A0",
)
STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")
TEXT = (
    '=HYPERLINK("http://example.invalid/t","任务")内蒙古自治区任务分解\n'
    "=1+1 2025年内蒙古自治区外贸进出口总值目标为2000亿元。\n"
)


@pytest.fixture
def cast(client: TestClient, token: Callable[[str], dict[str, str]], pytestconfig: pytest.Config) -> Cast:
    return assemble(client, token, pytestconfig, "exports")


def _cells_csv(data: bytes) -> list[tuple[str, bool]]:
    """(text, is a formula) of every cell: a CSV has text only."""
    return [(cell, False) for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def _cells_xlsx(data: bytes) -> list[tuple[str, bool]]:
    workbook = load_workbook(io.BytesIO(data))
    out = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    out.append((str(cell.value), cell.data_type == "f"))
    return out


def _live(cells: list[tuple[str, bool]]) -> list[str]:
    """Cells a spreadsheet would run: formulas, and text starting like one that is no number."""
    return [text for text, formula in cells if formula or (text.startswith(STARTS) and not _NUMBER.fullmatch(text))]


def _downloads(csv_or_xlsx: str) -> list[str]:
    region = quote(IM)
    return [
        f"/board.{csv_or_xlsx}?region={region}&period=2025",
        f"/compare.{csv_or_xlsx}?indicator=port_freight_volume&kind=target&period=2025",
        f"/compare.{csv_or_xlsx}?indicator=foreign_trade&kind=target&period=2025",
        f"/api/v1/compare?indicator=port_freight_volume&kind=target&period=2025&format={csv_or_xlsx}",
    ]


def test_no_downloaded_cell_can_run(cast: Cast) -> None:
    plausible = plausible_values(cast)
    admin = cast["admin"]
    items = admin.api("GET", "/api/v1/targets", params={"region": IM, "period": "2025"}).json()["items"]
    keys = [i["key"] for i in items if i["key"] != plausible.target]
    for name in ("\t=1+1", "\r=1+1"):  # the blank around a name goes before it is stored: "=1+1", inert below
        answered(admin.api("PUT", "/api/v1/targets/owner", json={"target": keys[0], "owner": name}))
    for key, name in zip(keys, FORMULAS, strict=False):
        done = admin.api("PUT", "/api/v1/targets/owner", json={"target": key, "owner": name})
        assert done.status_code == 200, done.text
    up = admin.api("POST", "/api/v1/documents", params={"wait": WAIT}, files={"file": ("=1+1.txt", TEXT.encode())})
    assert up.status_code == 201, up.text
    findings = Findings()
    seen = ""
    for actor in cast:
        for kind, cells_of in (("csv", _cells_csv), ("xlsx", _cells_xlsx)):
            for url in _downloads(kind):
                response = answered(actor.page("GET", url))
                findings.checked += 1
                if response.status_code != 200:
                    findings.found.append(f"{actor.role} {url}: {response.status_code}")
                    continue
                cells = cells_of(response.content)
                seen += "".join(text for text, _ in cells)
                findings.found += [f"{actor.role} {url}: {text[:60]!r}" for text in _live(cells)]
    findings.assert_none()
    assert "HYPERLINK" in seen and "@SUM(1,1)" in seen  # the text is there, only inert
