"""Following targets to their outcomes: which later figures settle a target,
whether it was met, how far along it is in the year, and whether the
figures agree with each other.

    >>> from luoshi.track import TrackIndex, scoreboard      # doctest: +SKIP
    >>> index = TrackIndex.from_store(store)
    >>> for a in scoreboard(index, region="内蒙古自治区", period="2025"):
    ...     print(a.target.quote, a.status.word, a.chosen and a.chosen.statement.quote)

Everything is computed from the store's statements and document metadata —
a pure function, recomputed whenever documents arrive; ``TrackIndex.add_document``
updates an index in memory and relinks only the targets the new document touches.

Modules: ``rules`` (status.yaml), ``periods`` (序时进度 and periods to
date), ``figures`` (magnitudes, rounding, ranges), ``link`` (targets to
outcomes), ``status`` (qualifier rules and status words), ``progress``
(year-end projection), ``versions`` (revised figures), ``consistency``
(checks between figures), ``board`` (the scoreboard and the 31-province
table), ``tables`` (rows, JSON, CSV and Excel for them).
"""

from luoshi.track.board import Assessment, CompareRow, assess, compare, compare_store, scoreboard, store_scoreboard
from luoshi.track.consistency import Finding, consistency
from luoshi.track.link import Evidence, Link
from luoshi.track.link_index import TrackIndex, link
from luoshi.track.progress import Projection, project
from luoshi.track.ranking import Source
from luoshi.track.status import Flag, Status, judge, status_of
from luoshi.track.versions import Version, figure_versions, link_versions, versions

__all__ = [
    "Assessment",
    "CompareRow",
    "Evidence",
    "Finding",
    "Flag",
    "Link",
    "Projection",
    "Source",
    "Status",
    "TrackIndex",
    "Version",
    "assess",
    "compare",
    "compare_store",
    "consistency",
    "figure_versions",
    "judge",
    "link",
    "link_versions",
    "project",
    "scoreboard",
    "status_of",
    "store_scoreboard",
    "versions",
]
