"""Beijing time for every time people read: stored UTC (naive read as UTC),
shown eight hours ahead — across midnight the date moves too — and the CLI's
user listing says so."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from luoshi.accounts import Accounts, Role
from luoshi.cli import app
from luoshi.clock import beijing, beijing_iso, beijing_text
from luoshi.store import open_store
from luoshi.store.sql import SqlStore


def test_a_utc_time_late_in_the_day_is_the_next_morning_in_beijing():
    late = datetime(2025, 6, 30, 16, 30, 5, tzinfo=UTC)
    assert beijing(late).date().isoformat() == "2025-07-01"
    assert beijing_text(late) == "2025-07-01 00:30:05" and beijing_text(late, seconds=False) == "2025-07-01 00:30"
    assert beijing_iso(late) == "2025-07-01T00:30:05+08:00"
    assert beijing(late.replace(tzinfo=None)) == beijing(late)  # the store's naive times are UTC
    assert beijing_text(None) == "" and beijing_iso(None) is None


def test_the_user_listing_gives_creation_times_in_beijing_time(tmp_path: Path):
    db = str(tmp_path / "users.duckdb")
    with open_store(db) as store:
        assert isinstance(store, SqlStore)
        created = Accounts(store).add_user("zhang", "落实-correct-horse-9", Role.VIEWER).created_at
    runner = CliRunner()
    listed = runner.invoke(app, ["users", "list", "--format", "json", "--db", db], catch_exceptions=False)
    [row] = json.loads(listed.stdout)
    assert row["created_at"].endswith("+08:00")
    assert datetime.fromisoformat(row["created_at"]) == created.replace(microsecond=0)
    table = runner.invoke(app, ["users", "list", "--wide", "--db", db], catch_exceptions=False).stdout
    assert "北京时间" in table and "UTC" not in table
    assert (created.astimezone(UTC) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M") in table
