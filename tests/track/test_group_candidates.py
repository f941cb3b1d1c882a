"""The outcomes that may settle a target stated by several documents are
found for all its statements at once; they must be exactly the outcomes
that settle one of them, by the rule of ``luoshi.track.link``: the same
key, a period within the target's, another and later document, the same
way of counting, units that may be compared."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from track_samples import figure

from luoshi.track.link_index import TrackIndex
from luoshi.track.periods import within
from luoshi.track.ranking import Source, is_later
from luoshi.types import Kind, Statement

DAY0 = date(2025, 1, 1)
DOCS = 6
PERIODS = ("2025", "2025-10", "2025-H2")
UNITS = ("吨", "元", None)


def settles(a: Statement, t: Statement, sources: dict[str, Source]) -> bool:
    """The rule for one target statement and one outcome, written out."""
    return (
        within(a.period, t.period)
        and a.doc != t.doc
        and a.cumulative == t.cumulative
        and (a.base_unit == t.base_unit or a.base_unit is None or t.base_unit is None)
        and is_later(sources[a.doc], sources[t.doc])
    )


def statement(kind: Kind, doc: int, period: str, unit: str | None, cumulative: bool, start: int) -> Statement:
    s = figure(1.3, kind=kind, doc=f"d{doc}.txt", period=period, start=start, cumulative=cumulative)
    return replace(s, base_unit=unit)


figures = st.tuples(
    st.integers(0, DOCS - 1), st.sampled_from(PERIODS), st.sampled_from(UNITS), st.booleans()
)  # fmt: skip
published = st.lists(st.one_of(st.none(), st.integers(0, 400)), min_size=DOCS, max_size=DOCS)


@settings(max_examples=300, deadline=None)
@given(published, st.lists(figures, min_size=1, max_size=6), st.lists(figures, max_size=8), st.booleans())
def test_the_outcomes_of_a_restated_target_are_those_settling_any_of_its_statements(days, targets, outcomes, stats):
    sources = {
        f"d{i}.txt": Source(f"d{i}.txt", published=None if d is None else DAY0 + timedelta(days=d))
        for i, d in enumerate(days)
    }
    if stats:  # a statistics import is later than any document
        sources["d0.txt"] = Source("d0.txt", published=sources["d0.txt"].published, loader="stats")
    ts = [statement(Kind.TARGET, *f, start=10 * i) for i, f in enumerate(targets)]
    actuals = [statement(Kind.ACTUAL, *f, start=1000 + 10 * i) for i, f in enumerate(outcomes)]
    index = TrackIndex.build([*ts, *actuals], sources)
    found = index.candidates_of_any(ts)
    expected = [a for a in actuals if any(settles(a, t, sources) for t in ts)]
    assert sorted(a.start for a in found) == sorted(a.start for a in expected)
    assert len({id(a) for a in found}) == len(found)  # each once
