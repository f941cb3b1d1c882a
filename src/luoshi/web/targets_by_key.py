"""Answers the pages and the API both look up: who owns which target (by
assignment), a target by its key, a progress report by its id."""

from __future__ import annotations

import re

from luoshi.accounts import ProgressReport, target_key
from luoshi.track.same_target import group_targets
from luoshi.types import Statement
from luoshi.web.errors import WebError
from luoshi.web.server_state import WebState

# A key as written before keys named document ids: document name, colon, span.
_NAME_KEY = re.compile(r"(.+):(\d+)-(\d+)")


def owners(state: WebState) -> dict[str, str]:
    """Owners assigned by admins, by target key."""
    return state.cached(("owners",), lambda: state.accounts(state.store).assigned_owners())


def find_target(state: WebState, key: str) -> Statement:
    """The target a key addresses, else 404. A target stated in several
    documents is found by the key of any of its statements, and answered
    with the one stored first (``luoshi.track.same_target``): the statement
    whose key owner assignments, progress reports and the audit log file it
    under. A key from before keys named document ids (``name:start-end``)
    still finds its target: names are unique in the store."""

    def by_key() -> dict[str, Statement]:
        index = state.index()
        found: dict[str, Statement] = {}
        for group in group_targets(index.all_targets(), index):
            for t in group.statements:
                found[target_key(t)] = group.anchor
        return found

    targets = state.cached(("targets",), by_key)
    found = targets.get(key) or targets.get(_by_id(state, key) or "")
    if found is None:
        raise WebError(404, f"没有这项目标：{key}")
    return found


def _by_id(state: WebState, key: str) -> str | None:
    """The id key of an old name key, if it names a stored document."""
    named = _NAME_KEY.fullmatch(key)
    if named is None:
        return None
    doc_id = state.document_ids().get(named.group(1))
    return None if doc_id is None else f"{doc_id}:{named.group(2)}-{named.group(3)}"


def find_report(state: WebState, report_id: int) -> ProgressReport:
    """The progress report with this id, else 404."""
    found = state.accounts().progress_report(report_id)
    if found is None:
        raise WebError(404, f"没有编号为 {report_id} 的进展报告")
    return found
