"""The fetch tests' site (``site_server.SiteServer`` on loopback, with a
PDF and a DOCX attachment made here), a client allowed to reach it and
nothing else private, and a store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fetch_kit import TEST_LIMITS, allowing, make_docx, make_pdf
from site_server import SiteServer

from luoshi.fetch import Fetcher
from luoshi.store import Store, open_store


@pytest.fixture(scope="session")
def attachment_files() -> dict[str, tuple[bytes, str]]:
    return {
        "/swt/tzgg/P020260401_gongzuo_yaodian.pdf": (make_pdf(), "application/pdf"),
        # sent as servers often send files: the URL's suffix says what it is
        "/swt/tzgg/P020260401_renwu_fengong.docx": (make_docx(), "application/octet-stream"),
    }


@pytest.fixture
def site(attachment_files: dict[str, tuple[bytes, str]]) -> Iterator[SiteServer]:
    with SiteServer("127.0.0.1", attachment_files) as server:
        yield server


@pytest.fixture
def fetcher(site: SiteServer) -> Iterator[Fetcher]:
    with Fetcher(allowing(site), TEST_LIMITS, trust_env=False) as client:
        yield client


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "luoshi.duckdb") as opened:
        yield opened
