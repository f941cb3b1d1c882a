"""Answers the pages and the API both look up: who owns which target (by
assignment), and a target by its key."""

from __future__ import annotations

from luoshi.accounts import target_key
from luoshi.types import Statement
from luoshi.web.errors import WebError
from luoshi.web.server_state import WebState


def owners(state: WebState) -> dict[str, str]:
    """Owners assigned by admins, by target key."""
    return state.cached(("owners",), lambda: state.accounts(state.store).assigned_owners())


def find_target(state: WebState, key: str) -> Statement:
    """The target with this key (document name and span), else 404."""

    def by_key() -> dict[str, Statement]:
        return {target_key(t): t for t in state.index().all_targets()}

    found = state.cached(("targets",), by_key).get(key)
    if found is None:
        raise WebError(404, f"没有这项目标：{key}")
    return found
