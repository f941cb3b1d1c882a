"""The link index: targets and outcomes grouped by key, in memory, and
the links computed from them (see ``luoshi.track.link`` for what a link is).

``TrackIndex`` groups statements by key in one pass; ``add_document``
updates the groups and recomputes only the links whose keys it touched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

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
# Reading a text costs a query: past this many documents to read, the store
# is first asked which documents say a cue word at all, and where.
SCREEN_AT = 20
# A cue further than this from a figure cannot be in its sentence.
SENTENCE_REACH = 200


@dataclass(frozen=True)
class TextSource:
    """Where document texts come from, for the sentence around a figure:
    ``text`` by document name, and optionally ``cue_offsets`` — for some
    words, every document saying one and where (a search, far cheaper than
    reading every text)."""

    text: Callable[[str], str | None]
    cue_offsets: Callable[[tuple[str, ...]], dict[str, list[int]]] | None = None


def sentence_around(text: str, start: int, end: int, ends: frozenset[str]) -> str:
    """The sentence holding ``text[start:end]``."""
    lo = start
    while lo > 0 and text[lo - 1] not in ends:
        lo -= 1
    hi = end
    while hi < len(text) and text[hi] not in ends:
        hi += 1
    return text[lo:hi]


@dataclass
class TrackIndex:
    """Targets and outcomes grouped by key, ready to link.

    ``outcomes`` and ``targets`` hold only statements of vouched documents,
    so that everything reading them (comparisons, charts, checks) sees only
    figures someone answers for; those of documents awaiting confirmation
    wait in ``unvouched`` and ``held``. ``owner_of`` says who answers for a
    target: the owner an admin assigned, else the one its document names."""

    sources: dict[str, Source]
    texts: TextSource | None = None
    rules: TrackRules = field(default_factory=track_rules)
    targets: dict[Key, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    outcomes: dict[Key, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    owner_of: Callable[[Statement], str | None] = named_owner
    unvouched: dict[Key, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    held: dict[Key, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    _preliminary: dict[tuple[str, int, int], bool] = field(default_factory=dict)
    _cues: dict[str, list[int]] | None = None  # cue word offsets by document, once screened
    _unscreened: set[str] = field(default_factory=set)  # documents added since

    # -- building ------------------------------------------------------------
    @classmethod
    def build(
        cls, statements: Iterable[Statement], sources: Mapping[str, Source] | Iterable[StoredDocument] = (),
        texts: TextSource | None = None, owner_of: Callable[[Statement], str | None] = named_owner,
    ) -> TrackIndex:  # fmt: skip
        """Group ``statements`` in one pass; ``sources`` are the documents'
        metadata (by name, or the stored documents themselves)."""
        index = cls(_sources(sources), texts, owner_of=owner_of)
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
            return cls.build(statements, docs, store_texts(store, docs), owner_of)

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
        every target it may change (its own and those of its keys). A
        StoredDocument with its text spares reading the text back."""
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
        if isinstance(doc, StoredDocument) and doc.text:
            self._decide_preliminary(doc.text, [s for s in statements if s.kind is Kind.ACTUAL])
        elif self._cues is not None:
            self._unscreened.add(source.name)
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
            self._preliminary.pop((s.doc, s.start, s.end), None)
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
            raw = [(t, self.candidates(t)) for t in chosen]
            self.mark_preliminary(s for _, cands in raw for s in cands)
            return [self._link(t, cands) for t, cands in raw]

    def link(self, target: Statement) -> Link:
        return self.links([target])[0]

    def links_with(self, pairs: Sequence[tuple[Statement, list[Statement]]]) -> list[Link]:
        """The link of each target with the outcomes given for it: those of
        every statement of one target (``luoshi.track.same_target``)."""
        with no_gc():
            self.mark_preliminary(s for _, cands in pairs for s in cands)
            return [self._link(t, cands) for t, cands in pairs]

    def candidates(self, t: Statement) -> list[Statement]:
        """The outcomes that may settle ``t``, or would once their documents
        are confirmed, unordered (``links`` orders and sorts them)."""
        if t.in_name:
            return []
        key = key_of(t)
        if key is None:
            return []
        group = self.outcomes.get(key, [])
        waiting = self.unvouched.get(key)
        if waiting:
            group = group + waiting
        if not group:
            return []
        if is_commitment(t):
            # a report that it is done names this very task: whenever it came
            return [a for a in group if is_completion(a) and within(a.period, t.period)]
        src = self.source(t.doc)
        want = variant(t, self.rules)
        return [
            a
            for a in group
            if within(a.period, t.period)
            and a.doc != t.doc
            and a.cumulative == t.cumulative
            and (a.base_unit == t.base_unit or a.base_unit is None or t.base_unit is None)
            and is_later(self.source(a.doc), src)
            and variant(a, self.rules) == want
        ]

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
        flag = self._preliminary.get((s.doc, s.start, s.end))
        if flag is None:
            self.mark_preliminary([s])
            flag = self._preliminary[(s.doc, s.start, s.end)]
        return Evidence(s, self.source(s.doc), flag)

    # -- outcomes without a target ---------------------------------------------
    def reported(self, region: str, indicator: str, measure: str, period: str) -> list[Evidence]:
        """Every outcome for exactly this figure, best first (versions, projections)."""
        group = self.outcomes.get((region, indicator, measure, split(period)[0]), [])
        found = [a for a in group if a.period == period]
        self.mark_preliminary(found)
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

    # -- preliminary figures -----------------------------------------------------
    def mark_preliminary(self, statements: Iterable[Statement]) -> None:
        """Decide, for each statement not yet decided, whether its sentence
        says 预计/初步核算/快报 — reading each document's text at most once."""
        says = _cue_pattern(self.rules.preliminary_cues).search
        pending: dict[str, list[Statement]] = defaultdict(list)
        for s in statements:
            k = (s.doc, s.start, s.end)
            if k in self._preliminary:
                continue
            if says(s.quote):
                self._preliminary[k] = True
            elif self.texts is None or self.source(s.doc).loader == "stats":
                self._preliminary[k] = False  # a statistics row's sentence is its line, the quote
            else:
                pending[s.doc].append(s)
        if len(pending) > SCREEN_AT:
            self._screen(pending)
        for name, group in pending.items():
            text = self.texts.text(name) if self.texts else None
            self._decide_preliminary(text, group)

    def _screen(self, pending: dict[str, list[Statement]]) -> None:
        """Settle, without reading texts, the statements no cue word is near."""
        if self.texts is None or self.texts.cue_offsets is None:
            return
        if self._cues is None:
            self._cues = self.texts.cue_offsets(self.rules.preliminary_cues)
        for name in list(pending):
            if name in self._unscreened:
                continue
            offsets = self._cues.get(name, [])
            near = []
            for s in pending[name]:
                lo, hi = s.start - SENTENCE_REACH, s.end + SENTENCE_REACH
                if any(lo <= at <= hi for at in offsets):
                    near.append(s)
                else:
                    self._preliminary[(s.doc, s.start, s.end)] = False
            if near:
                pending[name] = near
            else:
                del pending[name]

    def _decide_preliminary(self, text: str | None, statements: Iterable[Statement]) -> None:
        says, ends = _cue_pattern(self.rules.preliminary_cues).search, self.rules.sentence_ends
        for s in statements:
            k = (s.doc, s.start, s.end)
            if text is None or text[s.start : s.end] != s.quote:
                self._preliminary[k] = bool(says(s.quote))
            else:
                self._preliminary[k] = bool(says(sentence_around(text, s.start, s.end, ends)))


@lru_cache(maxsize=8)
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, cues)))


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


def store_texts(store: Store, docs: Iterable[StoredDocument] | None = None) -> TextSource:
    """Document texts from a store, read by id (a name costs a scan), and
    the store's search to find cue words."""
    ids: dict[str, str] = {}
    for d in store.documents() if docs is None else docs:
        ids.setdefault(d.name, d.id)

    def text_of(name: str) -> str | None:
        doc = store.document(ids.get(name, name))
        return doc.text if doc is not None else None

    def cue_offsets(words: tuple[str, ...]) -> dict[str, list[int]]:
        found: dict[str, list[int]] = defaultdict(list)
        for word in words:
            for hit in store.search(word, limit=2**62):
                found[hit.name].append(hit.start)
        return dict(found)

    return TextSource(text_of, cue_offsets)


def link(
    statements: Iterable[Statement], sources: Mapping[str, Source] | Iterable[StoredDocument] = (),
    texts: TextSource | None = None,
) -> list[Link]:  # fmt: skip
    """Every target among ``statements`` with the outcomes that settle it."""
    return TrackIndex.build(statements, sources, texts).links()
