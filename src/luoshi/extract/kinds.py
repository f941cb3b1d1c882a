"""Outcome or goal: whether a figure reports the past or sets a target."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from luoshi.extract.periods import YearMention
from luoshi.extract.structure import Structure, Zone
from luoshi.rules import load_yaml
from luoshi.types import Kind


@cache
def _target_cue() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{c['pattern']})" for c in load_yaml("cues.yaml")["target"]))


class KindResolver:
    def __init__(self, text: str, structure: Structure) -> None:
        self.structure = structure
        self.cues = [m.start() for m in _target_cue().finditer(text)]

    def _cue_between(self, lo: int, hi: int) -> bool:
        i = bisect_left(self.cues, lo)
        return i < len(self.cues) and self.cues[i] < hi

    def resolve(
        self, pos: int, zone: Zone, year: YearMention | None, doc_year: int | None, bounded: bool = False
    ) -> tuple[Kind, str]:
        """The kind and the id of the rule that decided it. ``bounded``: the
        figure is a bound or an approximation (左右, 以上, a range), the way
        goals are set and outcomes rarely reported."""
        if year is not None and doc_year is not None and not year.future_bound and year.year < doc_year:
            return Kind.ACTUAL, "kind.past_year"
        if zone in (Zone.REVIEW_YEAR, Zone.REVIEW_MULTI_YEAR):
            future = year is not None and doc_year is not None and year.year >= doc_year
            if future and self._cue_between(self.structure.sentence_start(pos), pos):
                return Kind.TARGET, "kind.cue_in_review"
            return Kind.ACTUAL, "kind.review_section"
        if zone in (Zone.PLAN_YEAR, Zone.PLAN_MULTI_YEAR):
            return Kind.TARGET, "kind.plan_section"
        if self._cue_before(pos):
            return Kind.TARGET, "kind.target_cue"
        if bounded:
            return Kind.TARGET, "kind.bounded_figure"
        return Kind.ACTUAL, "kind.default_actual"

    def _cue_before(self, pos: int) -> bool:
        """A cue earlier in the sentence, or in the paragraph's opening
        sentence (自治区商务厅相关负责人表示，要…)."""
        st = self.structure
        if self._cue_between(st.sentence_start(pos), pos):
            return True
        para_start, _ = st.paragraph(pos)
        return self._cue_between(para_start, min(st.sentence_end(para_start), pos))
