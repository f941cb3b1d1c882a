"""Users: roles, argon2 password hashes, sign-in, disabling."""

from __future__ import annotations

import pytest
from accounts_samples import COMMERCE, PASSWORD, admin, commerce
from argon2 import PasswordHasher

from luoshi.accounts import AccountError, Accounts, Role, User


def _every_text_in_the_user_tables(accounts: Accounts) -> str:
    rows = accounts.store.backend.execute("SELECT * FROM users")
    rows += accounts.store.backend.execute("SELECT * FROM audit_log")
    return " ".join(str(v) for row in rows for v in row)


def test_a_password_is_stored_as_an_argon2_hash_and_never_in_plain(accounts: Accounts):
    commerce(accounts)
    [(hashed,)] = accounts.store.backend.execute("SELECT password_hash FROM users")
    assert hashed.startswith("$argon2id$")
    assert PASSWORD not in _every_text_in_the_user_tables(accounts)


def test_the_right_password_signs_in(accounts: Accounts):
    user = commerce(accounts)
    assert accounts.authenticate("zhang", PASSWORD) == user
    assert accounts.authenticate("ZHANG ", PASSWORD) == user  # usernames are case-insensitive


@pytest.mark.parametrize("name", ["zhang", "nobody"])
def test_a_wrong_password_or_an_unknown_user_gives_none(accounts: Accounts, name: str):
    commerce(accounts)
    assert accounts.authenticate(name, PASSWORD + "x") is None
    assert accounts.authenticate("nobody", PASSWORD) is None


def test_a_disabled_user_cannot_sign_in(accounts: Accounts):
    commerce(accounts)
    after = accounts.disable("zhang")
    assert after.disabled
    assert accounts.authenticate("zhang", PASSWORD) is None


def test_a_hash_with_old_parameters_is_replaced_on_sign_in(accounts: Accounts):
    user = commerce(accounts)
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    accounts.store.backend.execute("UPDATE users SET password_hash = ? WHERE id = ?", [weak, user.id])
    assert accounts.authenticate("zhang", PASSWORD) == user
    [(now,)] = accounts.store.backend.execute("SELECT password_hash FROM users")
    assert now != weak and now.startswith("$argon2id$")
    assert accounts.authenticate("zhang", PASSWORD) == user


def test_a_new_password_replaces_the_old(accounts: Accounts):
    commerce(accounts)
    accounts.set_password("zhang", "another long one", by="root")
    assert accounts.authenticate("zhang", PASSWORD) is None
    assert accounts.authenticate("zhang", "another long one") is not None
    assert "another long one" not in _every_text_in_the_user_tables(accounts)


def test_a_duplicate_username_is_refused(accounts: Accounts):
    commerce(accounts)
    with pytest.raises(AccountError, match="zhang 已存在"):
        accounts.add_user("Zhang", PASSWORD, Role.VIEWER)
    assert len(accounts.users()) == 1


def test_an_owner_needs_the_unit_it_reports_for(accounts: Accounts):
    with pytest.raises(AccountError, match="责任单位"):
        accounts.add_user("li", PASSWORD, Role.OWNER)
    with pytest.raises(AccountError, match="责任单位"):
        accounts.add_user("li", PASSWORD, Role.OWNER, owner="  ")
    assert accounts.users() == []


@pytest.mark.parametrize(
    ("password", "message"),
    [("", "不能为空"), ("        ", "不能为空"), ("short", "太短"), ("aaaaaaaaaa", "太弱"), ("wang12345", "相同")],
)
def test_an_empty_or_weak_password_is_refused(accounts: Accounts, password: str, message: str):
    with pytest.raises(AccountError, match=message):
        accounts.add_user("wang12345", password, Role.VIEWER)


@pytest.mark.parametrize("name", ["", "a b", "../x", "x" * 65])
def test_a_bad_username_is_refused(accounts: Accounts, name: str):
    with pytest.raises(AccountError, match="用户名"):
        accounts.add_user(name, PASSWORD, Role.VIEWER)


def test_users_are_listed_and_found_by_name_and_id(accounts: Accounts):
    root, zhang = admin(accounts), commerce(accounts)
    assert [u.username for u in accounts.users()] == ["root", "zhang"]
    assert accounts.user("zhang") == zhang and accounts.user_by_id(root.id) == root
    assert accounts.user("nobody") is None and accounts.user_by_id(999) is None
    assert isinstance(zhang, User) and zhang.role is Role.OWNER and zhang.owner == COMMERCE
    assert zhang.display_name == "张三" and not zhang.disabled and zhang.created_at.tzinfo is not None


def test_disabling_or_setting_the_password_of_an_unknown_user_is_an_error(accounts: Accounts):
    with pytest.raises(AccountError, match="没有用户 nobody"):
        accounts.disable("nobody")
    with pytest.raises(AccountError, match="没有用户 nobody"):
        accounts.set_password("nobody", PASSWORD)
