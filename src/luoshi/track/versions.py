"""Versions of a figure. Figures are revised: the January 2025 report gave
2024 到位资金 as 超5300亿元 (预计), the February page the final 5573.1亿元.
Every version is kept with its source and date, oldest first; the one used
is the best by ``link.preference`` — the latest final one from the highest
authority — and the others are shown beside it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from luoshi.track.link import Evidence, Link
from luoshi.track.link_index import TrackIndex
from luoshi.track.ranking import preference


@dataclass(frozen=True)
class Version:
    evidence: Evidence
    used: bool  # the version status is decided by

    @property
    def preliminary(self) -> bool:
        return self.evidence.preliminary

    @property
    def published(self) -> date | None:
        return self.evidence.source.published


def versions(evidence: Iterable[Evidence], used: Evidence | None = None) -> list[Version]:
    """The versions of one figure, by date (undated first); ``used`` (by
    default the best by ``preference``) is marked."""
    found = list(evidence)
    if not found:
        return []
    best = used if used is not None else min(found, key=preference)

    def when(e: Evidence) -> tuple[int, float, str, int]:
        src = e.source
        return (
            src.published.toordinal() if src.published else 0,
            src.ingested_at.timestamp() if src.ingested_at else 0.0,
            e.statement.doc,
            e.statement.start,
        )

    return [Version(e, e is best) for e in sorted(found, key=when)]


def link_versions(link: Link) -> list[Version]:
    """The versions of the figure a target's status was decided by (its
    period's outcomes); empty when nothing reports on the target."""
    chosen = link.chosen
    if chosen is None:
        return []
    period = chosen.statement.period
    return versions((e for e in link.candidates if e.statement.period == period), chosen)


def figure_versions(index: TrackIndex, region: str, indicator: str, measure: str, period: str) -> list[Version]:
    """Every version of one figure in the index, whether or not a target asks for it."""
    return versions(index.reported(region, indicator, measure, period))
