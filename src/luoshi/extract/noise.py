"""Copy noise neutralised for reading, keeping every character's offset.

Reprints carry things no rule should read: pinyin after a character
(進(jìn)出口, 口岸（kǒu àn）), bytes decoded with the wrong code page
(（ÄÚÃɹÅ）, （�?）, （锟斤拷?）), and layout whitespace inside a figure or a
sentence (2073. 1亿元, 5.8 %, 2024 年, 进出 / 口总值). In the text extraction
reads

- replacement characters, and their GBK reading 锟斤拷, become blanks;
- a bracketed run holding no Chinese word and no figure but letters no
  Chinese text writes, blanks or a lone ? or ! is emptied (its ? ends no
  sentence, its letters name nothing) and set at the start of the run of
  characters it interrupts: 進(jìn)出口總值 reads ()进出口总值, so the word
  reads whole, and a span starting at the brackets starts at the same
  word in the document;
- a line break inside a sentence (``structure.soft_breaks``) likewise
  moves to the start of the word it broke: 进出 / 口总值 reads / 进出口总值;
- whitespace inside a figure becomes leading zeros in front of its digits:
  2073.1 亿元 reads 02073.1亿元, the same value over the same span;
- whitespace between a number and its date word moves after the word
  (2024 年 reads 2024年 ), since a leading zero would hide the year.

Nothing changes length, so offsets found in this text are offsets in the
document. Only characters a kind of noise needs (whitespace, ?, !, letters
beyond ASCII, replacement characters) are looked at closely, so clean texts
pay one scan.
"""

from __future__ import annotations

import re
from functools import cache

from luoshi.extract.structure import soft_breaks
from luoshi.numbers import find_quantities

_REPLACEMENT = "\ufffd"
_SPACES = " \t\u3000"
_LONE_MARKS = frozenset("?!？！")
_HAN_LO, _HAN_HI = "\u3400", "\u9fff"
_BRACKET_MAX = 40  # characters a noise run in brackets may hold
_OPENERS = "（("
# A bracketed run with no Han character and no digit: the candidates for noise.
_BRACKETED = re.compile(rf"[（(]([^（）()\n\u3400-\u9fff0-9０-９]{{0,{_BRACKET_MAX}}})[）)]")
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_NUMBER_CHARS = _DIGITS | frozenset(".．,")
_GAP = r"(?:[ \t\u3000]+|[ \t\u3000]*\n[ \t\u3000]*)"
_SPLIT_FRACTION = rf"(?:{_GAP}[.．]{_GAP}?|[.．]{_GAP})[0-9０-９]+"
_BEFORE_UNIT = r"[ \t\u3000]+(?=[%％‰\u3400-\u9fff])"
# A figure with whitespace inside it (2073. 1, 2073 .1) or before its unit
# (5.8 %, 100 个); a line break only inside its decimals, since a number
# ending a line (附件2) and a word opening the next (名词解释) are two things.
_SPLIT_FIGURE = re.compile(
    rf"[0-9０-９][0-9０-９,]*(?:{_SPLIT_FRACTION}(?:{_BEFORE_UNIT})?|(?:[.．][0-9０-９]+)?{_BEFORE_UNIT})"
)
# A line break at a decimal point (2073.\n1, 2073\n.1) splits a figure,
# whatever the lines around it. Led by a literal, so the scan is fast.
_BREAK_AT_POINT = re.compile(r"\n[ \t\u3000]*[.．]")
_POINT_AT_BREAK = (".\n", "．\n")
_DECIMAL_BREAK = re.compile(r"[.．][ \t\u3000]*\n|[0-9０-９][ \t\u3000]*\n[ \t\u3000]*[.．]")
_DATE_WORD = re.compile(r"[ \t\u3000]+(年|月份|月|日)")
_FIGURE_WINDOW = 12  # characters after the gap enough for a scale and unit (万千瓦时)


@cache
def _gbk_replacement() -> str:
    """How GBK reads the UTF-8 bytes of two replacement characters: 锟斤拷."""
    return (_REPLACEMENT * 2).encode("utf-8").decode("gbk")


@cache
def _hints() -> re.Pattern[str]:
    """One character of every kind of noise; a pure character class, so a
    clean text is scanned at the regular expression engine's full speed."""
    return re.compile(f"[{_SPACES}?!？！{_REPLACEMENT}\u00c0-\u024f{_gbk_replacement()[0]}]")


@cache
def _mojibake() -> re.Pattern[str]:
    gbk = _gbk_replacement()
    return re.compile(f"(?:(?:{gbk})+{gbk[0]}?|{_REPLACEMENT}+)[?？]*")


def quiet(text: str) -> str:
    """``text`` with copy noise blanked or moved aside, the same length."""
    hits = [m.start() for m in _hints().finditer(text)]
    if hits:
        text = _blank_mojibake(text, hits)
        text = _set_aside_brackets(text, hits)
        text = _join_spaced_figures(text, hits)
    if _BREAK_AT_POINT.search(text) or any(pair in text for pair in _POINT_AT_BREAK):
        text = _join_broken_decimals(text)
    breaks = soft_breaks(text)
    return _mend_line_breaks(text, breaks) if breaks else text


def _replace(text: str, start: int, end: int, new: str) -> str:
    """``text`` with ``text[start:end]`` replaced by as many characters."""
    return text[:start] + new + text[end:]


def _blank_mojibake(text: str, hits: list[int]) -> str:
    done = -1
    for pos in hits:
        m = _mojibake().match(text, pos) if pos >= done else None
        if m:
            text = _replace(text, m.start(), m.end(), " " * (m.end() - m.start()))
            done = m.end()
    return text


def _set_aside_brackets(text: str, hits: list[int]) -> str:
    done = -1
    for pos in hits:
        lo = max(pos - _BRACKET_MAX - 1, done, 0)
        opener = max(text.rfind(c, lo, pos + 1) for c in _OPENERS)
        m = _BRACKETED.match(text, opener) if opener >= 0 else None
        if m is None or m.end() <= pos or not _is_noise(m[1]):
            continue
        empty = m[0][0] + " " * len(m[1]) + m[0][-1]
        word = _word_start(text, m.start())
        text = _replace(text, word, m.end(), empty + text[word : m.start()])
        done = m.end()
    return text


def _is_noise(content: str) -> bool:
    return not content.strip() or any(c in _LONE_MARKS or c == _REPLACEMENT or _foreign_letter(c) for c in content)


def _foreign_letter(c: str) -> bool:
    """A letter beyond ASCII: pinyin tone marks (ǒ, à) or Latin-1 read from
    GBK bytes (Ä, Ú). An acronym (GDP, AI) is ASCII and stays."""
    return "\x7f" < c <= "\u024f" and c.isalpha()


def _word_start(text: str, pos: int) -> int:
    """Start of the run of Chinese characters that ends at ``pos``, when
    noise may move there: the run follows punctuation or a line start (not
    a figure: 20个|对外), and holds no figure of its own."""
    start = pos
    while start > 0 and _HAN_LO <= text[start - 1] <= _HAN_HI:
        start -= 1
    if start == pos or (start > 0 and text[start - 1].isalnum()):
        return pos
    return pos if find_quantities(text[start:pos]) else start


def _join_spaced_figures(text: str, hits: list[int]) -> str:
    for pos in hits:
        if text[pos] not in _SPACES or (pos > 0 and text[pos - 1] in _SPACES):
            continue  # only the first character of a run of whitespace
        text = _move_date_gap(text, pos)
        text = _join_figure(text, _number_start(text, pos))
    return text


def _number_start(text: str, end: int) -> int:
    """Start of the number ending at ``end``, or -1."""
    start = end
    while start > 0 and text[start - 1] in _NUMBER_CHARS:
        start -= 1
    while start < end and text[start] not in _DIGITS:
        start += 1
    return start if start < end else -1


def _move_date_gap(text: str, pos: int) -> str:
    m = _DATE_WORD.match(text, pos)
    digits = pos - _number_start(text, pos)
    if m is None or not 0 < digits <= 4 or not text[pos - digits : pos].isdigit():
        return text
    return _replace(text, pos, m.end(), m[1] + text[pos : m.start(1)])


def _join_figure(text: str, start: int) -> str:
    m = _SPLIT_FIGURE.match(text, start) if start >= 0 else None
    if m is None:
        return text
    joined = "".join(c for c in m[0] if not c.isspace())
    if not _has_unit(joined + text[m.end() : m.end() + _FIGURE_WINDOW], len(joined)):
        return text
    return _replace(text, m.start(), m.end(), "0" * (len(m[0]) - len(joined)) + joined)


def _has_unit(window: str, digits: int) -> bool:
    """Does the number opening ``window`` read as a quantity whose unit
    follows its ``digits``? Only then did the whitespace split one figure;
    a number and a word (2024 2025, 5.8 增长) stay apart."""
    for q in find_quantities(window):
        if q.num_start == 0:
            return q.end > digits
    return False


def _join_broken_decimals(text: str) -> str:
    for m in _DECIMAL_BREAK.finditer(text):
        text = _join_figure(text, _number_start(text, m.start() + 1))
    return text


def _mend_line_breaks(text: str, breaks: tuple[tuple[int, int], ...]) -> str:
    for start, end in breaks:
        if text[start - 1] in _NUMBER_CHARS:
            continue  # a figure ends the line: 增长5 / 个百分点 is not mended here
        word = _word_start(text, start)
        text = _replace(text, word, end, text[start:end] + text[word:start])
    return text
