"""Users and targets for the accounts tests."""

from __future__ import annotations

from pathlib import Path

from luoshi.accounts import Accounts, Role, User
from luoshi.ingest import ingest
from luoshi.store import StatementQuery
from luoshi.store.sql import SqlStore
from luoshi.types import Kind, Measure, Qualifier, Statement

COOPERATION = Path(__file__).resolve().parents[2] / "samples" / "nmg_cooperation_2025.md"
PASSWORD = "correct horse battery"
COMMERCE = "自治区商务厅"


def admin(accounts: Accounts) -> User:
    return accounts.add_user("root", PASSWORD, Role.ADMIN)


def commerce(accounts: Accounts) -> User:
    return accounts.add_user("zhang", PASSWORD, Role.OWNER, owner=COMMERCE, display_name="张三")


def target(
    region: str = "内蒙古自治区", code: str = "150000", owner: str | None = COMMERCE, start: int = 10, **kw: object
) -> Statement:
    """A target statement (not stored): 口岸货运量1.3亿吨 of a region."""
    fields: dict[str, object] = {
        "doc": "plan.txt",
        "start": start,
        "end": start + 12,
        "quote": "全年实现口岸货运量1.3亿吨",
        "kind": Kind.TARGET,
        "period": "2025",
        "region": region,
        "region_code": code,
        "indicator": "port_freight_volume",
        "indicator_name": "口岸货运量",
        "measure": Measure.LEVEL,
        "value": 1.3,
        "unit": "亿吨",
        "base_value": 1.3e8,
        "base_unit": "吨",
        "qualifier": Qualifier.EXACT,
        "value_text": "1.3亿吨",
        "owner": owner,
    }
    fields.update(kw)
    return Statement(**fields)  # type: ignore[arg-type]


def freight_target(store: SqlStore) -> Statement:
    """The sample news's 口岸货运量1.3亿吨 target (自治区商务厅's), the text ingested into ``store``."""
    summary = ingest([str(COOPERATION)], store)
    assert summary.failed == []
    [found] = [t for t in store.statements(StatementQuery(kind=Kind.TARGET, period="2025")) if "1.3亿吨" in t.quote]
    return found
