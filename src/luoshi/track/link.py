"""Linking each target to the outcomes that settle it.

An outcome settles a target when it has the same region, indicator, measure
and period (or a part of the target's year to date), comes from a later
document (or a statistics import, always later), and counts the same way
(see ``variants`` in status.yaml). All such outcomes are kept; the one used
is, in order: the fullest period (a full-year figure over 1–11月), a final
figure over a preliminary one (预计/初步核算), the higher authority
(statistics > government work report > news), the later publication, the
later ingest. Final outcomes of that period that disagree with it beyond
rounding are a conflict.

Authority comes from who brought a document, not from its title (see
``luoshi.track.authority``): the rank is its stored source type. A document
nobody vouched for yet — an owner's upload or progress report before an
admin confirms it — settles only the targets its owner answers for; against
any other target its outcomes are listed as ``Link.unconfirmed``, never
chosen and never changing a status, and its own targets wait out of the
board. ``TrackIndex.update_source`` applies a confirmation.

Links are computed from statements and document metadata only — a pure
function, recomputed whenever documents arrive, never a list kept by hand:

    >>> index = TrackIndex.from_store(store)                  # doctest: +SKIP
    >>> [link.chosen for link in index.links()]               # doctest: +SKIP

``TrackIndex`` groups statements by key in one pass; ``add_document``
updates the groups and recomputes only the links whose keys it touched.
"""

from __future__ import annotations

from dataclasses import dataclass

from luoshi.track.commitments import is_commitment, is_completion
from luoshi.track.periods import split
from luoshi.track.ranking import Source
from luoshi.types import Statement

# region, indicator, measure, the year (or span) of the period
Key = tuple[str, str, str, str]


@dataclass(frozen=True, slots=True)
class Evidence:
    """An outcome statement with its document and whether it is preliminary."""

    statement: Statement
    source: Source
    preliminary: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """A target, every outcome that reports on it (best first) and the final
    outcomes that disagree with the chosen one."""

    target: Statement
    source: Source
    candidates: tuple[Evidence, ...] = ()
    conflicts: tuple[Evidence, ...] = ()
    trackable: bool = True  # False: the numeral names a programme (六个倍增计划)
    # Outcomes of documents nobody vouched for, whose owner does not answer
    # for this target: shown, flagged 未确认, never chosen (best first).
    unconfirmed: tuple[Evidence, ...] = ()

    @property
    def chosen(self) -> Evidence | None:
        return self.candidates[0] if self.candidates else None

    @property
    def conflict(self) -> bool:
        return bool(self.conflicts)


def key_of(s: Statement) -> Key | None:
    if s.indicator is None:
        return None
    if s.measure is None or s.value is None:
        if is_commitment(s) or is_completion(s):  # keyed without a measure (luoshi.track.commitments)
            return (s.region, s.indicator, "", split(s.period)[0])
        return None
    # a StrEnum member is its value as a str: no .value lookup needed
    return (s.region, s.indicator, s.measure, split(s.period)[0])


def named_owner(target: Statement) -> str | None:
    """The owner a target's own document names (no assignments known)."""
    return target.owner
