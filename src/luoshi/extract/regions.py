"""Which region a figure is about: sentence, then paragraph, then document.

Region mentions come from the gazetteer; words in ``regions_context.yaml``
filter out destinations (赴山东), partners (融入长春都市圈) and national
comparisons (高于全国).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

import ahocorasick_rs

from luoshi.extract.document_region import document_region
from luoshi.extract.structure import Structure
from luoshi.frozen_init import fast_init
from luoshi.gazetteer import LEVELS, Gazetteer, Region
from luoshi.rules import load_yaml
from luoshi.rules.patterns import words_automaton

NATION = "全国"
_JOINERS = frozenset("、和与及")
_FIGURE_END = frozenset("0123456789%％)）")
_NOISY = frozenset(" \t\n\u3000（）()")
_NOISE = re.compile(r"[\s\u3000]+|[（(][\s\u3000]*[）)]")


@dataclass(frozen=True)
class _Context:
    self_refs: re.Pattern[str]  # for a name's start
    self_ref_words: ahocorasick_rs.AhoCorasick  # for a whole text
    ref_level: dict[str, str]  # self-reference word -> the level it names
    partner_before: tuple[str, ...]
    partner_inside_clause: tuple[str, ...]
    not_subject_after: tuple[str, ...]
    benchmark_before: tuple[str, ...]
    names_organisation: re.Pattern[str]
    comparative_before: tuple[str, ...]
    anaphora: re.Pattern[str]


@cache
def _context() -> _Context:
    d = load_yaml("regions_context.yaml")
    refs = d["self_references"]
    levels = {
        "province": "province",
        "province_only_in_own_documents": "own_province",
        "district_or_province": "district",
        "prefecture": "prefecture",
        "county": "county",
    }
    ref_level = {w: level for key, level in levels.items() for w in refs[key]}
    alt = "|".join(sorted(ref_level, key=len, reverse=True))
    return _Context(
        self_refs=re.compile(alt),
        self_ref_words=words_automaton(ref_level),
        ref_level=ref_level,
        partner_before=tuple(d["partner_before"]),
        partner_inside_clause=tuple(d["partner_inside_clause"]),
        not_subject_after=tuple(d["not_subject_after"]),
        benchmark_before=tuple(d["benchmark_before"]),
        names_organisation=re.compile(d["names_organisation"]),
        comparative_before=tuple(d["national_comparative_before"]),
        anaphora=re.compile("|".join(d["anaphora"])),
    )


@fast_init
@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    region: Region
    ref_level: str | None = None  # 全市/全旗 …: in a provincial text, a named place of that level


class RegionResolver:
    """Resolves the region of positions in one document."""

    def __init__(self, text: str, structure: Structure, declared: str | None, title: str | None = None) -> None:
        self.text = text
        self.structure = structure
        self.gazetteer = Gazetteer.default()
        named = self.gazetteer.find(text)
        # Every place named, subject or not (兴安盟、乌海市…): words that name no indicator.
        self.place_spans = [(s, e) for s, e, _ in named]
        self.place_starts = [s for s, _ in self.place_spans]
        found = [(s, e, r) for s, e, r in named if self._is_subject(s, e)]
        known = self.gazetteer.by_name(declared) if declared else None
        self.doc_region = document_region(text, title, known, found, self.gazetteer)
        mentions = [Mention(s, e, r) for s, e, r in found]
        if self.doc_region is not None:
            mentions.extend(self._self_references([(s, e) for s, e, _ in found]))
            mentions.sort(key=lambda m: m.start)
        self.mentions = mentions
        self.starts = [m.start for m in mentions]

    def _self_references(self, taken: list[tuple[int, int]]) -> list[Mention]:
        """全区, 全市, 全旗 …, each standing for the document's region at its
        level; ``taken``: the spans of named places, sorted."""
        c = _context()
        starts = [s for s, _ in taken]
        out = []
        for _, start, end in c.self_ref_words.find_matches_as_indexes(self.text):
            i = bisect_right(starts, start) - 1
            inside = i >= 0 and taken[i][1] > start  # 全区 inside 新城区 is that district's name
            if inside or not self._is_subject(start, end):
                continue
            level = c.ref_level[self.text[start:end]]
            region = self._own(level)
            if region is not None:
                out.append(Mention(start, end, region, level if level in ("prefecture", "county") else None))
        return out

    def _own(self, level: str) -> Region | None:
        """The document's own region at ``level``: itself, or the division it lies in."""
        doc = self.doc_region
        assert doc is not None
        gz = self.gazetteer
        province = gz.by_code(doc.province_code or "") if doc.code else doc
        if level == "own_province":
            return doc if doc.level == "province" else None
        if level == "province":
            return province
        if level == "district":
            return doc if doc.level == "county" and doc.name.endswith("区") else province
        if level == "prefecture" and doc.level == "county":
            return doc if doc.name.endswith("市") else gz.by_code(doc.parent or "") or doc
        return doc  # the document's own city or county (in a provincial text, see _named_before)

    def _is_subject(self, s: int, e: int) -> bool:
        c = _context()
        # Blanks and emptied brackets (copy noise set aside) stand between no words.
        before = self.text[max(0, s - 3) : s]
        if _NOISY.intersection(before):
            before = _NOISE.sub("", self.text[max(0, s - 12) : s])[-3:]
        after = self.text[e : e + 3]
        if before.endswith(c.partner_before) or after.startswith(c.not_subject_after):
            return False
        if before.endswith(c.benchmark_before) or c.names_organisation.match(self.text, e):
            return False  # 占全区的12%; 内蒙古北疆通汽车贸易有限公司
        if before.endswith(c.partner_inside_clause) and self.structure.clause_start(s) < s - 1:
            return False
        # One of a list of places (呼和浩特、通辽2个…): the figure counts for the
        # whole. After a figure (洮南市增长12.4%、大安市…; 巴彦淖尔市(增速25.2%)、赤峰市…)
        # a 、 lists clauses, each with its own place.
        listed = before.endswith("、") and not (len(before) > 1 and before[-2] in _FIGURE_END)
        return not (after.startswith("、") or listed)

    def resolve(
        self, pos: int, owner_region: Region | None = None, narrow: bool = False, clause: int | None = None
    ) -> Region | None:
        """Region of a figure starting at ``pos``. ``narrow`` keeps to the
        figure's own clause: a report's long paragraphs name many places
        whose figures are not the province's own. ``clause``: the start of
        that clause, when the caller knows it."""
        st = self.structure
        cs = st.clause_start(pos) if clause is None else clause
        sent = cs if narrow else st.sentence_start(pos)
        hit = self._opening(cs, pos) or self._last_before(sent, pos, national_from=cs)
        if narrow:
            # 阿尔山市接待游客623万人次，实现旅游收入74.6亿元: in a league's or a city's
            # text the place opening the clause before goes on (a province's
            # report names places as the sites of its own projects).
            local = self.doc_region is not None and self.doc_region.level != "province"
            # A ； ends what the place opened (其中大安市增长10.9%；固定资产投资…).
            carries = local and cs > st.sentence_start(pos) and self.text[cs - 1 : cs] not in "；;"
            if hit is None and carries:
                hit = self._opening(st.previous_clause_start(cs), cs)
            return hit or owner_region or self.doc_region
        if hit is None:
            para_start, _ = st.paragraph(pos)
            hit = self._last_before(para_start, sent, national_from=None)
        if hit is None and _context().anaphora.search(self.text, sent, pos):
            i = st.paragraph_index(pos)
            if i > 0:
                hit = self._last_before(st.para_starts[i - 1], st.para_starts[i], national_from=None)
        return hit or owner_region or self.doc_region

    def _opening(self, clause_start: int, pos: int) -> Region | None:
        """A place that opens a clause (其中赤峰市…, 广东累计投入广西…) is its
        subject, whatever other places the clause names after it."""
        i = bisect_left(self.starts, clause_start)
        if i >= len(self.mentions) or self.mentions[i].start >= pos:
            return None
        m = self.mentions[i]
        lead = self.text[clause_start : m.start].strip()
        if len(lead) > 2 or m.region.code is None or m.ref_level is not None:
            return None  # 其中 may come first; 全国 and 全市 keep their own rules
        return m.region

    def _last_before(self, lo: int, hi: int, national_from: int | None) -> Region | None:
        i = bisect_left(self.starts, hi) - 1
        while i >= 0 and self.mentions[i].start >= lo:
            m = self.mentions[i]
            if m.ref_level is not None and self._below_document(m.ref_level):
                return self._named_before(m.start, m.ref_level) or m.region
            if m.region.code is not None:
                return m.region
            if national_from is not None and m.start >= national_from and not self._comparative(m.start):
                return m.region
            i -= 1
        return None

    def _below_document(self, level: str) -> bool:
        """全县 in a league's text, 全市 in a province's: a place inside the document's."""
        doc = self.doc_region
        return doc is not None and LEVELS.index(level) > LEVELS.index(doc.level)

    def _named_before(self, pos: int, level: str) -> Region | None:
        """The place a 全市 or 全县 refers to in the text of a wider region:
        the last one of that level named earlier in its paragraph."""
        para_start, _ = self.structure.paragraph(pos)
        i = bisect_left(self.starts, pos) - 1
        while i >= 0 and self.mentions[i].start >= para_start:
            m = self.mentions[i]
            if m.region.level == level and m.ref_level is None:
                return m.region
            i -= 1
        return None

    def _comparative(self, s: int) -> bool:
        return self.text[max(0, s - 2) : s].endswith(_context().comparative_before)

    def spans_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Where places are named in ``text[lo:hi]`` (whether or not they are
        a figure's subject: 兴安盟、乌海市…), and the words for the document's
        own place (全市, 全区)."""
        out = []
        i = bisect_left(self.place_starts, lo)
        while i < len(self.place_spans) and self.place_spans[i][0] < hi:
            out.append((self.place_spans[i][0], min(self.place_spans[i][1], hi)))
            i += 1
        i = bisect_left(self.starts, lo)
        while i < len(self.mentions) and self.mentions[i].start < hi:
            out.append((self.mentions[i].start, min(self.mentions[i].end, hi)))
            i += 1
        return out

    def listed(self, lo: int, hi: int) -> list[Region]:
        """The places of a list right before 分别 (鄂尔多斯市、包头市和呼和浩特市分别…):
        the last run of two or more places in ``text[lo:hi]`` joined by 、和与及."""
        run: list[tuple[int, int, Region]] = []
        for s, e, r in self.gazetteer.find(self.text, lo, hi):
            if run and (self.text[run[-1][1] : s] in _JOINERS):
                run.append((s, e, r))
            else:
                run = [(s, e, r)]
        if len(run) < 2 or _JOINERS & set(self.text[run[-1][1] : hi]):
            return []  # 延边、通化游客人次和花费分别…: the list after the places is what 分别 hands out
        return [r for _, _, r in run]

    def region_of_name(self, name: str) -> Region | None:
        """The region an organisation name begins with (兴安盟区域经济合作局)."""
        ref = _context().self_refs.match(name)
        if self.doc_region is not None and ref is not None:
            return self._own(_context().ref_level[ref.group()]) or self.doc_region
        found = self.gazetteer.find(name)
        return found[0][2] if found and found[0][0] == 0 else None
