"""Documents and statements for the store tests: small ones written here,
and a real report from ../shared when it is there."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from datetime import date
from pathlib import Path

import psycopg
import pytest

import luoshi
from luoshi.ingest import document_id, stored
from luoshi.store import Store, StoredDocument
from luoshi.types import Document, Kind, Measure, Qualifier, Statement

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REPORT = SHARED / "corpus" / "gwr2026" / "2026_内蒙古自治区_政府工作报告.csv"
SEED = SHARED / "corpus" / "seed" / "000_39f8f6a33f179f43.txt"

PG_URL = os.environ.get("LUOSHI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
RUN_ID = f"luoshi_test_{os.getpid()}_{secrets.token_hex(3)}"


def postgres_or_skip() -> None:
    """Skip when the server is unreachable, unless CI promises one."""
    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.Error as exc:
        reason = f"PostgreSQL unreachable at {PG_URL} ({str(exc).strip().splitlines()[0]})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI=true requires it")
        pytest.skip(reason)


Opener = Callable[..., Store]  # opens the test's store again; migrations= for fewer


# -- documents to store -------------------------------------------------------
def stored_document(text: str, name: str = "doc.txt", **meta: object) -> StoredDocument:
    return StoredDocument(id=document_id(text), name=name, text=text, **meta)  # type: ignore[arg-type]


def statement(doc: str, text: str, quote: str, **fields: object) -> Statement:
    """A statement over ``quote``'s first occurrence in ``text``."""
    start = text.index(quote)
    base: dict[str, object] = {
        "kind": Kind.ACTUAL,
        "period": "2025",
        "region": "内蒙古自治区",
        "region_code": "150000",
        "measure": Measure.COUNT,
        "qualifier": Qualifier.EXACT,
        "rules": ("test.rule",),
    }
    base.update(fields)
    return Statement(doc=doc, start=start, end=start + len(quote), quote=quote, **base)  # type: ignore[arg-type]


TRAINS_TEXT = "全年开行中欧班列1200列，增长5%。口岸货运量完成1.3亿吨。2026年地区生产总值增长5%左右。"


def trains_document(name: str = "trains.txt") -> tuple[StoredDocument, list[Statement]]:
    """A small document with three statements of different kinds and regions."""
    doc = stored_document(TRAINS_TEXT, name, region="内蒙古自治区", published=date(2026, 1, 20), loader="text")
    stmts = [
        statement(
            name,
            TRAINS_TEXT,
            "开行中欧班列1200列",
            indicator="china_europe_trains",
            indicator_name="中欧班列",
            value=1200.0,
            unit="列",
            base_value=1200.0,
            base_unit="列",
            value_text="1200列",
            parties=("呼和浩特", "满洲里"),
            owner="自治区商务厅",
            cumulative=True,
        ),
        statement(
            name,
            TRAINS_TEXT,
            "口岸货运量完成1.3亿吨",
            indicator="port_freight_volume",
            indicator_name="口岸货运量",
            measure=Measure.LEVEL,
            value=1.3,
            unit="亿吨",
            base_value=130_000_000.0,
            base_unit="吨",
            region="满洲里市",
            region_code=None,
        ),
        statement(
            name,
            TRAINS_TEXT,
            "地区生产总值增长5%左右",
            kind=Kind.TARGET,
            period="2026",
            indicator="gdp_growth",
            indicator_name="地区生产总值",
            measure=Measure.GROWTH_PCT,
            value=5.0,
            unit="%",
            qualifier=Qualifier.ABOUT,
            in_name=False,
            rules=("kind.target_year", "qualifier.about"),
        ),
    ]
    return doc, stmts


def real_report() -> tuple[StoredDocument, list[Statement]]:
    if not REPORT.is_file():
        pytest.skip(f"real report not found at {REPORT}")
    [doc] = luoshi.load_path(REPORT)
    return as_stored(doc), luoshi.extract_document(doc)


def as_stored(doc: Document) -> StoredDocument:
    return stored(doc)
