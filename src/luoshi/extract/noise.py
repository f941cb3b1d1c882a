"""Copy noise neutralised for reading, keeping every character's offset.

Reprints carry things no rule should read: pinyin after a word
(口岸（kǒu àn）), bytes decoded with the wrong code page (（ÄÚÃɹÅ）, （�?）,
（锟斤拷?）), and layout spaces or line breaks inside a figure (2073. 1亿元,
5.8 %, 2024 年). In the text extraction reads they become

- empty brackets, for a bracketed run holding no Chinese word and no
  figure but letters no Chinese text writes, a replacement character or a
  lone ? or ! (its ? ends no sentence, its letters name nothing). When the
  run interrupts a word (進(jìn)出口總值), the brackets are set at the start
  of the word's run of characters instead (()进出口总值): the word reads
  whole, and a span starting there starts at the same word in the document;
- blanks, for replacement characters anywhere;
- leading zeros, for whitespace inside a figure, moved in front of its
  digits: 2073.1 亿元 reads 02073.1亿元, the same value over the same span;
- trailing blanks, for whitespace between a number and its date word
  (2024 年 reads 2024年 ), since a leading zero would hide the year.

Nothing changes length, so offsets found in this text are offsets in the
document.
"""

from __future__ import annotations

import re
from functools import cache

from luoshi.numbers import find_quantities

_REPLACEMENT = "\ufffd"
# A bracketed run with no Han character and no digit: the candidates for noise.
_BRACKETED = re.compile(r"[（(]([^（）()\n\u3400-\u9fff0-9０-９]{0,40})[）)]")
_LONE_MARKS = frozenset("?!？！")
_HAN_LO, _HAN_HI = "\u3400", "\u9fff"
_SPACES = r"[ \t\u3000]+"
# A line break splits a figure only inside its decimals: a number ending a
# line (附件2) and a word opening the next (名词解释) are two things.
_GAP = r"(?:[ \t\u3000]+|[ \t\u3000]*\n[ \t\u3000]*)"
_INT = r"(?<![0-9０-９.．,])[0-9０-９][0-9０-９,]*"
_SPLIT_FRACTION = rf"(?:{_GAP}[.．]{_GAP}?|[.．]{_GAP})[0-9０-９]+"
_BEFORE_UNIT = rf"{_SPACES}(?=[%％‰\u3400-\u9fff])"
# A figure with whitespace inside it (2073. 1, 2073 .1) or before its unit (5.8 %, 100 个).
_SPLIT_FIGURE = re.compile(rf"{_INT}(?:{_SPLIT_FRACTION}(?:{_BEFORE_UNIT})?|(?:[.．][0-9０-９]+)?{_BEFORE_UNIT})")
_SPLIT_DATE = re.compile(r"(?<![0-9０-９])([0-9０-９]{1,4})([ \t\u3000]+)(年|月份|月|日)")
_FIGURE_WINDOW = 12  # characters after the gap enough for a scale and unit (万千瓦时)


@cache
def _mojibake() -> re.Pattern[str]:
    """Replacement characters, alone or as GBK reads their UTF-8 bytes
    (锟斤拷), with the ? a decoder leaves after a broken character."""
    gbk = (_REPLACEMENT * 2).encode("utf-8").decode("gbk")
    return re.compile(f"(?:(?:{gbk})+{gbk[0]}?|{_REPLACEMENT}+)[?？]*")


def quiet(text: str) -> str:
    """``text`` with copy noise blanked or moved aside, the same length."""
    chars: list[str] | None = None
    for m in _mojibake().finditer(text):
        chars = chars or list(text)
        chars[m.start() : m.end()] = " " * (m.end() - m.start())
    if chars is not None:
        text = "".join(chars)
    if _BRACKETED.search(text):
        text = _set_aside_brackets(text)
    if _SPLIT_DATE.search(text):
        text = _SPLIT_DATE.sub(lambda m: m[1] + m[3] + m[2], text)
    if _SPLIT_FIGURE.search(text):
        text = _join_figures(text)
    return text


def _set_aside_brackets(text: str) -> str:
    chars: list[str] | None = None
    for m in _BRACKETED.finditer(text):
        if _is_noise(m[1]):
            chars = chars or list(text)
            empty = [m[0][0], *" " * len(m[1]), m[0][-1]]
            word = _word_start(chars, m.start())
            chars[word : m.end()] = empty + chars[word : m.start()]
    return text if chars is None else "".join(chars)


def _is_noise(content: str) -> bool:
    return not content.strip() or any(c in _LONE_MARKS or c == _REPLACEMENT or _foreign_letter(c) for c in content)


def _word_start(chars: list[str], pos: int) -> int:
    """Start of the run of Chinese characters that ends at ``pos``, when the
    noise may move there: the run follows punctuation or a line start (not
    a figure: 20个|对外), and holds no figure of its own."""
    start = pos
    while start > 0 and _HAN_LO <= chars[start - 1] <= _HAN_HI:
        start -= 1
    if start == pos or (start > 0 and chars[start - 1].isalnum()):
        return pos
    return pos if find_quantities("".join(chars[start:pos])) else start


def _foreign_letter(c: str) -> bool:
    """A letter beyond ASCII: pinyin tone marks (ǒ, à) or Latin-1 read from
    GBK bytes (Ä, Ú). An acronym (GDP, AI) is ASCII and stays."""
    return "\x7f" < c <= "\u024f" and c.isalpha()


def _join_figures(text: str) -> str:
    chars = list(text)
    for m in _SPLIT_FIGURE.finditer(text):
        joined = "".join(c for c in m[0] if not c.isspace())
        if _has_unit(joined + text[m.end() : m.end() + _FIGURE_WINDOW], len(joined)):
            chars[m.start() : m.end()] = "0" * (len(m[0]) - len(joined)) + joined
    return "".join(chars)


def _has_unit(window: str, digits: int) -> bool:
    """Does the number opening ``window`` read as a quantity whose unit
    follows its ``digits``? Only then did the whitespace split one figure;
    a number and a word (2024 2025, 5.8 增长) stay apart."""
    for q in find_quantities(window):
        if q.num_start == 0:
            return q.end > digits
    return False
