"""``luoshi users``: accounts of the web scoreboard (add, list, disable,
token). Each command opens the store named by ``--db``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated

import typer

from luoshi.accounts import AccountError, Accounts, Role, User
from luoshi.cli.common import app, err, fail
from luoshi.cli.store_cmds import Db, store_at
from luoshi.cli.terminal_tables import WIDE_HELP, Column, fit_table, print_tables, window_width
from luoshi.clock import beijing_iso, beijing_text
from luoshi.errors import LuoshiError
from luoshi.store.sql import SqlStore

users_app = typer.Typer(
    help="Accounts of the web scoreboard: users, roles, API tokens.", no_args_is_help=True, add_completion=False
)
app.add_typer(users_app, name="users")

_ROLE_WORDS = {Role.ADMIN: "管理员", Role.OWNER: "责任单位", Role.VIEWER: "只读"}


class UserListFormat(StrEnum):
    table = "table"
    json = "json"


@contextmanager
def accounts_at(db: str | None) -> Iterator[Accounts]:
    """The accounts of the store at ``db``; an account error is one line, exit 1."""
    with store_at(db) as store:
        if not isinstance(store, SqlStore):
            fail(LuoshiError(f"{store.url}: 该存储不支持账户"), 1)
        try:
            yield Accounts(store)
        except AccountError as exc:
            fail(exc, 1)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("密码", hide_input=True, confirmation_prompt=True, prompt_suffix="："))


@users_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Login name (letters, digits, 汉字, . _ - @).")],
    role: Annotated[Role, typer.Option("--role", help="admin, owner (reports progress) or viewer.")],
    owner: Annotated[
        str | None, typer.Option("--owner", help="The 责任单位 an owner reports for (自治区商务厅, 兴安盟).")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Display name (张三).")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
    ] = False,
    db: Db = None,
) -> None:
    """Add a user; the password is asked for twice unless --password-stdin."""
    if role is Role.OWNER and not (owner or "").strip():
        fail(AccountError(f"用户 {username} 的角色为 owner，必须指定其责任单位（--owner，如 自治区商务厅）"), 1)
    password = _password(password_stdin)
    with accounts_at(db) as accounts:
        user = accounts.add_user(username, password, role, owner, name)
    unit = f"，责任单位 {user.owner}" if user.owner else ""
    err.print(f"luoshi: 已添加用户 {user.username}（{_ROLE_WORDS[user.role]}{unit}）", highlight=False)


def _user_json(u: User) -> dict[str, object]:
    return {
        "id": u.id,
        "username": u.username,
        "role": u.role.value,
        "owner": u.owner,
        "display_name": u.display_name,
        "disabled": u.disabled,
        "created_at": beijing_iso(u.created_at),
    }


_USER_COLUMNS = (
    Column("用户名", 0),
    Column("角色", 1),
    Column("责任单位", 2, cut_to=12),
    Column("显示名", 4, cut_to=8),
    Column("状态", 3),
    Column("创建时间（北京时间）", 5),
)


@users_app.command("list")
def list_users(
    fmt: Annotated[UserListFormat, typer.Option("--format", "-f", help="table or json.")] = UserListFormat.table,
    wide: Annotated[bool, typer.Option("--wide", help=WIDE_HELP)] = False,
    db: Db = None,
) -> None:
    """Every user with role, owner and state (never a password hash)."""
    with accounts_at(db) as accounts:
        found = accounts.users()
    if fmt is UserListFormat.json:
        json.dump([_user_json(u) for u in found], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    cells = [
        [
            u.username,
            u.role.value,
            u.owner or "",
            u.display_name or "",
            "已停用" if u.disabled else "正常",
            beijing_text(u.created_at, seconds=False),
        ]
        for u in found
    ]
    print_tables([fit_table(f"用户（{len(found)} 个）", _USER_COLUMNS, cells, window_width(), wide)])


@users_app.command("disable")
def disable(
    username: Annotated[str, typer.Argument(help="The user to disable.")],
    db: Db = None,
) -> None:
    """Disable a user: no more sign-in; their sessions and tokens end."""
    with accounts_at(db) as accounts:
        user = accounts.disable(username)
    err.print(f"luoshi: 已停用用户 {user.username}，其会话和令牌已失效", highlight=False)


@users_app.command("token")
def token(
    username: Annotated[str, typer.Argument(help="The user the token acts as.")],
    label: Annotated[str, typer.Option("--label", help="What the token is for (nightly import).")] = "",
    db: Db = None,
) -> None:
    """Issue an API token; it is printed once and cannot be shown again."""
    with accounts_at(db) as accounts:
        value = accounts.issue_token(username, label)
    print(value)
    err.print(f"luoshi: 已为 {username} 签发令牌；请立即保存，之后无法再次查看", highlight=False)
