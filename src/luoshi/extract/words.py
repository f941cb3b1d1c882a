"""Words of a short phrase and their parts of speech, from jieba's dictionary.

Naming needs word boundaries (so 达 is stripped from 产量达 but never cut out
of 达标) and a few parts of speech: prepositions, conjunctions, particles,
verbs and proper names. The tool is jieba, whose dictionary of about 350,000
words with their tags ships inside the package, so names never depend on a
download. What was measured, on the windows naming segments (the words
between a clause start and a figure, or after a measure word):

- ``jieba.posseg.cut(HMM=False)`` and ``jieba.cut(HMM=False)`` followed by a
  look-up of each word's tag give the same words and the same tags (posseg
  without the HMM is exactly that); 29 and 36 µs per 25-character window;
- the HMM only regroups runs of characters the dictionary does not know, at
  2.6 times the cost, so it stays off;
- ``import jieba.posseg`` also loads the HMM tables, 1.7 s where bytecode is
  not cached, and builds its tag table from the dictionary text each time.

The dictionary's tags are noisy for verbs (牢记 n, 通达 nr, 终点 d), so naming
trusts them for prepositions, conjunctions, particles and punctuation, and
backs verbs and adverbs with the word lists of ``naming.yaml``.

So this module cuts with ``jieba.Tokenizer.cut(HMM=False)`` and reads tags
from the dictionary itself, kept (without plain nouns, the default) in a
marshal file beside jieba's own cache. Both load once, on the first phrase,
not on import. The caches go to a directory only this user can write
(``$XDG_CACHE_HOME/luoshi`` or ``~/.cache/luoshi``, else a private temporary
directory), never to the shared ``/tmp/jieba.cache`` another user could
plant; jieba's progress lines are silenced. A few terms of government texts
jieba lacks (医共体) are added from ``naming.yaml`` (``dictionary``).
"""

from __future__ import annotations

import atexit
import logging
import marshal
import os
import re
import shutil
import tempfile
import warnings
from functools import cache, lru_cache
from typing import Any

from luoshi.rules import load_yaml

Word = tuple[str, str]  # (word, part of speech)

_DIGITS = re.compile(r"[0-9.]+")
_ASCII = re.compile(r"[A-Za-z0-9.&+#_\-]+")


def _private_dir() -> str:
    """A cache directory owned by this user and closed to others."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "luoshi")
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        st = os.lstat(path)
        if st.st_uid == os.getuid() and not st.st_mode & 0o022 and os.access(path, os.W_OK):
            return path
    except OSError:
        pass
    path = tempfile.mkdtemp(prefix="luoshi-jieba-")
    atexit.register(shutil.rmtree, path, True)
    return path


def _tag_table(tokenizer: Any, cache_dir: str) -> dict[str, str]:
    """Each dictionary word's tag, plain nouns left out (they are the default)."""
    path = os.path.join(cache_dir, "jieba.tags.marshal")
    source = tokenizer.get_dict_file()
    try:
        if os.path.getmtime(path) > os.path.getmtime(source.name):
            with open(path, "rb") as fh:
                table: dict[str, str] = marshal.load(fh)
            source.close()
            return table
    except (OSError, EOFError, ValueError, TypeError):
        pass
    with source:
        rows = (line.decode("utf-8").split() for line in source)
        table = {r[0]: r[2] for r in rows if len(r) == 3 and r[2] != "n"}
    try:
        fd, tmp = tempfile.mkstemp(dir=cache_dir)
        with os.fdopen(fd, "wb") as fh:
            marshal.dump(table, fh)
        os.replace(tmp, path)
    except OSError:
        pass
    return table


@cache
def _dictionary() -> tuple[Any, dict[str, str]]:
    with warnings.catch_warnings():  # jieba's sources hold escapes newer Pythons warn about
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = _private_dir()
    tokenizer.initialize()
    tags = _tag_table(tokenizer, tokenizer.tmp_dir)
    for word, tag in load_yaml("naming.yaml")["dictionary"].items():
        tokenizer.add_word(word)
        tags[word] = tag
    return tokenizer, tags


def _tag(word: str, tokenizer: Any, tags: dict[str, str]) -> str:
    tag = tags.get(word)
    if tag is not None:
        return tag
    if tokenizer.FREQ.get(word):
        return "n"
    if _DIGITS.fullmatch(word):
        return "m"
    return "eng" if _ASCII.fullmatch(word) else "x"


@lru_cache(maxsize=1 << 15)
def words(phrase: str) -> tuple[Word, ...]:
    """``phrase`` cut into dictionary words, each with its jieba tag
    (``n`` noun, ``v`` verb, ``p`` preposition, ``m`` numeral, ``x`` other)."""
    if not phrase:
        return ()
    tokenizer, tags = _dictionary()
    return tuple((w, _tag(w, tokenizer, tags)) for w in tokenizer.cut(phrase, HMM=False))


def starts(ws: tuple[Word, ...]) -> list[int]:
    """Character offsets where each word starts, then the phrase's length."""
    out, at = [], 0
    for w, _ in ws:
        out.append(at)
        at += len(w)
    out.append(at)
    return out
