"""The thing a count counts, read after its measure word (20个|对外开放口岸),
with what its clause says about it (158个国家|开展贸易往来); and the slogan a
quoted numeral belongs to (持续开展‘四项行动’)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from luoshi.extract.naming import NUMERAL, QUOTES, Lexicon, joined, lexicon, noun_phrase, trail_end
from luoshi.extract.words import Word, starts, words

_AFTER_END = re.compile(r"[，,。；;、：:！？!?\n…0-9０-９]")
_PUNCT = re.compile(r"[，,。；;、：:！？!?\n（）()]")
_MARKS = frozenset('（）()“”‘’"')
_PAREN = re.compile(r"[（(]([^（()）、，,。；;]{1,4})[)）]")
_SLOGAN_OPEN = "“‘「"
_OPENING = re.compile("[“‘「]")
_SLOGAN_CLOSE = "”’」"
_OWNER_STOP = re.compile(r"[，,。；;、：:！？!?\n（）()“”‘’「」\-—.·]")


@lru_cache(maxsize=1 << 15)
def _after(window: str) -> tuple[str, int, str]:
    """The noun phrase at the start of ``window``, how many characters of
    the window it covers, and what the clause says about it after."""
    lead = 0
    m = _PAREN.match(window)
    if m:  # 2.5万套（间）城市危旧房: the bracket qualifies the unit
        lead = m.end()
    elif window[:1] in "（(":  # 4500人次（县人社局牵头）: a note, not what is counted
        return "", 0, ""
    end = _AFTER_END.search(window, lead)
    body = window[lead : end.start() if end else len(window)]
    bare, covered = _without_marks(body)
    ws = words(bare)
    lex = lexicon()
    n = _np_end(ws, lex)
    at = starts(ws)
    if n and ws[0][0] in lex.states and (described := _relative(body, ws, at, lex, lead))[0]:
        return described  # 5000个|已建成自然村的生活污水治理设施
    if n == 0:
        named = _relative(body, ws, at, lex, lead)
        clean_end = end is None or not end.group().isdigit()
        return named if named[0] or not clean_end else ("", 0, _said(ws, at, 0, lex))
    if n < len(ws) and ws[n][0] in ("和", "及", "与"):
        # 物流和外贸企业; 农畜产品供应基地和“直采直供”基地: two kinds of one head.
        more = next((k + 1 for k in range(n + 1, _np_end(ws, lex, n + 1)) if _is_head(ws[k][0])), 0)
        if more and at[more] - at[n] <= 8:
            n = more
    n = max(trail_end(ws, n, lex), 1)
    if _figure_follows(ws, n, lex, bool(end and end.group().isdigit())):
        # 三大先导产业规模|突破2万亿元: the measure is the next figure's; 经济总量|近千亿:
        # the counted thing is not named here.
        if ws[n - 1][0] not in lex.measure_heads or n == 1:
            return _relative(body, ws, at, lex, lead)
        n -= 1
    span = covered(at[n])
    said = "" if end is not None and end.group().isdigit() else _said(ws, at, n, lex)
    return QUOTES.sub("", body[:span]), lead + span, said


def _said(ws: tuple[Word, ...], at: list[int], n: int, lex: Lexicon) -> str:
    """What the clause says about the counted thing from word ``n`` to its
    end (120个贸易伙伴|实现进出口增长), when it is short and whole."""
    if n >= len(ws) or ws[n][0] not in lex.after_verbs or ws[n][0] in lex.after_stops:
        return ""
    rest = next((k for k in range(n, len(ws)) if ws[k][0] in lex.after_stops), len(ws))
    if rest == len(ws) and 3 <= at[rest] - at[n] <= 14 and not any(NUMERAL.match(w) for w, _ in ws[n:]):
        return joined(ws, n, rest)
    return ""


def _relative(body: str, ws: tuple[Word, ...], at: list[int], lex: Lexicon, lead: int) -> tuple[str, int, str]:
    """A counted thing described before it is named (4个|过五百亿的县市)."""
    de = next((k for k, (w, _) in enumerate(ws) if w == "的"), -1)
    if de <= 0 or de + 1 >= len(ws) or ws[0][0] in lex.trail:
        return "", 0, ""
    n = _np_end(ws, lex, de + 1)
    if n != len(ws) or at[n] > 16:
        return "", 0, ""
    name = QUOTES.sub("", body[: at[n]])
    return name, lead + at[n], ""


def _figure_follows(ws: tuple[Word, ...], n: int, lex: Lexicon, digits_next: bool) -> bool:
    """The noun phrase ending at word ``n`` runs into another figure
    (经济总量|近千亿; 规模|突破2万亿元)."""
    k = n
    while k < len(ws) and ws[k][0] in lex.trail and ws[k][0] not in lex.after_stops:
        k += 1
    if k == len(ws):
        return digits_next and k > n
    return bool(NUMERAL.match(ws[k][0]))


def _is_head(word: str) -> bool:
    return any(word.endswith(h) for h in lexicon().generic_heads if len(h) > 1)


def _np_end(ws: tuple[Word, ...], lex: Lexicon, i: int = 0) -> int:
    """Where the noun phrase starting at word ``i`` ends: before a verb or
    adverb that says something about it, a particle, or a numeral."""
    k = i
    while k < len(ws):
        w, tag = ws[k]
        if k == i and w in lex.states:  # 1万名|未就业普通高校毕业生: the state opens the phrase
            k += 1
            continue
        stop = w in lex.after_verbs or w in lex.after_stops or w in lex.trail or tag in ("p", "c", "uj", "ul", "x")
        if NUMERAL.fullmatch(w):
            stop = not (k + 1 < len(ws) and ws[k + 1][0] in lex.grades)  # 千亿级产业
        if stop and len(w) == 1 and k + 1 < len(ws) and len(ws[k + 1][0]) == 1 and ws[k + 1][1] == "n":
            stop = False  # 某某|共|体: a word the dictionary does not know, cut in pieces
        if stop:
            break
        k += 1
    return k


def _without_marks(body: str) -> tuple[str, Callable[[int], int]]:
    """``body`` without brackets and quotation marks (省(区市) reads 省区市
    to the segmenter), and a map from an offset in that back to ``body``
    (a closing bracket right after stays with the words it closes)."""
    out, back = [], []
    for i, ch in enumerate(body):
        if ch not in _MARKS:
            out.append(ch)
            back.append(i)
    back.append(len(body))

    def covered(n: int) -> int:
        end = back[min(n, len(back) - 1)]
        while end < len(body) and body[end] in ')）”’"':
            end += 1
        return end

    return "".join(out), covered


def _without_place(phrase: str) -> str:
    """兴安盟|纳入调度: the place a relative clause opens with is the figure's region."""
    ws = words(phrase)
    return joined(ws, 1, len(ws)) if len(ws) > 2 and ws[0][1] == "ns" else phrase


def said_after(text: str, pos: int) -> str:
    """What the clause says right after a count that names nothing
    (82项|获国家层面认可)."""
    return _after(text[pos : pos + 30])[2]


def name_after(text: str, pos: int, before: str = "", own_words: str = "") -> tuple[str, int, str]:
    """The noun phrase right after a measure word (个|国家), and how many
    characters of the text it covers. A counted thing that says nothing
    alone takes what the clause says about it (5个方面|打造亮点 ->
    打造亮点的方面), the words that describe it (纳入调度的46个|项目) or the
    verb that governs it (辐射10个|国家 -> 辐射国家): ``before`` are the words
    of the clause before the count, ``own_words`` those after any figure there."""
    window = text[pos : pos + 30]
    np, covered, said = _after(window)
    if len(np) < 2 and np not in lexicon().generic_heads:  # 10个|县, not 28.6万辆|次
        return "", 0, ""
    if said:
        return f"{said}的{np}", covered, np
    if np in lexicon().generic_heads:
        if own_words.rstrip().endswith("的"):  # 纳入调度的46个|项目
            described = _without_place(noun_phrase(own_words.rstrip()[:-1]))
            if 2 <= len(described) <= 10 and not NUMERAL.search(described):
                return f"{described}的{np}", covered, np
        return governing_verb(before) + np, covered, np
    return np, covered, np


def slogan(text: str, sentence_start: int, start: int, end: int) -> tuple[str, int] | None:
    """A numeral inside quotation marks names a slogan (持续开展‘四项行动’):
    the quoted words, up to a list comma, after whose they are (区域合作“六大行动”
    -> 区域合作六大行动), and the characters after the figure that they cover."""
    near = max(sentence_start, start - 8)
    if _OPENING.search(text, near, start) is None:  # most figures: no quotation mark near
        return None
    open_at = max(text.rfind(c, near, start) for c in _SLOGAN_OPEN)
    if open_at < 0 or any(c in text[open_at:start] for c in _SLOGAN_CLOSE):
        return None
    close = min((i for i in (text.find(c, end, end + 20) for c in _SLOGAN_CLOSE) if i >= 0), default=-1)
    if close < 0:
        return None
    lo = max(open_at + 1, text.rfind("、", open_at, start) + 1)
    hi = text.find("、", end, close)
    hi = close if hi < 0 else hi
    name = QUOTES.sub("", text[lo:hi])
    if not 2 <= len(name) <= 16 or _PUNCT.search(name):
        return None
    return _owner(text[max(sentence_start, open_at - 12) : open_at]) + name, hi - end


@lru_cache(maxsize=1 << 12)
def _owner(before: str) -> str:
    """The nouns right before a quoted slogan: whose it is (紧扣商务领域|“六项重大工作”);
    none after a list comma (人工智能、电子信息“四大产业”: an item, not an owner)."""
    cut = _OWNER_STOP.split(before)
    if len(cut) > 1 and before[len(before) - len(cut[-1]) - 1] in "、”’」":
        return ""  # 人工智能、电子信息“四大产业”; “三大高地”“五大战略”: items, not owners
    ws = words(cut[-1])
    k = len(ws)
    lex = lexicon()
    verbs = lex.lead | lex.after_verbs | lex.sibling_prefixes
    while k > 0 and ws[k - 1][1][:1] in ("n", "j", "b") and ws[k - 1][0] not in verbs:
        k -= 1
    owner = joined(ws, k, len(ws))
    return owner if 2 <= len(owner) <= 6 and owner not in lex.generic_heads else ""


@lru_cache(maxsize=1 << 12)
def governing_verb(chunk: str) -> str:
    """The verb before a counted thing, without places and prepositions
    (对外辐射 -> 辐射; 通达欧洲 -> 通达)."""
    ws = words(QUOTES.sub("", chunk.strip()))
    verbs = [w for w, tag in ws if tag.startswith("v") and len(w) >= 2]
    return verbs[-1] if verbs else ""
