"""The link index: targets and outcomes grouped by key, in memory, and
the links computed from them (see ``luoshi.track.link`` for what a link is).

``TrackIndex`` groups statements by key in one pass; ``add_document``
updates the groups and recomputes only the links whose keys it touched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from luoshi.store import StatementQuery, Store, StoredDocument
from luoshi.track.authority import responsible
from luoshi.track.commitments import is_commitment, is_completion
from luoshi.track.figures import agree, variant
from luoshi.track.link import Evidence, Key, Link, key_of, named_owner
from luoshi.track.memory import no_gc
from luoshi.track.periods import split, within, year_before
from luoshi.track.ranking import Source, is_later, preference
from luoshi.track.rules import TrackRules, track_rules
from luoshi.types import Kind, Statement

Groups = dict[Key, list[Statement]]


@dataclass
class TrackIndex:
    """Targets and outcomes grouped by key, ready to link.

    ``outcomes`` and ``targets`` hold only statements of vouched documents,
    so that everything reading them (comparisons, charts, checks) sees only
    figures someone answers for; those of documents awaiting confirmation
    wait in ``unvouched`` and ``held``. ``owner_of`` says who answers for a
    target: the owner an admin assigned, else the one its document names."""

    sources: dict[str, Source]
    rules: TrackRules = field(default_factory=track_rules)
    targets: dict[Key, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    outcomes: dict[Key, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    owner_of: Callable[[Statement], str | None] = named_owner
    unvouched: dict[Key, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    held: dict[Key, list[Statement]] = field(default_factory=lambda: defaultdict(list))

    # -- building ------------------------------------------------------------
    @classmethod
    def build(
        cls, statements: Iterable[Statement], sources: Mapping[str, Source] | Iterable[StoredDocument] = (),
        owner_of: Callable[[Statement], str | None] = named_owner,
    ) -> TrackIndex:  # fmt: skip
        """Group ``statements`` in one pass; ``sources`` are the documents'
        metadata (by name, or the stored documents themselves)."""
        index = cls(_sources(sources), owner_of=owner_of)
        index.add(statements)
        return index

    @classmethod
    def from_store(
        cls, store: Store, *, regions: Sequence[str] | None = None,
        owner_of: Callable[[Statement], str | None] | None = None,
    ) -> TrackIndex:  # fmt: skip
        """Everything a store holds, or — for speed, since links never cross
        regions — only the statements of ``regions``. ``owner_of``: who
        answers for a target; by default the owners an admin had assigned
        in the store when the index was built, else those the targets'
        documents name (a long-lived index is given a fresh lookup when an
        assignment changes)."""
        if owner_of is None:
            owner_of = assigned_owners(store)
        docs = store.documents()
        with no_gc():  # a million records allocated at once: collections only slow it down
            if regions is None:
                statements: Iterable[Statement] = store.iter_statements()
            else:
                statements = (s for r in regions for s in store.statements(StatementQuery(region=r)))
            return cls.build(statements, docs, owner_of)

    def add(self, statements: Iterable[Statement]) -> set[Key]:
        """Group more statements; returns the keys they touched."""
        touched: set[Key] = set()
        event, target = Kind.EVENT, Kind.TARGET
        years: dict[str, str] = {}
        # statements come document by document: one lookup of its source each
        doc: str | None = None
        targets, outcomes = self.targets, self.outcomes
        for s in statements:
            if s.kind is event or s.indicator is None:
                continue
            if s.measure is None or s.value is None:
                if not (is_commitment(s) or is_completion(s)):
                    continue
            year = years.get(s.period)
            if year is None:
                year = years[s.period] = split(s.period)[0]
            key = (s.region, s.indicator, s.measure or "", year)
            if s.doc != doc:
                doc = s.doc
                vouched = self.source(doc).vouched
                targets, outcomes = (self.targets, self.outcomes) if vouched else (self.held, self.unvouched)
            if s.kind is target:
                targets[key].append(s)
            elif not s.in_name:
                outcomes[key].append(s)
            touched.add(key)
        return touched

    def update_source(self, source: Source) -> list[Link]:
        """A document's source changed (an admin confirmed it, or set its
        type): its statements move in or out of the board, and the links of
        every target it may change are returned."""
        was_vouched, name = self.source(source.name).vouched, source.name
        self.sources[name] = source
        moves: tuple[tuple[Groups, Groups], ...] = ((self.held, self.targets), (self.unvouched, self.outcomes))
        if was_vouched == source.vouched:
            moves = ()
        elif not source.vouched:
            moves = tuple((kept, held) for held, kept in moves)
        touched: set[Key] = set()
        for from_, to in moves:
            for key, group in list(from_.items()):
                if any(s.doc == name for s in group):
                    from_[key] = [s for s in group if s.doc != name]
                    to[key].extend(s for s in group if s.doc == name)
                    touched.add(key)
        for groups in (self.outcomes, self.unvouched):
            touched |= {key for key, group in groups.items() if any(s.doc == name for s in group)}
        # an outcome for year Y also feeds the projections of year Y+1
        touched |= {(r, i, m, str(int(y) + 1)) for r, i, m, y in touched if y.isdigit()}
        return self.links(t for key in touched for t in self.targets.get(key, ()))

    def add_document(self, doc: StoredDocument | Source, statements: Sequence[Statement]) -> list[Link]:
        """A document arrived: group its statements and return the links of
        every target it may change (its own and those of its keys)."""
        touched = self.include(doc, statements)
        return self.links(t for key in touched for t in self.targets.get(key, ()))

    def include(self, doc: StoredDocument | Source, statements: Sequence[Statement]) -> set[Key]:
        """A document arrived: group its statements, linking nothing; the
        keys whose targets it may change. For documents arriving by the
        thousand (an upload job's batch) whose links are computed when read:
        linking again, for each document, every target of the keys it
        touches made a 100,000-row upload quadratic — hours of CPU, each row
        relinking every target its key already held."""
        source = doc if isinstance(doc, Source) else Source.of(doc, self.rules)
        self.sources[source.name] = source
        touched = self.add(statements)
        # an outcome for year Y also feeds the projections of year Y+1
        return touched | {(r, i, m, str(int(y) + 1)) for r, i, m, y in touched if y.isdigit()}

    def remove(self, statements: Iterable[Statement]) -> list[Link]:
        """Forget statements that are no longer evidence (a corrected or
        withdrawn progress report's); returns the links of every target
        they may have changed, as ``add_document`` does."""
        touched: set[Key] = set()
        for s in statements:
            key = key_of(s)
            if key is None:
                continue
            for groups in (self.targets, self.outcomes, self.held, self.unvouched):
                group = groups.get(key)
                if group and s in group:
                    group.remove(s)
                    touched.add(key)
        # an outcome for year Y also feeds the projections of year Y+1
        touched |= {(r, i, m, str(int(y) + 1)) for r, i, m, y in touched if y.isdigit()}
        return self.links(t for key in touched for t in self.targets.get(key, ()))

    # -- linking -------------------------------------------------------------
    def source(self, name: str) -> Source:
        found = self.sources.get(name)
        if found is None:
            found = self.sources[name] = Source.unknown(name, self.rules)
        return found

    def all_targets(self) -> list[Statement]:
        return [t for group in self.targets.values() for t in group]

    def links(self, targets: Iterable[Statement] | None = None) -> list[Link]:
        """The link of each target (every target when None), in the order given."""
        with no_gc():  # many small records at once: collections only slow it down
            chosen = list(self.all_targets() if targets is None else targets)
            return [self._link(t, self.candidates(t)) for t in chosen]

    def link(self, target: Statement) -> Link:
        return self.links([target])[0]

    def links_with(self, pairs: Sequence[tuple[Statement, list[Statement]]]) -> list[Link]:
        """The link of each target with the outcomes given for it: those of
        every statement of one target (``luoshi.track.same_target``)."""
        with no_gc():
            return [self._link(t, cands) for t, cands in pairs]

    def candidates(self, t: Statement) -> list[Statement]:
        """The outcomes that may settle ``t``, or would once their documents
        are confirmed, unordered (``links`` orders and sorts them)."""
        return self.candidates_of_any([t])

    def candidates_of_any(self, statements: Sequence[Statement]) -> list[Statement]:
        """The outcomes that may settle any of ``statements``, each once,
        unordered. For the statements of one target: those sharing a key,
        period and way of counting share the outcomes to test, so each
        outcome is tested once against them all, not once per statement
        (a target restated by hundreds of documents, each with hundreds of
        outcomes, made that quadratic)."""
        cohorts: dict[tuple[Key, str, bool, str | None, bool], list[Statement]] = {}
        for t in statements:
            key = None if t.in_name else key_of(t)
            if key is not None:
                commitment = is_commitment(t)
                cohort = (key, t.period, commitment, variant(t, self.rules), t.cumulative)
                cohorts.setdefault(cohort, []).append(t)
        found: list[Statement] = []
        seen: set[int] = set()
        for (key, period, commitment, want, cumulative), members in cohorts.items():
            pool = self._outcomes_for(key)
            if commitment:
                # a report that it is done names this very task: whenever it came
                fits = [a for a in pool if is_completion(a) and within(a.period, period)]
            else:
                earliest = self._earliest_first(members)
                fits = [
                    a
                    for a in pool
                    if within(a.period, period)
                    and a.cumulative == cumulative
                    and variant(a, self.rules) == want
                    and self._settles_any(a, earliest)
                ]
            for a in fits:
                if id(a) not in seen:
                    seen.add(id(a))
                    found.append(a)
        return found

    def _outcomes_for(self, key: Key) -> list[Statement]:
        group = self.outcomes.get(key, [])
        waiting = self.unvouched.get(key)
        return group + waiting if waiting else group

    def _earliest_first(self, members: Sequence[Statement]) -> list[tuple[Statement, Source]]:
        """``members`` with their sources, those an outcome is most likely
        later than first (undated, then by publication)."""
        found = [(t, self.source(t.doc)) for t in members]
        found.sort(key=lambda pair: (pair[1].published is not None, pair[1].published or date.min))
        return found

    def _settles_any(self, a: Statement, members: Sequence[tuple[Statement, Source]]) -> bool:
        """Whether outcome ``a`` is of another, later document than one of
        ``members`` and counts in compatible units."""
        src = self.source(a.doc)
        return any(
            a.doc != t.doc
            and (a.base_unit == t.base_unit or a.base_unit is None or t.base_unit is None)
            and is_later(src, t_src)
            for t, t_src in members
        )

    def settles(self, e: Evidence, t: Statement) -> bool:
        """Whether an outcome may settle ``t``: its document is vouched for,
        or it was submitted by an owner who answers for ``t``."""
        src = e.source
        return src.vouched or (src.owner is not None and responsible(src.owner, t, self.owner_of(t)))

    def _link(self, t: Statement, cands: list[Statement]) -> Link:
        evidence = [self.evidence(a) for a in cands]
        unconfirmed: list[Evidence] = []
        if any(not e.source.vouched for e in evidence):
            unconfirmed = [e for e in evidence if not self.settles(e, t)]
            evidence = [e for e in evidence if self.settles(e, t)]
            unconfirmed.sort(key=preference)
        if len(evidence) > 1:
            evidence.sort(key=preference)
        conflicts: tuple[Evidence, ...] = ()
        if evidence:
            best = evidence[0]
            conflicts = tuple(
                e
                for e in evidence[1:]
                if e.statement.period == best.statement.period
                and e.preliminary == best.preliminary
                and not agree(e.statement, best.statement, self.rules)
            )
        return Link(
            t, self.source(t.doc), tuple(evidence), conflicts, trackable=not t.in_name, unconfirmed=tuple(unconfirmed)
        )

    def evidence(self, s: Statement) -> Evidence:
        return Evidence(s, self.source(s.doc), s.preliminary)

    # -- outcomes without a target ---------------------------------------------
    def reported(self, region: str, indicator: str, measure: str, period: str) -> list[Evidence]:
        """Every outcome for exactly this figure, best first (versions, projections)."""
        group = self.outcomes.get((region, indicator, measure, split(period)[0]), [])
        found = [a for a in group if a.period == period]
        return sorted((self.evidence(a) for a in found), key=preference)

    def previous(self, s: Statement) -> tuple[Evidence | None, Evidence | None]:
        """The best outcomes for the previous year in full and for the same
        part of it (2024 and 2024-10 for an outcome of 2025-10)."""
        before = year_before(s.period)
        if before is None or s.measure is None:
            return None, None
        full = self.reported(s.region, s.indicator or "", s.measure.value, split(before)[0])
        part = self.reported(s.region, s.indicator or "", s.measure.value, before)
        return (full[0] if full else None), (part[0] if part else None)


def _sources(given: Mapping[str, Source] | Iterable[StoredDocument]) -> dict[str, Source]:
    if isinstance(given, Mapping):
        return dict(given)
    rules = track_rules()
    out: dict[str, Source] = {}
    for doc in given:  # newest first from Store.documents(): the newest of a name wins
        out.setdefault(doc.name, Source.of(doc, rules))
    return out


def assigned_owners(store: Store) -> Callable[[Statement], str | None]:
    """The owners assigned in ``store`` (``luoshi.accounts``: a table beside
    the documents of an SQL store), as a lookup for ``TrackIndex.owner_of``."""
    from luoshi.store.sql import SqlStore

    if not isinstance(store, SqlStore):
        return named_owner
    from luoshi.accounts import Accounts  # accounts build on track: imported when first needed
    from luoshi.accounts.ownership import owner_lookup

    return owner_lookup(Accounts(store).assigned_owners())


def link(statements: Iterable[Statement], sources: Mapping[str, Source] | Iterable[StoredDocument] = ()) -> list[Link]:
    """Every target among ``statements`` with the outcomes that settle it."""
    return TrackIndex.build(statements, sources).links()
