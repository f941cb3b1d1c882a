"""One target, several statements: the government work report sets it, a
newspaper restates it, the task list assigns it to a department. Each is a
target statement of its own document; the scoreboard shows them as one
target with several sources, so that counts and shares count targets, not
statements.

Two target statements are the same target when they have the same region,
indicator, measure and period, count the same way (the ``variants`` of
status.yaml, a running total or not) — what linking already requires of an
outcome that settles a target — and either state the same figure or come
from different documents and name an indicator of the catalogue. So the
figure of a catalogue indicator may differ between sources (one says
1.3亿吨, another 1.2亿吨): one target whose sources disagree, shown as
such. But one document giving two figures for one indicator names two
things (产值突破1300亿元 of one industry, 产值超过350亿元 of another), and
so does a figure under the text's own words (``other:产值``, ``other:国家级``)
differing from another's: those stay apart. An indicator named by the
text's own words is compared without the conjunctions and quotation marks
of ``same_target.yaml``. A numeral naming a programme (六个倍增计划) is no
figure to settle; it is the same target only where the words and figure
are the same.

Of a target's statements, the *primary* — the figure the status is judged
against — is chosen by the order sources already have: the higher
authority (statistics > 政府工作报告 > 责任单位报送 > news), the later
publication, the later ingest. Outcomes that may settle any of its
statements settle the target (a report restating last year's goal beside
its outcome settles the goal set a year before). Its *anchor*, whose key
addresses it in owner assignments, progress reports and URLs, is the
statement stored first: a later document joining the target, even one
outranking the rest, never changes the key things were filed under.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from luoshi.rules import load_yaml
from luoshi.track.figures import high_magnitude, magnitude, variant
from luoshi.track.link import Link
from luoshi.track.link_index import TrackIndex
from luoshi.track.ranking import Source
from luoshi.types import Qualifier, Statement

Identity = tuple[object, ...]
# What may differ between two statements of one target, as named in the API.
VALUE, UNIT, QUALIFIER = "value", "unit", "qualifier"


@dataclass(frozen=True, slots=True)
class Restatement:
    """One statement of a target, with its document and how its figure
    differs from the primary's (nothing: it agrees)."""

    statement: Statement
    source: Source
    differs: tuple[str, ...] = ()  # of VALUE, UNIT, QUALIFIER

    @property
    def agrees(self) -> bool:
        return not self.differs


@dataclass(frozen=True, slots=True)
class TargetGroup:
    """A target's statements, the primary first (then in source order)."""

    sources: tuple[Restatement, ...]
    anchor: Statement  # stored first: its key is the target's

    @property
    def primary(self) -> Statement:
        return self.sources[0].statement

    @property
    def statements(self) -> tuple[Statement, ...]:
        return tuple(r.statement for r in self.sources)

    @property
    def owner(self) -> str | None:
        """The owner its statements name: the primary's, else the first
        other source naming one (a task list names it, a newspaper not)."""
        return next((r.statement.owner for r in self.sources if r.statement.owner), None)

    @property
    def deadline(self) -> str | None:
        """The day it is due (ISO): the primary's, else the first other
        source's giving one. A task list outranks every other source of a
        target, so where one states the target its 完成时限 applies."""
        return next((r.statement.deadline for r in self.sources if r.statement.deadline), None)


@cache
def _ignored_in_names() -> tuple[str, ...]:
    words = load_yaml("same_target.yaml")["ignored_in_names"]
    return tuple(sorted(map(str, words), key=len, reverse=True))  # 以及 before 及


@lru_cache(maxsize=65536)  # a few thousand names, asked for by every statement linked
def family(indicator: str | None) -> str | None:
    """The indicator as two statements of one target must share it: the
    text's own words without the conjunctions and quotation marks of
    ``same_target.yaml`` (a catalogue id as it is)."""
    if indicator is None or not indicator.startswith("other:"):
        return indicator
    for word in _ignored_in_names():
        indicator = indicator.replace(word, "")
    return indicator


def identity(t: Statement, index: TrackIndex) -> Identity:
    """What two statements of one target have in common (module docstring)."""
    same: Identity = (
        t.region,
        family(t.indicator),
        t.measure,
        t.period,
        t.cumulative,
        variant(t, index.rules),
    )
    if t.in_name:
        return (*same, t.quote, t.value, t.unit)
    return same


def source_order(index: TrackIndex, t: Statement) -> tuple[float, float, float, str, int]:
    """Sort key of a target's statements, the primary first: authority,
    then the later publication, then the later ingest."""
    return ranked_order(index.source(t.doc), t)


def ranked_order(src: Source, t: Statement) -> tuple[float, float, float, str, int]:
    """``source_order`` of a statement whose document's source is known."""
    return (
        -src.rank,
        -(src.published.toordinal() if src.published else 0),
        -(src.ingested_at.timestamp() if src.ingested_at else 0.0),
        t.doc,
        t.start,
    )


def _stored_order(index: TrackIndex, t: Statement) -> tuple[float, str, int]:
    src = index.source(t.doc)
    return (src.ingested_at.timestamp() if src.ingested_at else math.inf, t.doc, t.start)


def differences(s: Statement, primary: Statement) -> tuple[str, ...]:
    """How ``s``'s figure differs from the primary's: its magnitude (scale
    words applied: 1.3亿吨 is 13000万吨) or range, its unit, its qualifier."""
    found = []
    if not _close(magnitude(s), magnitude(primary)) or not _close(high_magnitude(s), high_magnitude(primary)):
        found.append(VALUE)
    if (s.base_unit or s.unit) != (primary.base_unit or primary.unit):
        found.append(UNIT)
    if (s.qualifier or Qualifier.EXACT) is not (primary.qualifier or Qualifier.EXACT):
        found.append(QUALIFIER)
    return tuple(found)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    if math.isnan(a) and math.isnan(b):  # two commitments, neither with a figure
        return True
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def group_targets(targets: Iterable[Statement], index: TrackIndex) -> list[TargetGroup]:
    """The targets among ``targets``, each once, in the order its first
    statement comes in ``targets``."""
    groups: list[list[Statement]] = []
    alike: dict[Identity, list[tuple[list[Statement], set[str]]]] = {}  # each group with its documents
    for t in targets:
        candidates = alike.setdefault(identity(t, index), [])
        joined = next((g for g in candidates if not differences(t, g[0][0])), None)
        if joined is None and _catalogue(t):
            # a set of documents per group: a target restated by hundreds of
            # documents made scanning its statements quadratic
            joined = next((g for g in candidates if t.doc not in g[1]), None)
        if joined is None:
            joined = ([], set())
            candidates.append(joined)
            groups.append(joined[0])
        joined[0].append(t)
        joined[1].add(t.doc)
    return [_group(statements, index) for statements in groups]


def _catalogue(t: Statement) -> bool:
    """Whether the indicator is one of the catalogue's (not the text's own words)."""
    return t.indicator is not None and not t.indicator.startswith("other:")


def _group(statements: list[Statement], index: TrackIndex) -> TargetGroup:
    if len(statements) == 1:
        (t,) = statements
        return TargetGroup((Restatement(t, index.source(t.doc)),), t)
    ranked = sorted(statements, key=lambda t: source_order(index, t))
    primary = ranked[0]
    sources = tuple(Restatement(t, index.source(t.doc), differences(t, primary)) for t in ranked)
    return TargetGroup(sources, min(statements, key=lambda t: _stored_order(index, t)))


def group_links(groups: Sequence[TargetGroup], index: TrackIndex) -> list[Link]:
    """The link of each target: its primary with every outcome that may
    settle any of its statements and counts in the primary's units."""
    return index.links_with([(g.primary, _candidates(g, index)) for g in groups])


def _candidates(group: TargetGroup, index: TrackIndex) -> list[Statement]:
    primary = group.primary
    found = index.candidates_of_any(group.statements)
    if len(group.sources) == 1 or primary.base_unit is None:
        return found
    # an outcome settling a statement that counts in other units does not settle the primary
    return [a for a in found if a.base_unit is None or a.base_unit == primary.base_unit]
