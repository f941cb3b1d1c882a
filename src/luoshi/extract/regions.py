"""Which region a figure is about: sentence, then paragraph, then document.

Region mentions come from the gazetteer; words in ``regions_context.yaml``
filter out destinations (赴山东), partners (融入长春都市圈) and national
comparisons (高于全国).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import cache

from luoshi.extract.structure import Structure
from luoshi.gazetteer import Gazetteer, Region
from luoshi.rules import load_yaml

NATION = "全国"


@dataclass(frozen=True)
class _Context:
    self_refs: re.Pattern[str]
    city_refs: frozenset[str]
    partner_before: tuple[str, ...]
    partner_inside_clause: tuple[str, ...]
    not_subject_after: tuple[str, ...]
    comparative_before: tuple[str, ...]
    anaphora: re.Pattern[str]


@cache
def _context() -> _Context:
    d = load_yaml("regions_context.yaml")
    refs = d["self_references"]
    alt = "|".join(sorted(refs["province"] + refs["prefecture"], key=len, reverse=True))
    return _Context(
        self_refs=re.compile(alt),
        city_refs=frozenset(refs["prefecture"]),
        partner_before=tuple(d["partner_before"]),
        partner_inside_clause=tuple(d["partner_inside_clause"]),
        not_subject_after=tuple(d["not_subject_after"]),
        comparative_before=tuple(d["national_comparative_before"]),
        anaphora=re.compile("|".join(d["anaphora"])),
    )


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    region: Region
    city_ref: bool = False


class RegionResolver:
    """Resolves the region of positions in one document."""

    def __init__(self, text: str, structure: Structure, doc_region: str | None) -> None:
        self.text = text
        self.structure = structure
        self.gazetteer = Gazetteer.default()
        mentions = [Mention(s, e, r) for s, e, r in self.gazetteer.find(text) if self._is_subject(s, e)]
        self.doc_region = self._document_region(doc_region, mentions)
        if self.doc_region is not None:
            taken = [(m.start, m.end) for m in mentions]
            c = _context()
            for m in c.self_refs.finditer(text):
                if not any(s <= m.start() < e for s, e in taken):
                    mentions.append(Mention(m.start(), m.end(), self.doc_region, m.group() in c.city_refs))
            mentions.sort(key=lambda m: m.start)
        self.mentions = mentions
        self.starts = [m.start for m in mentions]

    def _is_subject(self, s: int, e: int) -> bool:
        c = _context()
        before = self.text[max(0, s - 3) : s]
        after = self.text[e : e + 3]
        if before.endswith(c.partner_before) or after.startswith(c.not_subject_after):
            return False
        if before.endswith(c.partner_inside_clause) and self.structure.clause_start(s) < s - 1:
            return False
        # One of a list (呼和浩特、通辽2个…): the figure counts for the whole.
        return not (before.endswith("、") or after.startswith("、"))

    def _document_region(self, declared: str | None, mentions: list[Mention]) -> Region | None:
        if declared:
            return self.gazetteer.by_name(declared)
        provinces = Counter(code for m in mentions if (code := m.region.province_code) is not None)
        if not provinces:
            return None
        return self.gazetteer.by_code(provinces.most_common(1)[0][0])

    def resolve(self, pos: int, owner_region: Region | None = None, narrow: bool = False) -> Region | None:
        """Region of a figure starting at ``pos``. ``narrow`` keeps to the
        figure's own clause: a report's long paragraphs name many places
        whose figures are not the province's own."""
        st = self.structure
        sent = st.clause_start(pos) if narrow else st.sentence_start(pos)
        hit = self._last_before(sent, pos, national_from=st.clause_start(pos))
        if narrow:
            return hit or owner_region or self.doc_region
        if hit is None:
            para_start, _ = st.paragraph(pos)
            hit = self._last_before(para_start, sent, national_from=None)
        if hit is None and _context().anaphora.search(self.text, sent, pos):
            i = st.paragraph_index(pos)
            if i > 0:
                hit = self._last_before(st.para_starts[i - 1], st.para_starts[i], national_from=None)
        return hit or owner_region or self.doc_region

    def _last_before(self, lo: int, hi: int, national_from: int | None) -> Region | None:
        i = bisect_left(self.starts, hi) - 1
        while i >= 0 and self.mentions[i].start >= lo:
            m = self.mentions[i]
            if m.city_ref:
                return self._city_before(m.start) or m.region
            if m.region.code is not None:
                return m.region
            if national_from is not None and m.start >= national_from and not self._comparative(m.start):
                return m.region
            i -= 1
        return None

    def _city_before(self, pos: int) -> Region | None:
        """The city a 全市 refers to: the last city named earlier in its paragraph."""
        para_start, _ = self.structure.paragraph(pos)
        i = bisect_left(self.starts, pos) - 1
        while i >= 0 and self.mentions[i].start >= para_start:
            r = self.mentions[i].region
            if r.level == "prefecture" and not self.mentions[i].city_ref:
                return r
            i -= 1
        return None

    def _comparative(self, s: int) -> bool:
        return self.text[max(0, s - 2) : s].endswith(_context().comparative_before)

    def region_of_name(self, name: str) -> Region | None:
        """The region an organisation name begins with (兴安盟区域经济合作局)."""
        if self.doc_region is not None and _context().self_refs.match(name):
            return self.doc_region
        found = self.gazetteer.find(name)
        return found[0][2] if found and found[0][0] == 0 else None
