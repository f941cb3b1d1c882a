"""Bodies that speak for their figures: 自治区商务厅相关负责人表示… in a news
report, a turn of a press conference (the answer to 记者：请问自治区统计局…).

What a body says is its own, plans and results alike: it owns the
paragraph of the attribution and the quotation the attribution closes; in a
transcript (a text whose paragraphs open with 主持人：/记者：/答：) it owns its
whole turn, up to the next speaker.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence

from luoshi.extract.owner_words import Lexicon, OwnerScope
from luoshi.extract.structure import Structure


def spoken_scopes(text: str, structure: Structure, lex: Lexicon, colons: Sequence[int]) -> Iterator[OwnerScope]:
    turns = _turns(text, structure, lex, colons)
    speakers = sorted([*_speakers(text, structure, lex), *_labelled(text, lex)])
    # Where a turn ends: at the next turn label or the next speaker's paragraph.
    ends = sorted({s for s, _ in turns} | {structure.paragraph(pos)[0] for pos, _ in speakers})
    for pos, org in speakers:
        para_start, para_end = structure.paragraph(pos)
        end = max(para_end, _next(ends, para_start, len(text))) if turns else para_end
        yield OwnerScope(para_start, end, (org,))
        if text[pos - 1 : pos] == "”":
            opening = text.rfind("“", 0, pos - 1)
            if opening >= 0:
                yield OwnerScope(opening, pos, (org,))
    yield from _answers(text, structure, lex, turns, ends)


def _speakers(text: str, structure: Structure, lex: Lexicon) -> Iterator[tuple[int, str]]:
    """Start and name of each speaking body, looked for only in sentences
    that hold a speech verb; an invited one (首先请…介绍情况) is not speaking yet."""
    for start, end in structure.sentences_with(lex.speech_verb):
        for m in lex.attribution.finditer(text, start, end):
            lead_in = lex.lead_in.match(m["org"])
            if lead_in is None or lead_in["invite"]:
                continue
            yield m.start("org") + lead_in.end(), m["org"][lead_in.end() :]


def _labelled(text: str, lex: Lexicon) -> Iterator[tuple[int, str]]:
    """A transcript's turn opened by its speaker in brackets
    ([市统计局副局长、新闻发言人 张明]初步核算…): the body speaks."""
    for m in lex.speaker_label.finditer(text):
        yield m.start("org"), m["org"]


def _turns(text: str, structure: Structure, lex: Lexicon, colons: Sequence[int]) -> list[tuple[int, bool]]:
    """Start of each paragraph that opens with a turn label, and whether it
    is an answer (答：); found from the colons, which are few."""
    out = []
    for i in colons:
        start = structure.paragraph(i)[0]
        if i - start <= 8 and lex.turn.fullmatch(text, start, i + 1):
            out.append((start, lex.answer.fullmatch(text, start, i + 1) is not None))
    return out


def _answers(
    text: str, structure: Structure, lex: Lexicon, turns: list[tuple[int, bool]], ends: list[int]
) -> Iterator[OwnerScope]:
    """记者：请问自治区统计局，… : the answer that follows, up to the next
    question, host or speaker, is the body's."""
    questions = [start for start, answer in turns if not answer]
    stops = sorted(set(questions) | set(ends) - {start for start, answer in turns if answer})
    for start in questions:
        para_start, para_end = structure.paragraph(start)
        asked = lex.question.search(text, para_start, para_end)
        if asked is not None:
            yield OwnerScope(para_end, _next(stops, para_start, len(text)), (asked["org"],))


def _next(starts: list[int], pos: int, default: int) -> int:
    """The first of the sorted ``starts`` after ``pos``."""
    i = bisect_right(starts, pos)
    return starts[i] if i < len(starts) else default
