"""Which indicator a figure is about: the catalogue of indicator families and
their aliases (``indicators.yaml``), matched with one Aho-Corasick pass."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick_rs

from luoshi.frozen_init import fast_init
from luoshi.rules import load_yaml
from luoshi.rules.patterns import words_automaton
from luoshi.types import Measure


@dataclass(frozen=True)
class Family:
    """An indicator family: one thing measured, with an id per measure."""

    family: str
    name: str
    ids: dict[str, str]
    default: str | None
    percent_default: Measure | None
    aliases: tuple[str, ...]
    elliptical: tuple[tuple[str, tuple[str, ...]], ...] = ()
    head_only: frozenset[str] = frozenset()
    not_after: tuple[str, ...] = ()
    stems: frozenset[str] = frozenset()
    bare_unit: str | None = None

    def id_for(self, measure: Measure, stem: str) -> str | None:
        if self.stems and stem not in self.stems and measure in (Measure.LEVEL, Measure.COUNT):
            return None
        return self.ids.get(measure) or self.default  # a Measure is the str of its value


@fast_init
@dataclass(frozen=True, slots=True)
class AliasHit:
    start: int
    end: int
    family: Family


@cache
def families() -> tuple[Family, ...]:
    out = []
    for row in load_yaml("indicators.yaml"):
        ids = {m.value: row[m.value] for m in Measure if m.value in row}
        pd = row.get("percent_default")
        ell = row.get("elliptical")
        out.append(
            Family(
                row["family"],
                row["name"],
                ids,
                row.get("default"),
                Measure(pd) if pd else None,
                tuple(row["aliases"]),
                tuple((e["alias"], tuple(e["after"])) for e in ell or ()),
                frozenset(row.get("head_only", ())),
                tuple(row.get("not_after", ())),
                frozenset(row.get("stems", ())),
                row.get("bare_unit"),
            )
        )
    return tuple(out)


@cache
def _automaton() -> tuple[ahocorasick_rs.AhoCorasick, tuple[tuple[str, Family], ...]]:
    """The automaton of every alias, and (alias, family) by pattern index: an
    alias listed twice is the last family's."""
    by_alias = {alias: fam for fam in families() for alias in fam.aliases}
    # A DFA: every document's whole text is scanned, and for a few hundred
    # names it costs ~2 ms to build once and halves the scan (10 -> 5 ms over
    # the 31 provincial reports).
    return words_automaton(by_alias), tuple(by_alias.items())


def alias_hits(text: str) -> list[AliasHit]:
    """Leftmost-longest, non-overlapping alias mentions in ``text``."""
    auto, patterns = _automaton()
    out = []
    for i, start, end in auto.find_matches_as_indexes(text):
        alias, fam = patterns[i]
        if alias in fam.head_only and start > 0 and _in_compound(text[start - 1]):
            continue
        if fam.not_after and text[max(0, start - 8) : start].endswith(fam.not_after):
            continue
        out.append(AliasHit(start, end, fam))
    return out


_COMPOUND_OK = frozenset("区省市国州盟县旗的年月份度，、：:；（“")  # 11月份|进出口, 一季度|进出口


def _in_compound(before: str) -> bool:
    """A CJK character right before a generic head makes it part of another
    name (海洋|生产总值, 服务贸易|进出口); region words do not (全省|生产总值)."""
    return "\u4e00" <= before <= "\u9fff" and before not in _COMPOUND_OK


def elliptical_family(text: str, sentence_start: int, clause_start: int, pos: int) -> Family | None:
    """A family named only by its last word (增加值, 货运量) in a clause whose
    sentence named the rest of it earlier (规模以上工业企业达7.6万家、增加值…;
    口岸完成货运量…)."""
    if _elliptical_words().search(text, clause_start, pos) is None:
        return None  # most clauses: none of the words, told by one scan
    clause = text[clause_start:pos]
    for fam in _with_elliptical():
        for alias, after in fam.elliptical:
            at = clause.find(alias)
            if at < 0:
                continue
            # 口岸完成货运量: the rest is named in the clause itself; 增加值 opening
            # a clause: in the sentence before it.
            scope = text[sentence_start:clause_start] if at == 0 else clause[:at]
            if any(a in scope for a in after):
                return fam
    return None


@cache
def _elliptical_words() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(alias) for fam in _with_elliptical() for alias, _ in fam.elliptical))


@cache
def _with_elliptical() -> tuple[Family, ...]:
    """The few families named by a last word alone, looked at for every figure."""
    return tuple(fam for fam in families() if fam.elliptical)


def core_ids() -> set[str]:
    """Every indicator id the catalogue can produce that is not ``other:``."""
    ids: set[str] = set()
    for fam in families():
        ids.update(v for v in fam.ids.values() if not v.startswith("other:"))
        if fam.default and not fam.default.startswith("other:"):
            ids.add(fam.default)
    return ids
