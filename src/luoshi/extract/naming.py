"""Names for figures the catalogue does not know, taken from the text: here
the noun phrase before the figure (煤炭产量|突破8亿吨); ``counted`` reads the
thing a count counts after its measure word (20个|对外开放口岸) and
``listed`` the items of a 分别 list.

Word boundaries and parts of speech come from jieba (see ``words``): the
words that open or close a name are lists in ``naming.yaml``, matched on
whole words, so a rule never cuts a word in two (达 leaves 产量达, never
达标). Only the short window before or after a figure the catalogue does not
name is segmented, and each window's name is cached by its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from luoshi.extract.words import Word, starts, words
from luoshi.rules import load_yaml

_PUNCT = re.compile(r"[，,。；;、：:！？!?\n（）()]")
QUOTES = re.compile(r"[“”‘’\"《》「」『』〈〉]|[［\[]\d{1,2}[］\]]")  # and footnote marks (［4］)
_OPEN_BRACKET = re.compile(r"^[^（(]*[)）]")
_LIST_MARK = re.compile(
    r"^(?:[●•◆◇■□▲△★☆·▪◎○\-—*]+|\d+[.．、]|[（(]?[一二三四五六七八九十]+[)）、]|[一二三四五六七八九十]+是)"
)
_BLANK_BRACKETS = re.compile(r"[（(][\sA-Za-z\u00c0-\u024f]*[)）]")  # 遊(yóu)客: a reading, not words
_YEAR_INSIDE = re.compile(r"(?:19|20)\d{2}年(?:底|末)?(?:的)?")
NUMERAL = re.compile(r"[0-9０-９.．%％一二三四五六七八九十百千万亿两〇零]+")
_WINDOW = 40


@dataclass(frozen=True)
class Lexicon:
    lead: frozenset[str]
    lead_preposition: frozenset[str]
    trail: frozenset[str]
    compare: re.Pattern[str]
    above: re.Pattern[str]
    benchmark: tuple[str, ...]
    measure_only: frozenset[str]
    measure_heads: tuple[str, ...]
    money_nouns: dict[str, str]
    after_verbs: frozenset[str]
    after_stops: frozenset[str]
    generic_heads: frozenset[str]
    grades: frozenset[str]
    inner: frozenset[str]
    list_counts: frozenset[str]
    sibling_prefixes: frozenset[str]
    time_words: re.Pattern[str]
    states: frozenset[str]
    entity_heads: frozenset[str]
    output_nouns: dict[str, str]
    output_units: frozenset[str]
    money_ends: tuple[str, ...]
    max_chars: int


@cache
def lexicon() -> Lexicon:
    d = load_yaml("naming.yaml")
    by_len = lambda xs: tuple(sorted(xs, key=len, reverse=True))  # noqa: E731
    return Lexicon(
        lead=frozenset(d["lead"]),
        lead_preposition=frozenset(d["lead_preposition"]),
        trail=frozenset(d["trail"]),
        compare=re.compile(d["compare"]),
        above=re.compile("|".join(by_len(d["above"]))),
        benchmark=by_len(d["benchmark"]),
        measure_only=frozenset(d["measure_only"]),
        measure_heads=by_len(d["measure_heads"]),
        money_nouns=dict(d["money_nouns"]),
        after_verbs=frozenset(d["after_verbs"]),
        after_stops=frozenset(d["after_stops"]),
        generic_heads=frozenset(d["generic_heads"]),
        grades=frozenset(d["grades"]),
        inner=frozenset(d["inner"]),
        list_counts=frozenset(d["list_counts"]),
        sibling_prefixes=frozenset(d["sibling_prefixes"]),
        time_words=re.compile(rf"^(?:{d['time_words']})+"),
        states=frozenset(d["states"]),
        entity_heads=frozenset(d["entity_heads"]),
        output_nouns=dict(d["output_nouns"]),
        output_units=frozenset(d["output_units"]),
        money_ends=tuple(v for v in d["money_nouns"] if len(v) > 1),
        max_chars=int(d["max_chars"]),
    )


@cache
def _strip_re() -> re.Pattern[str]:
    cue_words = load_yaml("cues.yaml")["predicate_only"]
    alt = "|".join(sorted(cue_words, key=len, reverse=True))
    return re.compile(rf"(?:{alt}|[了到至的和及与、])+$")


def is_predicate_only(text: str, clause_start: int, pos: int) -> bool:
    """True when the words before the figure have no subject of their own
    (、增长5.4%; ，同比增长14.5%; 稳步达到; 比上年末提高)."""
    chunk = text[clause_start:pos].strip()
    # The whole chunk made of those words, not the words stripped from its end: one try, at its start.
    return not chunk or _strip_re().fullmatch(chunk) is not None or not noun_phrase(chunk)


def only_verbs(chunk: str) -> bool:
    """The words between two figures of a clause are a verb alone
    (由51家|整合为|33家): the second figure is the first one's."""
    name = noun_phrase(chunk)
    return bool(name) and all(tag.startswith("v") for _, tag in words(name))


# --- before the figure ---------------------------------------------------


def name_before(text: str, clause_start: int, pos: int) -> str:
    """The noun phrase between the clause start and the figure, without the
    verbs and adverbs that report the figure (煤炭产量|突破8亿吨)."""
    # A clause starts after the stops that end a name (，、：…), so the window holds none.
    chunk = text[max(clause_start, pos - _WINDOW) : pos]
    return "" if _examples(chunk) else noun_phrase(chunk)


def _examples(chunk: str) -> bool:
    """林州等|10个: proper names before 等 are examples of a thing the text
    does not name, not the figure's name."""
    chunk = chunk.rstrip()
    if not chunk.endswith("等"):
        return False
    ws = words(QUOTES.sub("", chunk[:-1]))
    return bool(ws) and ws[-1][1] in ("ns", "nr", "nt", "nz")


@lru_cache(maxsize=1 << 15)
def noun_phrase(chunk: str) -> str:
    """The name in a run of words that ends where a figure starts."""
    lex = lexicon()
    chunk = _BLANK_BRACKETS.sub("", QUOTES.sub("", _LIST_MARK.sub("", chunk.strip())))
    chunk = lex.time_words.sub("", _OPEN_BRACKET.sub("", chunk).strip())
    chunk = _YEAR_INSIDE.sub("", chunk)
    ws = words(chunk)
    i, j = _lead(ws, 0, len(ws), lex), trail_end(ws, len(ws), lex)
    j = trail_end(ws, _compare_cut(ws, i, j, lex), lex)
    i = _owner_end(ws, _lead(ws, i, j, lex), j, lex)
    kept = [w for k, (w, _) in enumerate(ws[i:j]) if k == 0 or w not in lex.inner]  # 矿业权出让|实现|收益
    while len(kept) > 1 and sum(map(len, kept)) > lex.max_chars:
        kept.pop(0)
    return "".join(kept)


def joined(ws: tuple[Word, ...], a: int, b: int) -> str:
    return "".join(w for w, _ in ws[a:b])


def trail_end(ws: tuple[Word, ...], j: int, lex: Lexicon) -> int:
    """End of the name once the reporting words after it are dropped."""
    while j > 0:
        for k in (3, 2, 1):
            if j - k >= 0 and joined(ws, j - k, j) in lex.trail:
                j -= k
                break
        else:
            return j
    return j


def _lead(ws: tuple[Word, ...], i: int, j: int, lex: Lexicon) -> int:
    """Start of the name once goal verbs, adverbs and a leading
    prepositional phrase are dropped (力争|为群众|挽回非法集资损失)."""
    while i < j - 1:
        for k in (3, 2, 1):
            if i + k < j and joined(ws, i, i + k) in lex.lead:
                if i + k == j - 1 and ws[i][0] in lex.states and ws[i + k][1].startswith("v"):
                    return i  # 已|开工, 未|开工: the state is the name
                i += k
                break
        else:
            if ws[i][0] not in lex.lead_preposition:
                return i
            verb = next((k for k in range(i + 1, j - 1) if ws[k][1].startswith("v")), None)
            if verb is None:
                return i + 1 if ws[i][1] == "p" else i
            i = verb
    return i


def _compare_cut(ws: tuple[Word, ...], i: int, j: int, lex: Lexicon) -> int:
    """End of the name before a comparison (死亡人数|较“十三五”同期)."""
    text = joined(ws, 0, j)
    at = starts(ws)
    for k in range(i, j):  # 比上年末|提高: nothing but the comparison names nothing
        if lex.compare.match(text, at[k]):
            return k
    return j


def _owner_end(ws: tuple[Word, ...], i: int, j: int, lex: Lexicon) -> int:
    """Start of the name after the firm whose figure it is (大唐托克托发电公司|装机容量):
    the firm is the figure's entity, not part of what is measured."""
    firm = next((k for k in range(i, j - 1) if ws[k][0] in lex.entity_heads), None)
    return i if firm is None else firm + 1


# --- comparisons and measures ---------------------------------------------


def comparison(chunk: str) -> tuple[str, str] | None:
    """``高于全国外贸增速`` -> (``外贸增速``, ``高于全国``): what is compared, and
    with what; None when the words do not open with a comparison."""
    lex = lexicon()
    chunk = chunk.strip()
    m = lex.above.match(chunk)
    if m is None:
        return None
    verb, rest = m.group(), chunk[m.end() :]
    bench = next((b for b in lex.benchmark if rest.startswith(b)), "")
    return noun_phrase(rest[len(bench) :]), verb + bench


def clause_subject(clause: str) -> str:
    """The noun phrase a clause opens with (财政民生支出|突破万亿元)."""
    lex = lexicon()
    ws = words(QUOTES.sub("", clause))
    end = next((k for k, (w, _) in enumerate(ws) if w in lex.trail or NUMERAL.match(w)), len(ws))
    return noun_phrase(joined(ws, 0, end)) if end < len(ws) else ""


def sibling_before(words_before: str) -> bool:
    """新增|高新技术企业: the words before a catalogue name make it a sibling
    (what was added, rebuilt or newly certified), not the total."""
    prefixes = lexicon().sibling_prefixes
    return any(w in prefixes for w, _ in words(words_before.strip()))


@lru_cache(maxsize=1 << 12)
def is_lone_verb(name: str) -> bool:
    """建设, 改造: a verb alone names nothing; its object may follow the figure."""
    ws = words(name)
    return len(ws) == 1 and ws[0][1].startswith("v") and name not in lexicon().lead


def opens_with_noun(phrase: str) -> bool:
    """高标准农田, not 支持巩固 or 级煤电机组: a noun phrase, not a verb or a grade."""
    ws = words(phrase)
    return bool(ws) and ws[0][1][:1] in ("n", "j", "b") and ws[0][0] not in lexicon().grades


def is_measure_only(name: str) -> bool:
    """增速, 占比: says how, not what (the subject is the figure before)."""
    return name in lexicon().measure_only


def nominal(name: str, stem: str) -> str:
    """A trade or output verb before an amount names the amount (出口 + 亿元 ->
    出口额; 生产番茄 + 吨 -> 番茄产量; 口岸出口汽车 + 辆 -> 口岸汽车出口量)."""
    lex = lexicon()
    if stem in ("元", "%", "％"):
        if name not in lex.money_nouns and not (stem == "元" and name.endswith(lex.money_ends)):
            return name
        nouns, whole = lex.money_nouns, stem != "元"
    elif stem in lex.output_units:
        nouns, whole = lex.output_nouns, False
    else:
        return name
    if name in nouns:
        return nouns[name]
    if whole:
        return name
    verb = next((v for v in nouns if len(v) > 1 and name.endswith(v) and len(name) > len(v) + 1), None)
    if verb is not None:  # 高原炊具销售 -> 高原炊具销售额; 棉花总产 -> 棉花总产量 (出口货值 is already one)
        return name[: -len(verb)] + nouns[verb]
    ws = words(name)
    at = next((k for k, (w, _) in enumerate(ws) if w in nouns), None) if nouns is lex.output_nouns else None
    if at is None or at == len(ws) - 1:
        return name
    return joined(ws, 0, at) + joined(ws, at + 1, len(ws)) + nouns[ws[at][0]]
