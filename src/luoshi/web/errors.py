"""Errors a request can end in, with the status code and a message for people."""

from __future__ import annotations


class WebError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
