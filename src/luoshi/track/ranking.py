"""How much a document counts when outcomes compete for one target.

Authority comes from who brought a document, not from its title (see
``luoshi.track.authority``): the rank is its stored source type. Among the
outcomes of a target the one used is, in order: the fullest period (a
full-year figure over 1–11月), a final figure over a preliminary one
(预计/初步核算), the higher authority (statistics > government work report
> news), the later publication, the later ingest (``preference``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from luoshi.source_types import SourceType
from luoshi.store import StoredDocument
from luoshi.track.authority import infer_source_type
from luoshi.track.periods import share_elapsed
from luoshi.track.rules import TrackRules, track_rules

if TYPE_CHECKING:
    from luoshi.track.link import Evidence


@dataclass(frozen=True, slots=True)
class Source:
    """A document as linking sees it: when it appeared, how much it counts,
    and whether it counts for every target (``vouched``) or, until an admin
    confirms it, only for those of ``owner``."""

    name: str
    title: str | None = None
    published: date | None = None
    id: str | None = None
    ingested_at: datetime | None = None
    loader: str = "text"
    rank: int = 1
    authority: str = ""  # the source type's Chinese word
    type: SourceType = SourceType.NEWS
    owner: str | None = None  # the 责任单位 that submitted it
    vouched: bool = True

    @classmethod
    def of(cls, doc: StoredDocument, rules: TrackRules | None = None) -> Source:
        """A document's source. A stored document carries its type and who
        confirmed it; one built in memory without a type (``source_type``
        None: a test, a trusted caller) is typed as a trusted import would."""
        rules = rules or track_rules()
        if doc.source_type is None:
            kind, vouched = infer_source_type(doc.name, doc.title, doc.loader, rules), True
        else:
            kind, vouched = doc.source_type, doc.confirmed
        rank, authority = authority_of(kind, rules)
        return cls(
            doc.name, doc.title, doc.published, doc.id, doc.ingested_at, doc.loader, rank, authority,
            kind, doc.owner, vouched,
        )  # fmt: skip

    @classmethod
    def unknown(cls, name: str, rules: TrackRules | None = None) -> Source:
        """A statement whose document is not among the known ones (only in
        memory: an index built from a store knows every document)."""
        rules = rules or track_rules()
        kind = infer_source_type(name, None, "text", rules)
        rank, authority = authority_of(kind, rules)
        return cls(name, rank=rank, authority=authority, type=kind)


def authority_of(kind: SourceType, rules: TrackRules) -> tuple[int, str]:
    """(rank, Chinese word) of a source type."""
    return rules.authority[kind], kind.label


def is_later(outcome: Source, target: Source) -> bool:
    """Whether an outcome's document may report on a target's: statistics
    always; otherwise published after it, or either date unknown."""
    if outcome.loader == "stats":
        return True
    if outcome.published is None or target.published is None:
        return True
    return outcome.published > target.published


def preference(e: Evidence) -> tuple[float, bool, int, int, float, str, int]:
    """Sort key, best outcome first (see the module docstring)."""
    src = e.source
    return (
        -(share_elapsed(e.statement.period) or 0.0),
        e.preliminary,
        -src.rank,
        -(src.published.toordinal() if src.published else 0),
        -(src.ingested_at.timestamp() if src.ingested_at else 0.0),
        e.statement.doc,
        e.statement.start,
    )
