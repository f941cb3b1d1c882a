"""API tokens and sign-in sessions: kept as hashes, ended by revoking,
expiry or disabling the user."""

from __future__ import annotations

from datetime import timedelta

import pytest
from accounts_samples import commerce

from luoshi.accounts import AccountError, Accounts


def test_a_token_works_once_issued_and_is_stored_only_as_its_hash(accounts: Accounts):
    user = commerce(accounts)
    token = accounts.issue_token("zhang", "scripts")
    assert token.startswith("ls_") and len(token) > 40
    assert accounts.user_for_token(token) == user
    stored = " ".join(str(v) for row in accounts.store.backend.execute("SELECT * FROM api_tokens") for v in row)
    assert token not in stored and token[3:] not in stored
    assert accounts.user_for_token(token + "x") is None and accounts.user_for_token("") is None


def test_a_revoked_token_stops_working(accounts: Accounts):
    commerce(accounts)
    keep, revoked = accounts.issue_token("zhang"), accounts.issue_token("zhang")
    accounts.revoke_token(revoked, by="root")
    assert accounts.user_for_token(revoked) is None
    assert accounts.user_for_token(keep) is not None
    with pytest.raises(AccountError, match="令牌不存在或已撤销"):
        accounts.revoke_token(revoked, by="root")


def test_disabling_a_user_ends_their_tokens_and_sessions(accounts: Accounts):
    user = commerce(accounts)
    token = accounts.issue_token("zhang")
    session_id, _ = accounts.start_session(user)
    accounts.disable("zhang")
    assert accounts.user_for_token(token) is None
    assert accounts.session(session_id) is None
    with pytest.raises(AccountError, match="已停用"):
        accounts.issue_token("zhang")


def test_a_session_gives_its_user_and_csrf_token_until_ended(accounts: Accounts):
    user = commerce(accounts)
    session_id, csrf = accounts.start_session(user)
    assert session_id != csrf and len(session_id) >= 40 and len(csrf) >= 40
    assert accounts.session(session_id) == (user, csrf)
    stored = " ".join(str(v) for row in accounts.store.backend.execute("SELECT id_hash FROM sessions") for v in row)
    assert session_id not in stored
    accounts.end_session(session_id)
    assert accounts.session(session_id) is None
    assert accounts.session("") is None and accounts.session("made-up") is None


def test_a_session_expires(accounts: Accounts):
    user = commerce(accounts)
    expired, _ = accounts.start_session(user, lifetime=timedelta(seconds=-1))
    live, _ = accounts.start_session(user)
    assert accounts.session(expired) is None
    assert accounts.session(live) is not None


def test_a_disabled_user_cannot_start_a_session(accounts: Accounts):
    user = commerce(accounts)
    accounts.disable("zhang")
    with pytest.raises(AccountError, match="停用"):
        accounts.start_session(user)
