"""Outcome or goal: whether a figure reports the past or sets a target."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from luoshi.extract.periods import YearMention
from luoshi.extract.structure import Structure, Zone
from luoshi.rules import load_yaml
from luoshi.rules.patterns import scanning
from luoshi.types import Kind


@cache
def _target_cue() -> re.Pattern[str]:
    return scanning("|".join(f"(?:{c['pattern']})" for c in load_yaml("cues.yaml")["target"]))


@cache
def _goal_bounds() -> tuple[tuple[str, ...], tuple[str, ...]]:
    d = load_yaml("cues.yaml")["goal_bounds"]
    return tuple(d["prefix"]), tuple(d["suffix"])


def goal_bound(figure: str, ranged: bool) -> bool:
    """The figure as written (控制在3%以内, 5%左右, 4.5%-5%) bounds a value the
    way goals are set."""
    prefix, suffix = _goal_bounds()
    return ranged or figure.startswith(prefix) or figure.endswith(suffix)


@cache
def _progress_cue() -> re.Pattern[str]:
    return scanning("|".join(f"(?:{p})" for p in load_yaml("cues.yaml")["progress"]))


class KindResolver:
    def __init__(self, text: str, structure: Structure) -> None:
        self.structure = structure
        progress = [(m.start(), m.end()) for m in _progress_cue().finditer(text)]
        self.progress = [s for s, _ in progress]
        # 完成年度计划的75%: the 计划 inside a progress phrase sets no goal.
        cues = map(re.Match.start, _target_cue().finditer(text))
        self.cues = [c for c in cues if not _inside(c, progress)] if progress else list(cues)

    def _cue_between(self, lo: int, hi: int) -> bool:
        i = bisect_left(self.cues, lo)
        return i < len(self.cues) and self.cues[i] < hi

    def resolve(
        self,
        pos: int,
        zone: Zone,
        year: YearMention | None,
        doc_year: int | None,
        figure: str = "",
        ranged: bool = False,
    ) -> tuple[Kind, str]:
        """The kind and the id of the rule that decided it. ``figure``: the
        figure as written, ``ranged``: whether it is a range; a bound or an
        approximation (左右, 以上, a range) is the way goals are set and
        outcomes rarely reported, asked only where nothing else decides."""
        if year is not None and doc_year is not None and not year.future_bound and year.year < doc_year:
            return Kind.ACTUAL, "kind.past_year"
        if self._progress_before(pos):
            return Kind.ACTUAL, "kind.progress"
        if zone in (Zone.REVIEW_YEAR, Zone.REVIEW_MULTI_YEAR):
            future = year is not None and doc_year is not None and year.year >= doc_year
            if future and self._cue_between(self.structure.sentence_start(pos), pos):
                return Kind.TARGET, "kind.cue_in_review"
            return Kind.ACTUAL, "kind.review_section"
        if zone in (Zone.PLAN_YEAR, Zone.PLAN_MULTI_YEAR):
            return Kind.TARGET, "kind.plan_section"
        if self._cue_before(pos):
            return Kind.TARGET, "kind.target_cue"
        if goal_bound(figure, ranged):
            return Kind.TARGET, "kind.bounded_figure"
        return Kind.ACTUAL, "kind.default_actual"

    def _progress_before(self, pos: int) -> bool:
        """Progress against a plan (完成年度计划投资的22.4%, 已突破18000列) earlier in
        the sentence, with no goal set after it: an outcome, and so are the
        clauses that follow it."""
        st = self.structure
        i = bisect_left(self.progress, pos) - 1
        if i < 0 or self.progress[i] < st.sentence_start(pos):
            return False
        p = self.progress[i]
        return not self._cue_between(p, pos) and not self._cue_between(st.clause_start(p), p)

    def _cue_before(self, pos: int) -> bool:
        """A cue earlier in the sentence, or in the paragraph's opening
        sentence (自治区商务厅相关负责人表示，要…)."""
        st = self.structure
        if self._cue_between(st.sentence_start(pos), pos):
            return True
        para_start, _ = st.paragraph(pos)
        return self._cue_between(para_start, min(st.sentence_end(para_start), pos))


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect_left(spans, (pos + 1,)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]
