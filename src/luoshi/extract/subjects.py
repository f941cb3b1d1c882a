"""What a figure is about: the indicator named in its clause, carried over
from the clause before (、增长5.4%), handed out by a 分别 list, or named
from the text itself when the catalogue does not know it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from luoshi.extract.context import DocContext
from luoshi.extract.counted import name_after, said_after, slogan
from luoshi.extract.indicators import Family, alias_hits, elliptical_family
from luoshi.extract.listed import listed_name, shared_modifier, strip_list_tail
from luoshi.extract.naming import (
    clause_subject,
    comparison,
    is_lone_verb,
    is_measure_only,
    is_predicate_only,
    name_before,
    nominal,
    noun_phrase,
    only_verbs,
    opens_with_noun,
    sibling_before,
)
from luoshi.numbers import Quantity
from luoshi.rules import load_yaml
from luoshi.types import Measure

_LIST_BOUNDARY = re.compile(r"[，,。；;：:\n！？]")
_NAME_SPLIT = re.compile(r"、|和|与|及")
_CLAUSE_ENDS = frozenset("，,。；;、）)\n")
_NAMED_AFTER = ("大", "大类", "个", "项")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FIGURE_JOIN = re.compile(r"[0-9０-９][0-9０-９.%％]*[^0-9０-９，,。；;]{0,3}?[和及与、]")


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
    tail_end: int = -1  # where the name read after the figure ends; the next figure's words start there
    slogan: bool = False  # a numeral inside a quoted name (“四个十大”项目): the words after it are not its own
    own_name: str = ""  # a known family's figure the text names its own way (民间投资|占比)
    counts: str = ""  # the thing a count counts, without what is said about it (制度集成创新案例)


def subject_of(
    ctx: DocContext, q: Quantity, prev: Subject | None, since: int, cs: int, sent: int
) -> tuple[Subject, int]:
    """The figure's subject and the start of its evidence span. ``prev`` is
    the subject of the figure before, which ended at ``since``; ``cs`` and
    ``sent``: the starts of the figure's clause and sentence."""
    st, text = ctx.structure, ctx.text
    hit = ctx.first_alias(cs, q.start)
    if hit is not None:
        return Subject(hit.family, hit.family.name, hit.start, sent, name_end=hit.end), cs
    same = prev if prev is not None and prev.sentence == sent else None
    if same is not None and text[q.start - 1 : q.start] in ("（", "("):
        return same, cs  # 落地加工率58%，低于年度目标（45%）: the figure before's own
    counted = q.unit_class == "count" or q.stem in _NAMED_AFTER
    quoted = slogan(text, sent, q.start, q.end) if counted or q.chinese else None
    if quoted is not None:  # 持续开展‘四项行动’
        return Subject(None, quoted[0], cs, sent, tail=quoted[1], slogan=True), cs
    # Words after the figure before, in the same clause, are this one's (从11件|提高到24件).
    lo = max(cs, since, prev.tail_end) if prev is not None and not prev.slogan and since <= q.start else cs
    after = _counted(text, q, cs, lo) if counted else None
    # Whether the clause names nothing of its own: asked only where it decides.
    bare = _Lazy(lambda: after is None and _bare(ctx, lo, q.start))
    if after is None and same is not None:
        borrowed = _borrowed(ctx, q, same, counted, cs, lo, since, bare)
        if borrowed is not None:
            return borrowed
    unnamed_count = counted and after is None and _CJK.match(text, q.end) is not None
    named = ctx.last_alias(sent, cs) if after is None and not unnamed_count else None
    if named is not None and (bare() if lo == cs else _bare(ctx, cs, q.start)):
        # 固定资产投资破百亿元大关，增长25%: named in the clause before, with no figure read there.
        return Subject(named.family, named.family.name, named.start, sent, name_end=named.end), cs
    ends_clause = text[q.end : q.end + 1] in _CLAUSE_ENDS  # not 96.2%的养老机构…, 1%人口抽样调查
    if (
        ends_clause
        and q.unit_class == "percent"
        and prev is not None
        and prev.start >= st.paragraph(q.start)[0]
        and bare()
    ):
        # …生产总值增长5.5%。分季度看，一季度增长5.9%: the paragraph's subject goes on
        # (an amount or a count names its own: 完成1000所 of what follows).
        return prev, cs
    fam = elliptical_family(text, sent, cs, q.start)
    if fam is not None:
        return Subject(fam, fam.name, cs, sent), cs
    if after is not None:
        return Subject(None, after[0], cs, sent, tail=after[1], tail_end=q.end + after[1], counts=after[2]), cs
    name = _own_name(ctx, lo, q, same, since)
    if is_lone_verb(name):  # 建设47.8万亩|高标准农田: the verb's object follows the figure
        thing, covered, _ = name_after(text, q.end)
        if thing and opens_with_noun(thing):
            return Subject(None, name + thing, cs, sent, tail=covered, tail_end=q.end + covered), cs
    return Subject(None, name, cs, sent), cs


class _Lazy:
    """A yes-or-no worked out the first time it is asked."""

    __slots__ = ("_ask", "_answer")

    def __init__(self, ask: Callable[[], bool]) -> None:
        self._ask = ask
        self._answer: bool | None = None

    def __call__(self) -> bool:
        if self._answer is None:
            self._answer = self._ask()
        return self._answer


def _borrowed(
    ctx: DocContext, q: Quantity, prev: Subject, counted: bool, cs: int, lo: int, since: int, bare: _Lazy
) -> tuple[Subject, int] | None:
    """The subject of the figure before, for a figure whose own words name
    nothing (、增长5.4%; 从11件提高到24件; 82项获国家层面认可), with its span start."""
    st, text = ctx.structure, ctx.text
    if not (bare() or lo > cs and only_verbs(text[lo : q.start])):
        return None
    if counted and _CJK.match(text, q.end):
        # 82项|获国家层面认可: what is counted is the thing before, as the words after say;
        # 新增1个|经济总量近千亿: words after a count that name nothing leave it unnamed.
        said = said_after(text, q.end)
        thing = prev.counts or prev.name
        return (Subject(None, f"{said}的{thing}", cs, prev.sentence, counts=thing), cs) if said else None
    named = ctx.last_alias(max(since, prev.sentence), cs)
    if named is not None:  # 进出口总值较五年前翻了一番，达到2206亿元
        return Subject(named.family, named.family.name, named.start, prev.sentence, name_end=named.end), cs
    # The evidence is the figure's own clause (增长5.4%); only a clause
    # holding nothing but the figure (、5.5%左右) borrows the one before.
    return prev, st.previous_clause_start(cs) if q.start == cs else cs


def _counted(text: str, q: Quantity, cs: int, lo: int) -> tuple[str, int, str] | None:
    """The thing a count counts, named after its measure word (20个|对外开放口岸)."""
    # 华瑞集团、宝来利来集团等6家企业: the words before are examples, not a verb.
    own = text[lo : q.start]
    before = "" if own.rstrip().endswith("等") else text[cs : q.start]
    name, covered, thing = name_after(text, q.end, before, own)
    return (name, covered, thing) if name else None


def _own_name(ctx: DocContext, lo: int, q: Quantity, same: Subject | None, since: int) -> str:
    """The name the text gives a figure the catalogue does not know; ``same``
    is the subject of the figure before in the sentence, if any."""
    text = ctx.text
    compared = comparison(text[lo : q.start].lstrip("，,、；; "))
    if compared is not None:  # 高于全国0.8个百分点: the figure before, against the nation
        what, against = compared
        if not what and same is not None:
            what = same.name + ("增速" if same.measure_hint is Measure.GROWTH_PCT else "")
        return what + against if what else against
    name = name_before(text, lo, q.start)
    if is_measure_only(name):  # 财政民生支出突破万亿元、占比稳定在80%
        own_clause = same is not None and since >= ctx.structure.clause_start(q.start)
        owner = "" if own_clause else _previous_clause_subject(ctx, q, since)
        name = (owner or (same.name if same is not None else "")) + name
    return nominal(name, q.stem)


def _previous_clause_subject(ctx: DocContext, q: Quantity, since: int) -> str:
    """What the clause before the figure's own is about, when no figure
    there named it already."""
    st = ctx.structure
    cs = st.clause_start(q.start)
    pcs = st.previous_clause_start(cs)
    if pcs < st.sentence_start(q.start) or since > pcs:
        return ""
    return clause_subject(ctx.text[pcs:cs])


def _bare(ctx: DocContext, cs: int, pos: int) -> bool:
    """The clause before the figure names no subject of its own once the
    places, parts of the year and spans of time in it are set aside
    (其中洮南市增长12.4%, 其中9月份增长9.1%, 连续三年稳定在130亿斤以上)."""
    if is_predicate_only(ctx.text, cs, pos):
        return True
    spans = ctx.regions.spans_in(cs, pos) + ctx.periods.spans_in(cs, pos)
    if not spans and not _aside().search(ctx.text, cs, pos):
        return False  # nothing to set aside: the clause has its own words
    keep, at = [], cs
    for s, e in sorted(spans):
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
    pieces, start = _list_before(text, sent, at)
    earlier = text.rfind("分别", sent, start)
    if len(pieces) < 2 and earlier >= 0 and not text[start:at].strip():
        # A、B分别为X、Y，分别增长x、y: the second 分别 goes over the first one's list.
        pieces, start = _list_before(text, sent, earlier)
    if len(pieces) < 2:
        pieces = _expanded(pieces[0])
    if len(pieces) < 2:
        return []
    if pieces[0].startswith("第"):  # 第一、二、三产业: every item is an ordinal
        pieces = [p if p.startswith("第") else "第" + p for p in pieces]
    first = noun_phrase(pieces[0])
    return [_listed_subject(shared_modifier(first, name), pieces[-1], start, sent) for name in pieces]


def _list_before(text: str, sent: int, at: int) -> tuple[list[str], int]:
    """The items named before 分别 at ``at`` (A、B和C), and where they start."""
    start = sent
    for m in _LIST_BOUNDARY.finditer(text, sent, at):
        start = m.end()
    pieces, pos = [], start
    for m in _NAME_SPLIT.finditer(text, start, at):
        pieces.append(text[pos : m.start()].strip())
        pos = m.end()
    pieces.append(text[pos:at].strip())
    return pieces, start


@cache
def _shared_heads() -> tuple[str, ...]:
    return tuple(load_yaml("cues.yaml")["respectively_heads"])


@cache
def _counted_over() -> re.Pattern[str]:
    return re.compile(load_yaml("cues.yaml")["respectively_over"])


@cache
def _pairs() -> dict[str, list[str]]:
    return {k: list(v) for k, v in load_yaml("cues.yaml")["respectively_pairs"].items()}


def _expanded(name: str) -> list[str]:
    """城乡居民人均可支配收入分别…: a name that packs two subjects, unpacked
    (城镇居民…, 农村居民…) — unless the name says what the list is over
    (对两国进出口分别为…: one figure a country)."""
    if _counted_over().search(name):
        return [name]
    for packed, parts in _pairs().items():
        at = name.find(packed)
        if at >= 0:
            return [name[:at] + part + name[at + len(packed) :] for part in parts]
    return [name]


def _listed_subject(name: str, last: str, start: int, sent: int) -> Subject:
    # 城镇、农村居民人均可支配收入: a short name shares the long one's head.
    name, last = noun_phrase(name), noun_phrase(last)
    name = strip_list_tail(last) if name == last else listed_name(name, last, _shared_heads())
    hits = alias_hits(name)
    fam = hits[0].family if hits else None
    # 先进制造业、高技术制造业增加值占…比重: a figure the family has no id for keeps the listed name.
    return Subject(fam, fam.name if fam else name, start, sent, own_name=name if fam else "")


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
    # 新增高新技术企业6000家 is not how many there are: a sibling of the family, named by its text.
    own_family = found is not None and found.startswith("other:") and cs <= subject.start
    sibling = own_family and sibling_before(ctx.text[cs : subject.start])
    if found and not sibling:
        return found, fam.name
    # A known name, but not this figure of it (工业对经济增长的贡献率): say what the text says.
    counted = _counted(ctx.text, q, cs, cs) if q.unit_class == "count" else None
    lo = max((m.end() for m in _FIGURE_JOIN.finditer(ctx.text, cs, q.start)), default=cs)  # 32.4%和|27.6%
    own = counted[0] if counted else name_before(ctx.text, lo, q.start)
    if subject.start >= cs and (len(own) > len(fam.name) // 2 or sibling):
        subject.own_name = own  # 民间投资占比34%、提高1.3个百分点: the next figure is of this one
        return f"other:{own}", own
    name = subject.own_name or fam.name
    return f"other:{name}", name
