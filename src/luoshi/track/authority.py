"""Whose figures count, and for which targets.

A document's figures count by its source type (``status.yaml``'s
``authority`` ranks), which is stored with it: set by an admin or by a
trusted import — the one place a type is still read off a title
(``infer_source_type``). A document counts for every target once it is
*vouched for*: stored by a trusted import, uploaded by an admin, or
confirmed by one. Until then, a document an owner (a 责任单位) submitted
settles only the targets that owner is responsible for (``responsible``),
and its figures are listed against any other target as unconfirmed.
"""

from __future__ import annotations

from luoshi.gazetteer import Gazetteer
from luoshi.source_types import SourceType
from luoshi.track.rules import TrackRules
from luoshi.types import Statement

# Code digits a place shares with every place inside it, by its level.
_PREFIX = {"province": 2, "prefecture": 4, "county": 6}


def infer_source_type(name: str, title: str | None, loader: str, rules: TrackRules) -> SourceType:
    """The type a trusted import gives a document it was told no type for:
    the first ``inferred_types`` entry its loader or the words of its name or
    title match. Never used for a web upload."""
    for entry in rules.inferred_types:
        if entry.loader is not None and entry.loader != loader:
            continue
        if entry.title_contains and not any(w in name or w in (title or "") for w in entry.title_contains):
            continue
        return entry.type
    raise AssertionError("status.yaml's inferred_types end with a catch-all")


def within_place(owner: str, target: Statement) -> bool:
    """Whether the target's region is the place ``owner`` names or inside it."""
    gaz = Gazetteer.default()
    place = gaz.by_name(owner)
    if place is None or place.code is None or place.level not in _PREFIX:
        return False
    code = target.region_code
    if code is None:
        region = gaz.by_name(target.region)
        code = region.code if region is not None else None
    if code is None:
        return False
    n = _PREFIX[place.level]
    return code[:n] == place.code[:n]


def responsible(owner: str, target: Statement, target_owner: str | None) -> bool:
    """Whether ``owner`` answers for ``target``, whose owner (assigned by an
    admin, else named by its document) is ``target_owner``: the same unit;
    or, for a target nobody owns, a place (兴安盟) over the target's region —
    the rule by which owners may report progress (``Ownership.may_report``)."""
    if target_owner is not None:
        return target_owner == owner
    return within_place(owner, target)
