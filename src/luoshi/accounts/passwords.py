"""Password hashing with argon2id (argon2-cffi's defaults)."""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from luoshi.accounts.records import AccountError

MIN_LENGTH = 8
MAX_LENGTH = 1024  # argon2 takes any length; a cap keeps a request from costing seconds

_hasher = PasswordHasher()


def check_password(password: str, username: str) -> None:
    """AccountError unless the password is acceptable."""
    if not password or not password.strip():
        raise AccountError("密码不能为空")
    if len(password) < MIN_LENGTH:
        raise AccountError(f"密码太短：至少需要 {MIN_LENGTH} 个字符")
    if len(password) > MAX_LENGTH:
        raise AccountError(f"密码太长：最多 {MAX_LENGTH} 个字符")
    if password.lower() == username.lower():
        raise AccountError(f"密码不能与用户名 {username} 相同")
    if len(set(password)) < 3:
        raise AccountError("密码太弱：至少需要 3 个不同的字符")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(hashed: str) -> bool:
    return _hasher.check_needs_rehash(hashed)


@cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def dummy_verify(password: str) -> None:
    """Spend the time a real verification takes, so that an unknown
    username cannot be told from a wrong password by the delay."""
    verify(_dummy_hash(), password)
