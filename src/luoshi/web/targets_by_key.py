"""Answers the pages and the API both look up: who owns which target (by
assignment), a target by its key, a progress report by its id."""

from __future__ import annotations

import re

from luoshi.accounts import ProgressReport, target_key
from luoshi.track.link import key_of
from luoshi.track.same_target import group_targets
from luoshi.types import Kind, Statement
from luoshi.web import columns
from luoshi.web.errors import WebError
from luoshi.web.server_state import WebState

# A key: document id (or, as written before keys named ids, its name), colon, span.
_KEY = re.compile(r"(.+):(\d{1,10})-(\d{1,10})")
_LAST_OFFSET = 2**31 - 1  # the largest a column of offsets holds


def owners(state: WebState) -> dict[str, str]:
    """Owners assigned by admins, by target key."""
    return state.cached(("owners",), lambda: state.accounts(state.store).assigned_owners())


def find_target(state: WebState, key: str) -> Statement:
    """The target a key addresses, else 404. A target stated in several
    documents is found by the key of any of its statements, and answered
    with the one stored first (``luoshi.track.same_target``): the statement
    whose key owner assignments, progress reports and the audit log file it
    under. A key from before keys named document ids (``name:start-end``)
    still finds its target: names are unique in the store. Only that
    statement and the scope of its region and year are read."""
    found = state.cached(("target", key), lambda: _anchor(state, key))
    if found is None:
        raise WebError(404, f"没有这项目标：{key}")
    return found


def _anchor(state: WebState, key: str) -> Statement | None:
    """The anchor of the target whose statement ``key`` names, if it is one
    the board shows (a vouched target with a key). Called under the lock."""
    spans = _KEY.fullmatch(key)
    if spans is None:
        return None
    ref, start, end = spans.group(1), int(spans.group(2)), int(spans.group(3))
    if max(start, end) > _LAST_OFFSET:
        return None
    t = columns.statement_at(state.store, ref, start, end, Kind.TARGET)
    if t is None:  # a key from before keys named document ids
        doc_id = columns.document_id(state.store, ref)
        t = None if doc_id is None else columns.statement_at(state.store, doc_id, start, end, Kind.TARGET)
    k = None if t is None else key_of(t)
    if t is None or k is None:
        return None
    index = state.index_for(t.region, t.period)
    # grouped as the board groups them: the targets of its region and period, in document and text order
    alike = sorted((s for s in index.targets.get(k, ()) if s.period == t.period), key=lambda s: (s.doc, s.start))
    wanted = target_key(t)
    for group in group_targets(alike, index):
        if any(target_key(s) == wanted for s in group.statements):
            return group.anchor
    return None


def find_report(state: WebState, report_id: int) -> ProgressReport:
    """The progress report with this id, else 404."""
    found = state.accounts().progress_report(report_id)
    if found is None:
        raise WebError(404, f"没有编号为 {report_id} 的进展报告")
    return found
