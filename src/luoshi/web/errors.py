"""Errors a request can end in, with the status code and a message for people."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from luoshi.accounts import AccountError, PermissionDenied


class WebError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@contextmanager
def account_refusals() -> Iterator[None]:
    """What accounts refuse, as the status a request ends in: 403 for who
    asks, 422 for what they asked."""
    try:
        yield
    except PermissionDenied as exc:
        raise WebError(403, str(exc)) from exc
    except AccountError as exc:
        raise WebError(422, str(exc)) from exc
