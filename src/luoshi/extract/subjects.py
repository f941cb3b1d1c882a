"""What a figure is about: the indicator named in its clause, carried over
from the clause before (、增长5.4%), handed out by a 分别 list, or named
from the text itself when the catalogue does not know it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from luoshi.extract.context import DocContext
from luoshi.extract.indicators import Family, alias_hits, elliptical_family
from luoshi.extract.naming import is_predicate_only, name_after, name_before
from luoshi.numbers import Quantity
from luoshi.rules import load_yaml
from luoshi.types import Measure

_LIST_BOUNDARY = re.compile(r"[，,。；;：:\n！？]")
_NAME_SPLIT = re.compile(r"、|和|与|及")
_CLAUSE_ENDS = frozenset("，,。；;、）)\n")
_NAMED_AFTER = ("大", "大类", "个", "项")


@cache
def _increment() -> re.Pattern[str]:
    return re.compile(load_yaml("cues.yaml")["increment_before"])  # 八大产业, 六个倍增计划: the noun follows


@dataclass(slots=True)
class Subject:
    """What a figure is about, carried to the next figure of a sentence
    when that one has no subject of its own (、增长5.4%)."""

    family: Family | None
    name: str
    start: int
    sentence: int
    measure_hint: Measure | None = None
    tail: int = 0  # characters of the name that follow the figure (20个|对外开放口岸)
    name_end: int = -1  # end of the alias that named it; growth words are looked for after it


def subject_of(ctx: DocContext, q: Quantity, prev: Subject | None, since: int) -> tuple[Subject, int]:
    """The figure's subject and the start of its evidence span. ``prev`` is
    the subject of the figure before, which ended at ``since``."""
    st, text = ctx.structure, ctx.text
    cs = st.clause_start(q.start)
    sent = st.sentence_start(q.start)
    hit = ctx.first_alias(cs, q.start)
    if hit is not None:
        return Subject(hit.family, hit.family.name, hit.start, sent, name_end=hit.end), cs
    bare = _bare(ctx, cs, q.start)
    if prev is not None and prev.sentence == sent and bare:
        named = ctx.last_alias(max(since, sent), cs)
        if named is not None:  # 进出口总值较五年前翻了一番，达到2206亿元
            return Subject(named.family, named.family.name, named.start, sent, name_end=named.end), cs
        # The evidence is the figure's own clause (增长5.4%); only a clause
        # holding nothing but the figure (、5.5%左右) borrows the one before.
        return prev, st.previous_clause_start(cs) if q.start == cs else cs
    if bare and (named := ctx.last_alias(sent, cs)) is not None:
        # 固定资产投资破百亿元大关，增长25%: named in the clause before, with no figure read there.
        return Subject(named.family, named.family.name, named.start, sent, name_end=named.end), cs
    ends_clause = text[q.end : q.end + 1] in _CLAUSE_ENDS  # not 96.2%的养老机构…, 1%人口抽样调查
    if (
        bare
        and ends_clause
        and q.unit_class == "percent"
        and prev is not None
        and prev.start >= st.paragraph(q.start)[0]
    ):
        # …生产总值增长5.5%。分季度看，一季度增长5.9%: the paragraph's subject goes on
        # (an amount or a count names its own: 完成1000所 of what follows).
        return prev, cs
    fam = elliptical_family(text, sent, cs, q.start)
    if fam is not None:
        return Subject(fam, fam.name, cs, sent), cs
    if q.unit_class == "count" and not q.chinese or q.stem in _NAMED_AFTER:
        after = name_after(text, q.end)
        if after:
            return Subject(None, after, cs, sent, tail=len(after)), cs
    return Subject(None, name_before(text, cs, q.start), cs, sent), cs


def _bare(ctx: DocContext, cs: int, pos: int) -> bool:
    """The clause before the figure names no subject of its own once the
    places, parts of the year and spans of time in it are set aside
    (其中洮南市增长12.4%, 其中9月份增长9.1%, 连续三年稳定在130亿斤以上)."""
    if is_predicate_only(ctx.text, cs, pos):
        return True
    keep, at = [], cs
    for s, e in sorted(ctx.regions.spans_in(cs, pos) + ctx.periods.spans_in(cs, pos)):
        keep.append(ctx.text[at:s])
        at = max(at, e)
    keep.append(ctx.text[at:pos])
    rest = _aside().sub("", "".join(keep))
    return len(rest) < pos - cs and is_predicate_only(rest, 0, len(rest))


@cache
def _aside() -> re.Pattern[str]:
    return re.compile(load_yaml("cues.yaml")["subject_aside"])


def respectively(ctx: DocContext, q: Quantity) -> list[Subject]:
    """Subjects of 'A、B分别增长5%、6%', in order; empty when the figure
    does not open such a list."""
    text, st = ctx.text, ctx.structure
    cs = st.clause_start(q.start)
    sent = st.sentence_start(q.start)
    at = text.find("分别", cs, q.start)
    if at < 0:
        return []
    start = sent
    for m in _LIST_BOUNDARY.finditer(text, sent, at):
        start = m.end()
    pieces, pos = [], start
    for m in _NAME_SPLIT.finditer(text, start, at):
        pieces.append(text[pos : m.start()].strip())
        pos = m.end()
    pieces.append(text[pos:at].strip())
    if len(pieces) < 2:
        pieces = _expanded(pieces[0])
    if len(pieces) < 2:
        return []
    return [_listed_subject(name, pieces[-1], start, sent) for name in pieces]


@cache
def _shared_heads() -> tuple[str, ...]:
    return tuple(load_yaml("cues.yaml")["respectively_heads"])


@cache
def _pairs() -> dict[str, list[str]]:
    return {k: list(v) for k, v in load_yaml("cues.yaml")["respectively_pairs"].items()}


def _expanded(name: str) -> list[str]:
    """城乡居民人均可支配收入分别…: a name that packs two subjects, unpacked
    (城镇居民…, 农村居民…)."""
    for packed, parts in _pairs().items():
        at = name.find(packed)
        if at >= 0:
            return [name[:at] + part + name[at + len(packed) :] for part in parts]
    return [name]


def _listed_subject(name: str, last: str, start: int, sent: int) -> Subject:
    if len(name) < len(last) and len(name) <= 3:
        # 城镇、农村居民人均可支配收入: the short name shares the long one's head
        # (城镇和农村牧区常住居民…: the head after the other's own modifier).
        head = next((last[i:] for w in _shared_heads() if (i := last.find(w)) > 0), last[len(name) :])
        name += head
    hits = alias_hits(name)
    fam = hits[0].family if hits else None
    return Subject(fam, fam.name if fam else name, start, sent)


def indicator_of(ctx: DocContext, subject: Subject, q: Quantity, measure: Measure, cs: int) -> tuple[str, str]:
    """The indicator id and name: the catalogue's id for this measure, or
    the project's own ``other:<name>``."""
    fam = subject.family
    if fam is None:
        name = subject.name or "未命名指标"
        return f"other:{name}", name
    if measure in (Measure.LEVEL, Measure.COUNT) and _increment().search(ctx.text, max(cs, subject.name_end), q.start):
        return f"other:{fam.name}增量", f"{fam.name}增量"
    found = fam.id_for(measure, q.stem)
    if found:
        return found, fam.name
    # A known name, but not this figure of it (工业对经济增长的贡献率): say what the text says.
    own = name_before(ctx.text, cs, q.start)
    if subject.start >= cs and len(own) > len(fam.name) // 2:
        return f"other:{own}", own
    return f"other:{fam.name}", fam.name
