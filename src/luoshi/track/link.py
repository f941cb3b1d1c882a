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

Links are computed from statements and document metadata only — a pure
function, recomputed whenever documents arrive, never a list kept by hand:

    >>> index = TrackIndex.from_store(store)                  # doctest: +SKIP
    >>> [link.chosen for link in index.links()]               # doctest: +SKIP

``TrackIndex`` groups statements by key in one pass; ``add_document``
updates the groups and recomputes only the links whose keys it touched.
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from luoshi.store import StatementQuery, Store, StoredDocument
from luoshi.track.figures import agree, variant
from luoshi.track.periods import share_elapsed, split, within, year_before
from luoshi.track.rules import TrackRules, track_rules
from luoshi.types import Kind, Statement

# region, indicator, measure, the year (or span) of the period
Key = tuple[str, str, str, str]
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


@dataclass(frozen=True, slots=True)
class Source:
    """A document as linking sees it: when it appeared and how much it counts."""

    name: str
    title: str | None = None
    published: date | None = None
    id: str | None = None
    ingested_at: datetime | None = None
    loader: str = "text"
    rank: int = 1
    authority: str = ""

    @classmethod
    def of(cls, doc: StoredDocument, rules: TrackRules | None = None) -> Source:
        rank, authority = authority_of(doc.name, doc.title, doc.loader, rules or track_rules())
        return cls(doc.name, doc.title, doc.published, doc.id, doc.ingested_at, doc.loader, rank, authority)

    @classmethod
    def unknown(cls, name: str, rules: TrackRules | None = None) -> Source:
        """A statement whose document is not among the known ones."""
        rank, authority = authority_of(name, None, "text", rules or track_rules())
        return cls(name, rank=rank, authority=authority)


def authority_of(name: str, title: str | None, loader: str, rules: TrackRules) -> tuple[int, str]:
    """(rank, name) of the first authority entry a document matches."""
    for a in rules.authorities:
        if a.loader is not None and a.loader != loader:
            continue
        if a.title_contains and not any(w in name or w in (title or "") for w in a.title_contains):
            continue
        return a.rank, a.name
    raise AssertionError("status.yaml's authority list ends with a catch-all")


def is_later(outcome: Source, target: Source) -> bool:
    """Whether an outcome's document may report on a target's: statistics
    always; otherwise published after it, or either date unknown."""
    if outcome.loader == "stats":
        return True
    if outcome.published is None or target.published is None:
        return True
    return outcome.published > target.published


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

    @property
    def chosen(self) -> Evidence | None:
        return self.candidates[0] if self.candidates else None

    @property
    def conflict(self) -> bool:
        return bool(self.conflicts)


def key_of(s: Statement) -> Key | None:
    if s.indicator is None or s.measure is None or s.value is None:
        return None
    # a StrEnum member is its value as a str: no .value lookup needed
    return (s.region, s.indicator, s.measure, split(s.period)[0])


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
    """Targets and outcomes grouped by key, ready to link."""

    sources: dict[str, Source]
    texts: TextSource | None = None
    rules: TrackRules = field(default_factory=track_rules)
    targets: dict[Key, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    outcomes: dict[Key, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    _preliminary: dict[tuple[str, int, int], bool] = field(default_factory=dict)
    _cues: dict[str, list[int]] | None = None  # cue word offsets by document, once screened
    _unscreened: set[str] = field(default_factory=set)  # documents added since

    # -- building ------------------------------------------------------------
    @classmethod
    def build(
        cls, statements: Iterable[Statement], sources: Mapping[str, Source] | Iterable[StoredDocument] = (),
        texts: TextSource | None = None,
    ) -> TrackIndex:  # fmt: skip
        """Group ``statements`` in one pass; ``sources`` are the documents'
        metadata (by name, or the stored documents themselves)."""
        index = cls(_sources(sources), texts)
        index.add(statements)
        return index

    @classmethod
    def from_store(cls, store: Store, *, regions: Sequence[str] | None = None) -> TrackIndex:
        """Everything a store holds, or — for speed, since links never cross
        regions — only the statements of ``regions``."""
        docs = store.documents()
        with no_gc():  # a million records allocated at once: collections only slow it down
            if regions is None:
                statements: Iterable[Statement] = store.iter_statements()
            else:
                statements = (s for r in regions for s in store.statements(StatementQuery(region=r)))
            return cls.build(statements, docs, store_texts(store, docs))

    def add(self, statements: Iterable[Statement]) -> set[Key]:
        """Group more statements; returns the keys they touched."""
        touched: set[Key] = set()
        targets, outcomes, event, target = self.targets, self.outcomes, Kind.EVENT, Kind.TARGET
        years: dict[str, str] = {}
        for s in statements:
            if s.kind is event or s.indicator is None or s.measure is None or s.value is None:
                continue
            year = years.get(s.period)
            if year is None:
                year = years[s.period] = split(s.period)[0]
            key = (s.region, s.indicator, s.measure, year)
            if s.kind is target:
                targets[key].append(s)
            elif not s.in_name:
                outcomes[key].append(s)
            touched.add(key)
        return touched

    def add_document(self, doc: StoredDocument | Source, statements: Sequence[Statement]) -> list[Link]:
        """A document arrived: group its statements and return the links of
        every target it may change (its own and those of its keys). A
        StoredDocument with its text spares reading the text back."""
        source = doc if isinstance(doc, Source) else Source.of(doc, self.rules)
        self.sources[source.name] = source
        if isinstance(doc, StoredDocument) and doc.text:
            self._decide_preliminary(doc.text, [s for s in statements if s.kind is Kind.ACTUAL])
        elif self._cues is not None:
            self._unscreened.add(source.name)
        touched = self.add(statements)
        # an outcome for year Y also feeds the projections of year Y+1
        touched |= {(r, i, m, str(int(y) + 1)) for r, i, m, y in touched if y.isdigit()}
        return self.links(t for key in touched for t in self.targets.get(key, ()))

    def remove(self, statements: Iterable[Statement]) -> list[Link]:
        """Forget statements that are no longer evidence (a corrected or
        withdrawn progress report's); returns the links of every target
        they may have changed, as ``add_document`` does."""
        touched: set[Key] = set()
        for s in statements:
            key = key_of(s)
            if key is None:
                continue
            for groups in (self.targets, self.outcomes):
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

    def candidates(self, t: Statement) -> list[Statement]:
        """The outcomes that may settle ``t``, unordered (``links`` orders them)."""
        if t.in_name:
            return []
        key = key_of(t)
        group = self.outcomes.get(key) if key else None
        if not group:
            return []
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

    def _link(self, t: Statement, cands: list[Statement]) -> Link:
        evidence = [self.evidence(a) for a in cands]
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
        return Link(t, self.source(t.doc), tuple(evidence), conflicts, trackable=not t.in_name)

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


@contextmanager
def no_gc() -> Iterator[None]:
    """Cyclic garbage collection paused while records are made by the
    hundred thousand: none of them form cycles, and each collection would
    walk every record already made."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _sources(given: Mapping[str, Source] | Iterable[StoredDocument]) -> dict[str, Source]:
    if isinstance(given, Mapping):
        return dict(given)
    rules = track_rules()
    out: dict[str, Source] = {}
    for doc in given:  # newest first from Store.documents(): the newest of a name wins
        out.setdefault(doc.name, Source.of(doc, rules))
    return out


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
