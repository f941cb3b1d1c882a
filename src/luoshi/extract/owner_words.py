"""The words that name responsible units (owners.yaml), and the reading of
a list of units: 市发展改革委、市统计局等 → its names, lead first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from luoshi.rules import load_yaml
from luoshi.rules.patterns import scanning

LEAD, RESPONSIBLE, ASSISTING = 0, 1, 2  # the order units are listed in
_ROLES = ("lead", "responsible", "assisting")
_ORG_BODY = r"[\u4e00-\u9fff（）()]{2,24}?"
_CHUNK_SPLIT = re.compile(r"[，,]")
_ITEM = re.compile(r"[^、/]+")
_LEAD_MARK = re.compile(r"[（(]牵头[）)]")
_LEAD_MARK_END = re.compile(r"[（(]牵头[）)]\s*$")
_NOT_NAME = re.compile(r"[\d，,。；;：:！？!?“”]")  # digits or punctuation: prose, not a name
_SPACE = r"[ \t\u3000]*"


@dataclass(frozen=True, slots=True)
class OwnerScope:
    """Text owned by ``units``, the lead first."""

    start: int
    end: int
    units: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    attribution: re.Pattern[str]  # ORG 相关负责人 表示
    speaker_label: re.Pattern[str]  # [市统计局副局长、新闻发言人 张明] opening a turn
    speech_verb: re.Pattern[str]
    lead_in: re.Pattern[str]  # 据, 首先请 before a speaking ORG
    question: re.Pattern[str]  # 请问ORG
    turn: re.Pattern[str]  # 主持人： 记者： 答： opening a paragraph
    answer: re.Pattern[str]
    label: re.Pattern[str]  # 牵头单位：
    label_before: re.Pattern[str]  # a label ending where a colon starts
    label_value: re.Pattern[str]
    label_role: dict[str, int]
    companion: re.Pattern[str]  # 牵头负责领导：
    role_chunk: re.Pattern[str]  # 市发改委牵头
    word_role: dict[str, int]
    by: re.Pattern[str]  # 由市交通运输局负责
    assisting_after: re.Pattern[str]  # ，市财政局配合
    led_task: re.Pattern[str]  # (自治区商务厅牵头)任务。
    body: re.Pattern[str]  # a name ending like a body
    named: re.Pattern[str]  # a body, or a place a role word names
    not_unit: re.Pattern[str]
    generic: re.Pattern[str]
    generic_end: re.Pattern[str]  # 各有关部门


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def lexicon() -> Lexicon:
    d = load_yaml("owners.yaml")
    suffix = _alternation(d["org_suffixes"])
    body = rf".(?:{suffix})$"
    place = rf"(?:{_alternation(d['place_suffixes'])})$"
    org = rf"(?P<org>{_ORG_BODY}(?:{suffix}))"
    label_role = {w: i for i, role in enumerate(_ROLES) for w in d["labels"][role]}
    word_role = {w: i for i, role in enumerate(_ROLES) for w in d["role_words"][role]}
    labels = _alternation(list(label_role))
    roles = _alternation(list(word_role))
    named_by = _alternation([w for w, r in word_role.items() if r != ASSISTING])
    turns = d["turn_labels"]
    return Lexicon(
        attribution=re.compile(rf"{org}(?:{d['speaker']})(?:{'|'.join(d['speech_verbs'])})"),
        speaker_label=scanning(rf"(?m)^[ \t\u3000]*[\[【]{org}[^\]】\n]{{0,24}}[\]】]"),
        speech_verb=re.compile("|".join(d["speech_verbs"])),
        lead_in=re.compile(d["speech_lead_in"]),
        question=re.compile(rf"{d['question']}{org}"),
        turn=re.compile(rf"{_SPACE}(?:{_alternation([w for words in turns.values() for w in words])}){_SPACE}[:：]"),
        answer=re.compile(rf"{_SPACE}(?:{_alternation(turns['answer'])}){_SPACE}[:：]"),
        label=re.compile(rf"(?P<label>{labels}){_SPACE}[:：]"),
        label_before=re.compile(rf"(?P<label>{labels}){_SPACE}$"),
        # A label's value runs to the end of its clause, or to the next label.
        label_value=re.compile(rf"{_SPACE}(?P<value>(?:[（(]牵头[）)]|(?!{labels})[^；;。\n\t（）()])*)"),
        label_role=label_role,
        companion=re.compile(rf"[\s\d.．、()（）]*(?:{_alternation(d['companion_labels'])}){_SPACE}[:：]"),
        role_chunk=re.compile(rf"(?P<units>.+?)(?P<role>{roles})"),
        word_role=word_role,
        by=re.compile(rf"由(?P<units>[^，,。；;：:\n（）()由]{{2,40}}?)(?P<role>{named_by})"),
        assisting_after=re.compile(
            rf"[，,](?P<units>[^，,。；;：:\n（）()]{{2,40}}?)(?P<role>{_alternation(d['role_words']['assisting'])})"
        ),
        led_task=re.compile(
            rf"(?P<role>{named_by})的?(?:[\u4e00-\u9fff]{{0,8}}?)(?:{_alternation(d['led_task_nouns'])})"
            rf"(?=[。：:；;，,\s]|$|{_alternation(d['led_task_after'])})"
        ),
        body=re.compile(body),
        named=re.compile(f"{body}|{place}"),
        not_unit=re.compile(d["not_unit"]),
        generic=re.compile(d["generic"]),
        generic_end=re.compile(rf"(?:{_alternation(d['generic_suffixes'])})$"),
    )


def ordered(named: list[tuple[int, str]]) -> tuple[str, ...]:
    """Lead first, then responsible, then assisting units; each once."""
    out: list[str] = []
    for _, name in sorted(named, key=lambda rn: rn[0]):
        if name not in out:
            out.append(name)
    return tuple(out)


def _clean(item: str) -> str:
    item = item.strip(" \t\u3000“”\"'")
    for tail in ("等单位", "等部门", "等"):
        if item.endswith(tail) and len(item) > len(tail) + 1:
            return item[: -len(tail)]
    return item


def chunk_units(chunk: str, lex: Lexicon, accept: re.Pattern[str] | None) -> list[str] | None:
    """The units of a chunk (市经信局、市商务局等). A generic one (各县、市、区政府)
    is kept as written with the rest of its chunk. None when a unit does not
    look like one: ``accept`` is what its name must end in (None for a
    labelled value, where only digits give prose away)."""
    units: list[str] = []
    for m in _ITEM.finditer(chunk):
        item = _clean(m.group())
        if not item:
            continue
        generic = lex.generic.search(item) is not None
        if generic:
            item = _clean(chunk[m.start() :])
        if len(item) < 2 or _NOT_NAME.search(item) or lex.not_unit.match(item):
            return None
        if accept is not None and not _named_like(item, accept, generic, lex):
            return None
        units.append(item)
        if generic:
            break
    return units


def _named_like(item: str, accept: re.Pattern[str], generic: bool, lex: Lexicon) -> bool:
    """Long enough and ending like a body (a generic name also like 各有关部门)."""
    return len(item) >= 3 and bool(accept.search(item) or (generic and lex.generic_end.search(item)))


def parenthesis_units(body: str, lex: Lexicon) -> tuple[tuple[str, ...], bool] | None:
    """Units of a parenthesis that closes a task (市发改委牵头，市统计局配合),
    and whether a role word named them; None for any other parenthesis. Bare
    names must end like a body: a bare place (包头市) says where, not who."""
    named: list[tuple[int, str]] = []
    with_role = False
    for chunk in _CHUNK_SPLIT.split(body):
        chunk = chunk.strip().removeprefix("由")
        m = lex.role_chunk.fullmatch(chunk)
        if m:
            role, accept = lex.word_role[m["role"]], lex.named
            chunk, with_role = m["units"], True
        else:
            role, accept = RESPONSIBLE, lex.body
        units = chunk_units(chunk, lex, accept)
        if units is None:
            return None
        named.extend((role, u) for u in units)
    return (ordered(named), with_role) if named else None


def label_units(labelled: list[tuple[str, str]], lex: Lexicon) -> tuple[str, ...]:
    """Units of (label, value) pairs: 牵头单位 leads, 责任单位 follows a lead
    (and is the owner without one), 配合单位 comes last."""
    named: list[tuple[int, str]] = []
    for label, value in labelled:
        role = lex.label_role[label]
        for chunk in _CHUNK_SPLIT.split(value):
            leads = _lead_marked(chunk)
            units = chunk_units(_LEAD_MARK.sub("", chunk), lex, None)
            if units is None:
                break  # the value ran on into prose
            named.extend((LEAD if u in leads else role, u) for u in units)
    return ordered(named)


def _lead_marked(chunk: str) -> set[str]:
    """Units marked as the lead inside a list: 市发改委（牵头）、市统计局."""
    return {_clean(item[: m.start()]) for item in _ITEM.findall(chunk) if (m := _LEAD_MARK_END.search(item))}
