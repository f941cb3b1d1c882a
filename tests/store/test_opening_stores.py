"""open_store: a PostgreSQL URL or a DuckDB path, the default from
LUOSHI_DB or ./luoshi.duckdb; what cannot be opened is a one-line StoreError
naming it."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from store_samples import PG_URL, RUN_ID, postgres_or_skip

from luoshi.errors import LuoshiError
from luoshi.store import StoreError, open_store
from luoshi.store.duckdb_store import DuckDBStore
from luoshi.store.migrations import MIGRATIONS
from luoshi.store.postgres_store import PostgresStore, redact


def _refused(target: object, **kwargs: object) -> str:
    with pytest.raises(StoreError) as info:
        open_store(target, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message
    assert isinstance(info.value, LuoshiError)  # reported by the CLI like any input error
    return message


def test_a_path_opens_a_duckdb_file_created_and_migrated(tmp_path: Path):
    path = tmp_path / "new.duckdb"
    with open_store(path) as store:
        assert isinstance(store, DuckDBStore)
        assert store.url == str(path)
        assert store.schema_version() == len(MIGRATIONS)
    assert path.is_file()
    with open_store(str(path)) as again:
        assert again.counts() == {"documents": 0, "statements": 0}


def test_without_a_target_luoshi_db_names_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LUOSHI_DB", str(tmp_path / "from_env.duckdb"))
    open_store().close()
    assert (tmp_path / "from_env.duckdb").is_file()


def test_without_a_target_or_luoshi_db_the_store_is_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("LUOSHI_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    open_store().close()
    assert (tmp_path / "luoshi.duckdb").is_file()


def test_a_path_in_a_missing_folder_is_refused(tmp_path: Path):
    path = tmp_path / "no" / "such" / "store.duckdb"
    message = _refused(path)
    assert message.startswith(f"{path}: folder {path.parent} does not exist")
    assert not path.parent.exists()


def test_a_file_that_is_not_duckdb_is_refused_and_left_alone(tmp_path: Path):
    path = tmp_path / "lock_notes.duckdb"  # "lock" in the name is no lock error
    path.write_text("这不是数据库。\n", encoding="utf-8")
    assert _refused(path) == f"{path}: not a DuckDB database file; give another store path or move that file away"
    assert path.read_text(encoding="utf-8") == "这不是数据库。\n"


def test_a_folder_is_not_a_store(tmp_path: Path):
    assert _refused(tmp_path).startswith(f"{tmp_path}: is a folder")


def test_a_schema_is_for_postgresql_only(tmp_path: Path):
    assert "PostgreSQL" in _refused(tmp_path / "x.duckdb", schema="s")


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_an_unreachable_postgresql_is_refused_naming_it(scheme: str):
    url = f"{scheme}://luoshi:secret@127.0.0.1:1/nowhere?connect_timeout=2"
    message = _refused(url)
    assert message.startswith(
        f"{scheme}://luoshi:***@127.0.0.1:1/nowhere?connect_timeout=2: cannot connect to PostgreSQL"
    )
    assert "secret" not in message


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://u:pw@h/db", "postgresql://u:***@h/db"),
        ("postgresql://u@h:5432/db", "postgresql://u@h:5432/db"),
        (
            "postgresql://h/db?user=u&password=pw&sslmode=disable",
            "postgresql://h/db?user=u&password=***&sslmode=disable",
        ),
    ],
)
def test_passwords_are_hidden_in_messages(url: str, shown: str):
    assert redact(url) == shown


# -- PostgreSQL schemas ---------------------------------------------------------
@pytest.fixture
def pg_schema(pg_schemas: list[str]) -> str:
    postgres_or_skip()
    name = f"{RUN_ID}_open_{len(pg_schemas)}"
    pg_schemas.append(name)
    return name


def test_a_postgresql_url_opens_a_store_in_the_given_schema(pg_schema: str):
    with open_store(PG_URL, schema=pg_schema) as store:
        assert isinstance(store, PostgresStore)
        assert store.schema_version() == len(MIGRATIONS)
    with psycopg.connect(PG_URL) as con:
        tables = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s ORDER BY 1", [pg_schema]
        ).fetchall()
    assert [t for (t,) in tables] == [
        "api_tokens", "audit_log", "bulletins", "documents", "fetch_sources", "fetches", "links",
        "links_built",
        "owner_assignments", "progress_reports", "reminders_sent", "schema_migrations", "sessions", "source_runs",
        "statements", "upload_jobs", "users",
    ]  # fmt: skip


def test_postgresql_compiles_no_query_of_a_store_before_running_it(pg_schema: str):
    # JIT compilation costs half a second on queries of a large store that take less to run
    with open_store(PG_URL, schema=pg_schema) as store:
        assert isinstance(store, PostgresStore)
        assert store.backend.execute("SHOW jit") == [("off",)]
        assert store.backend.fork().execute("SHOW jit") == [("off",)]


def test_the_schema_can_come_from_the_urls_search_path(pg_schema: str):
    with psycopg.connect(PG_URL, autocommit=True) as con:
        con.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(pg_schema)))
    sep = "&" if "?" in PG_URL else "?"
    with open_store(f"{PG_URL}{sep}options=-csearch_path%3D{pg_schema}") as store:
        assert store.schema_version() == len(MIGRATIONS)
    with open_store(PG_URL, schema=pg_schema) as same:
        assert same.schema_version() == len(MIGRATIONS)


def test_a_search_path_without_an_existing_schema_is_refused(pg_schema: str):
    sep = "&" if "?" in PG_URL else "?"
    message = _refused(f"{PG_URL}{sep}options=-csearch_path%3D{pg_schema}")
    assert "no schema of the search_path exists" in message
