"""The scoreboard: each target with its status, the outcome used, 序时进度, a
projection and flags; and the one-row-per-region comparison table.

A target stated in several documents is one row: its statements are
grouped (``luoshi.track.same_target``), the status judged against the
primary, every statement listed as a source agreeing with it or not.

A target with a deadline (a task list's 完成时限) not met by it is
逾期未完成 or 临期 (``luoshi.track.deadlines``); a commitment without a
figure is met once reported done (``luoshi.track.commitments``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from luoshi.gazetteer import Gazetteer
from luoshi.store import StatementQuery, Store
from luoshi.store.sql import SqlStore
from luoshi.track.commitments import is_commitment
from luoshi.track.deadlines import deadline_status, due_soon_days, is_met, today
from luoshi.track.keys import target_key
from luoshi.track.link import Evidence, Link
from luoshi.track.link_index import TrackIndex
from luoshi.track.memory import no_gc
from luoshi.track.periods import share_elapsed, split, year_before
from luoshi.track.progress import Projection, project
from luoshi.track.ranking import preference
from luoshi.track.rules import track_rules
from luoshi.track.same_target import Restatement, TargetGroup, group_links, group_targets
from luoshi.track.scopes import scoped_index
from luoshi.track.status import Flag, Status, direction, flags_of, progress_share, status_of
from luoshi.track.versions import Version, link_versions
from luoshi.types import Kind, Qualifier, Statement


@dataclass(frozen=True)
class Assessment:
    """Where one target stands."""

    link: Link
    status: Status
    elapsed: float | None = None  # 序时进度 of the outcome used
    progress: float | None = None  # share of a level/count target achieved to date
    projection: Projection | None = None
    flags: tuple[Flag, ...] = ()
    versions: tuple[Version, ...] = ()
    group: TargetGroup | None = None  # every statement of the target; None: assessed alone
    deadline: date | None = None  # the day it is due (a task list's 完成时限)
    as_of: date | None = None  # the day its deadline was judged on
    # What the outcome alone says, where the deadline changed the status
    # (临期 of a target 欠进度); None where ``status`` is that already.
    outcome_status: Status | None = None

    @property
    def days_left(self) -> int | None:
        """Days from ``as_of`` to the deadline (negative: overdue by that many)."""
        if self.deadline is None or self.as_of is None:
            return None
        return (self.deadline - self.as_of).days

    @property
    def commitment(self) -> bool:
        """A target without a figure, met once reported done."""
        return is_commitment(self.target)

    @property
    def target(self) -> Statement:
        """The primary statement: the figure the status is judged against."""
        return self.link.target

    @property
    def chosen(self) -> Evidence | None:
        return self.link.chosen

    @property
    def sources(self) -> tuple[Restatement, ...]:
        """Every statement of the target, the primary first."""
        if self.group is None:
            return (Restatement(self.link.target, self.link.source),)
        return self.group.sources

    @property
    def anchor(self) -> Statement:
        """The statement whose key addresses the target (stored first)."""
        return self.target if self.group is None else self.group.anchor

    @property
    def named_owner(self) -> str | None:
        """The owner the target's documents name (before any assignment)."""
        return self.target.owner if self.group is None else self.group.owner

    def owner(self, assigned: Mapping[str, str]) -> str | None:
        """The owner an admin assigned (``assigned``: owner by target key) —
        filed under the anchor's key, or under another statement's from
        before they were grouped — else the one its documents name."""
        for s in (self.anchor, *(r.statement for r in self.sources)):
            found = assigned.get(target_key(s))
            if found:
                return found
        return self.named_owner


def assess(
    link: Link, index: TrackIndex | None = None, group: TargetGroup | None = None, *,
    as_of: date | None = None, due_within: int | None = None,
) -> Assessment:  # fmt: skip
    """The status of a linked target, with progress and projection when the
    outcome covers only part of its year (``index`` gives the previous year),
    and its deadline applied as of ``as_of`` (today in Beijing) with the
    临期 window ``due_within`` days (deadlines.yaml)."""
    found = by_outcome(link, index, group)
    due = group.deadline if group is not None else link.target.deadline
    if due is None:
        return found
    deadline = date.fromisoformat(due)
    day = as_of or today()
    rules = index.rules if index is not None else track_rules()
    target = link.target
    ceiling = target.qualifier is Qualifier.AT_MOST or direction(target, rules) < 0
    met = is_met(found.status, found.progress, ceiling)
    window = due_soon_days() if due_within is None else due_within
    status = deadline_status(found.status, met, deadline, day, window)
    changed = status if status is not found.status else None
    return replace(found, status=status, deadline=deadline, as_of=day, outcome_status=found.status if changed else None)


def by_outcome(link: Link, index: TrackIndex | None, group: TargetGroup | None) -> Assessment:
    """The status by the outcome used, deadline aside."""
    chosen = link.chosen
    if is_commitment(link.target):
        return Assessment(link, Status.MET if chosen else Status.NO_DATA, flags=flags_of(link), group=group)
    if chosen is None or not link.trackable:
        return Assessment(link, Status.NO_DATA, flags=flags_of(link), group=group)
    target, actual = link.target, chosen.statement
    elapsed = share_elapsed(actual.period)
    in_year = elapsed is not None and elapsed < 1.0 and actual.period != target.period
    return Assessment(
        link,
        status_of(target, actual),
        elapsed,
        progress_share(target, actual) if in_year else None,
        project(target, chosen, index) if in_year else None,
        flags_of(link),
        tuple(link_versions(link)),
        group,
    )


def places_within(region: str) -> list[str]:
    """A region and every place in it (内蒙古自治区, its 盟市 and 旗县), by code."""
    return list(_places_within(region))


# The bundled gazetteer is fixed, and walking it cost a fifth of serving `/`;
# bounded: a region comes from a visitor's query string.
@lru_cache(maxsize=1024)
def _places_within(region: str) -> tuple[str, ...]:
    gaz = Gazetteer.default()
    found = gaz.by_name(region)
    if found is None or found.code is None:
        return (region,)
    code = found.code
    prefix = code[:2] if found.level == "province" else code[:4] if found.level == "prefecture" else code
    inside = sorted(r.code for r in gaz if r.code and r.code.startswith(prefix) and r.code != code)
    return (found.name, *(gaz.by_code(c).name for c in inside))  # type: ignore[union-attr]


def select_targets(
    index: TrackIndex, region: str | None = None, period: str | None = None, owner: str | None = None
) -> list[Statement]:
    """The target statements asked for: of ``region`` and the places in it,
    of ``period``, of an owner whose name holds ``owner`` (商务厅 finds
    自治区商务厅); the region's own first, then its places by code, each in
    document and text order (spans that start together: the shorter first,
    then in the store's order)."""
    places = {name: i for i, name in enumerate(places_within(region))} if region else None
    found = [
        t
        for t in index.all_targets()
        if (places is None or t.region in places)
        and (period is None or t.period == period)
        and (owner is None or owner in (t.owner or ""))
    ]
    order = places or {}
    return sorted(found, key=lambda t: (order.get(t.region, 0), t.region, t.period, t.doc, t.start, t.end, t.seq or 0))


def select_groups(
    index: TrackIndex, region: str | None = None, period: str | None = None, owner: str | None = None
) -> list[TargetGroup]:
    """The targets asked for, each once with all its statements, in the
    order of ``select_targets``; ``owner`` as the target's documents name it
    (any of them)."""
    groups = group_targets(select_targets(index, region, period), index)
    if owner is None:
        return groups
    return [g for g in groups if any(owner in (t.owner or "") for t in g.statements)]


def scoreboard(
    index: TrackIndex, region: str | None = None, period: str | None = None, owner: str | None = None, *,
    as_of: date | None = None, due_within: int | None = None,
) -> list[Assessment]:  # fmt: skip
    """Every selected target, once however many documents state it,
    assessed; deadlines as of ``as_of`` (today in Beijing), 临期 within
    ``due_within`` days (deadlines.yaml)."""
    groups = select_groups(index, region, period, owner)
    links = group_links(groups, index)
    day = as_of or today()
    with no_gc():
        return [
            assess(link, index, group, as_of=day, due_within=due_within)
            for link, group in zip(links, groups, strict=True)
        ]


def store_scoreboard(
    store: Store, region: str | None = None, period: str | None = None, owner: str | None = None, *,
    as_of: date | None = None, due_within: int | None = None,
) -> list[Assessment]:  # fmt: skip
    """``scoreboard`` over a store: read from its stored links where every
    partition is linked, else linked from the statements of the region's
    places and the period's years."""
    if isinstance(store, SqlStore) and store.links_complete():
        from luoshi.track.stored_board import stored_scoreboard  # built on this module

        return stored_scoreboard(store, region, period, owner, as_of=as_of, due_within=due_within)
    index = scoped_index(store, places_within(region) if region else None, period)
    return scoreboard(index, region, period, owner, as_of=as_of, due_within=due_within)


# -- the 31-province table ------------------------------------------------------


@dataclass(frozen=True)
class CompareRow:
    """One region's figure for an indicator, kind and period."""

    region: str
    code: str | None
    figures: tuple[Evidence, ...]  # best first (targets: in text order)
    previous: Evidence | None = None  # for a target: the previous year's outcome in the same document

    @property
    def first(self) -> Evidence | None:
        return self.figures[0] if self.figures else None


def compare(index: TrackIndex, indicator: str, kind: Kind, period: str) -> list[CompareRow]:
    """One row per province (all 31, in code order, empty where nothing
    is reported), then any other region that reports the figure.
    ``indicator`` is an id (gdp_growth) or the name a text gives it."""
    by_region: dict[str, list[Statement]] = defaultdict(list)
    groups = index.targets if kind is Kind.TARGET else index.outcomes
    for (region, _, _, year), group in groups.items():
        if year != split(period)[0]:
            continue
        by_region[region] += [s for s in group if s.period == period and indicator in (s.indicator, s.indicator_name)]
    gaz = Gazetteer.default()
    provinces = [r.name for r in sorted((r for r in gaz if r.level == "province"), key=lambda r: r.code or "")]
    others = sorted(r for r, found in by_region.items() if found and r not in provinces)
    rows = []
    for name in provinces + others:
        known = gaz.by_name(name)
        rows.append(_row(index, name, known.code if known else None, by_region.get(name, []), kind))
    return rows


def compare_store(store: Store, indicator: str, kind: Kind, period: str) -> list[CompareRow]:
    """``compare`` over a store, reading only the figures it needs: those
    asked for and, for targets, the previous year's outcomes beside them."""
    wanted = [StatementQuery(indicator=indicator, kind=kind, period=period)]
    before = year_before(period)
    if kind is Kind.TARGET and before is not None:
        wanted.append(StatementQuery(indicator=indicator, kind=Kind.ACTUAL, period=before))
    docs = store.documents()
    statements = [s for q in wanted for s in store.statements(q)]
    return compare(TrackIndex.build(statements, docs), indicator, kind, period)


def _row(index: TrackIndex, name: str, code: str | None, found: list[Statement], kind: Kind) -> CompareRow:
    if kind is Kind.TARGET:
        figures = tuple(index.evidence(s) for s in sorted(found, key=lambda s: (s.doc, s.start)))
        previous = _same_document_outcome(index, figures[0].statement) if figures else None
        return CompareRow(name, code, figures, previous)
    return CompareRow(name, code, tuple(sorted((index.evidence(s) for s in found), key=preference)))


def _same_document_outcome(index: TrackIndex, target: Statement) -> Evidence | None:
    """The previous year's outcome of the target's indicator reported in the
    target's own document (a 2026 report's 2025 growth beside its 2026 goal)."""
    before = year_before(target.period)
    if before is None or target.measure is None:
        return None
    found = index.reported(target.region, target.indicator or "", target.measure.value, before)
    same = [e for e in found if e.statement.doc == target.doc]
    return same[0] if same else None
