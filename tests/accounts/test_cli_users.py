"""``luoshi users`` end to end on a DuckDB file: what an administrator types."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from accounts_samples import PASSWORD
from typer.testing import CliRunner

from luoshi.accounts import Accounts, Role
from luoshi.cli import app
from luoshi.store import open_store
from luoshi.store.sql import SqlStore

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "users.duckdb")


def run(*args: str, input: str | None = None) -> str:
    result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def accounts_of(db: str) -> tuple[SqlStore, Accounts]:
    store = open_store(db)
    assert isinstance(store, SqlStore)
    return store, Accounts(store)


def test_add_reads_the_password_from_stdin(db: str):
    result = runner.invoke(
        app,
        ["users", "add", "zhang", "--role", "owner", "--owner", "自治区商务厅", "--name", "张三", "--password-stdin",
         "--db", db],
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "已添加用户 zhang（责任单位，责任单位 自治区商务厅）" in result.stderr
    store, accounts = accounts_of(db)
    with store:
        user = accounts.authenticate("zhang", PASSWORD)
    assert user is not None and user.role is Role.OWNER and user.owner == "自治区商务厅" and user.display_name == "张三"


def test_add_asks_for_the_password_twice(db: str):
    run("users", "add", "root", "--role", "admin", "--db", db, input=f"{PASSWORD}\n{PASSWORD}\n")
    store, accounts = accounts_of(db)
    with store:
        assert accounts.authenticate("root", PASSWORD) is not None


def test_add_refuses_a_mismatched_confirmation(db: str):
    result = runner.invoke(
        app, ["users", "add", "root", "--role", "admin", "--db", db], input=f"{PASSWORD}\nother one\n"
    )
    assert result.exit_code != 0
    assert PASSWORD not in result.output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["li", "--role", "owner"], PASSWORD, "必须指定其责任单位"),
        (["li", "--role", "viewer"], "short", "密码太短"),
        (["li", "--role", "viewer"], "", "密码不能为空"),
    ],
)
def test_add_errors_are_one_line_with_exit_1(db: str, args: list[str], stdin: str, message: str):
    result = runner.invoke(app, ["users", "add", *args, "--password-stdin", "--db", db], input=stdin + "\n")
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_duplicate_username_is_one_line_with_exit_1(db: str):
    run("users", "add", "li", "--role", "viewer", "--password-stdin", "--db", db, input=PASSWORD + "\n")
    result = runner.invoke(
        app, ["users", "add", "li", "--role", "viewer", "--password-stdin", "--db", db], input=PASSWORD + "\n"
    )
    assert result.exit_code == 1 and "用户名 li 已存在" in result.stderr


def test_list_shows_users_without_hashes(db: str):
    run("users", "add", "root", "--role", "admin", "--password-stdin", "--db", db, input=PASSWORD + "\n")
    run("users", "add", "zhang", "--role", "owner", "--owner", "兴安盟", "--password-stdin", "--db", db,
        input=PASSWORD + "\n")  # fmt: skip
    rows = json.loads(run("users", "list", "--format", "json", "--db", db))
    assert [(r["username"], r["role"], r["owner"], r["disabled"]) for r in rows] == [
        ("root", "admin", None, False), ("zhang", "owner", "兴安盟", False),
    ]  # fmt: skip
    table = run("users", "list", "--db", db)
    assert "zhang" in table and "兴安盟" in table
    for out in (table, json.dumps(rows)):
        assert "argon2" not in out and PASSWORD not in out


def test_token_is_printed_once_and_works_until_disable(db: str):
    run("users", "add", "zhang", "--role", "viewer", "--password-stdin", "--db", db, input=PASSWORD + "\n")
    token = run("users", "token", "zhang", "--label", "nightly", "--db", db).strip()
    assert token.startswith("ls_")
    store, accounts = accounts_of(db)
    with store:
        user = accounts.user_for_token(token)
        assert user is not None and user.username == "zhang"
    result = runner.invoke(app, ["users", "disable", "zhang", "--db", db])
    assert result.exit_code == 0 and "已停用用户 zhang" in result.stderr
    store, accounts = accounts_of(db)
    with store:
        assert accounts.user_for_token(token) is None
    assert json.loads(run("users", "list", "-f", "json", "--db", db))[0]["disabled"] is True


@pytest.mark.parametrize("command", [["disable", "nobody"], ["token", "nobody"]])
def test_an_unknown_user_is_one_line_with_exit_1(db: str, command: list[str]):
    result = runner.invoke(app, ["users", *command, "--db", db])
    assert result.exit_code == 1 and "没有用户 nobody" in result.stderr
