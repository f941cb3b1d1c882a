"""Names of the items of a list a figure list is handed out over
(A、B分别增长5%、6%): each item takes the head words it shares with the others
(城镇、农村居民人均可支配收入 -> 城镇居民人均可支配收入)."""

from __future__ import annotations

import re

from luoshi.extract.naming import lexicon
from luoshi.extract.words import starts, words

_ORDINAL = re.compile(r"第[0-9一二三四五六七八九十]+")
_MEASURE_CHARS = tuple("数率额量值比")


def listed_name(name: str, last: str, heads: tuple[str, ...] = ()) -> str:
    """A name in a list that shares the last item's head takes it
    (城镇、农村居民人均可支配收入 -> 城镇居民人均可支配收入; 刑事、治安案件 -> 刑事案件;
    国家级、部级创新平台 -> 国家级创新平台; 食品、…信息等产业增加值 -> 食品产业增加值).
    ``heads`` are words where a shared head begins (城镇和农村牧区|常住居民…)."""
    name = name.strip()
    at = _etc(last)
    if at >= 0:
        head = last[at + 1 :]
        return name if name.endswith(head) else name + head
    if not name or name == last:
        return name
    ordinal = _ORDINAL.match(last)
    if ordinal and _ORDINAL.fullmatch(name):  # 第一、第三产业增加值
        return name + last[ordinal.end() :]
    ws = words(last)
    if len(name) <= 3 and not last.endswith(name) and len(last) >= 4:
        # 刑事、治安案件: the first word of the last item is what sets it apart.
        shared = next((at for h in heads if (at := last.find(h)) > 0), len(ws[0][0]) if len(ws) > 1 else 2)
        return name + last[shared:]
    bounds = set(starts(ws))
    for k in range(len(name), 0, -1):  # 规模以上高技术|制造业 + 装备|制造业|增加值: whole words only
        at = last.find(name[-k:])
        if at in bounds and at + k in bounds:
            return name + last[at + k :]
    # 上海机场航空旅客和货邮|吞吐量: a head word of the last item, when the name has none.
    lex = lexicon()
    head = next((h for h in lex.measure_heads if last.endswith(h)), "") if len(ws) > 1 else ""
    has_head = name.endswith(_MEASURE_CHARS) or any(name.endswith(h) for h in (*lex.measure_heads, *lex.list_counts))
    return name if not head or has_head else name + head


def shared_modifier(first: str, item: str) -> str:
    """A short item after a counted first one shares what it counts
    (生产安全事故起数、死亡人数 -> 生产安全事故死亡人数)."""
    ws = words(first)
    if len(item) > 4 or len(ws) < 2 or ws[-1][0] not in lexicon().list_counts or item == first:
        return item
    return first[: -len(ws[-1][0])] + item


def _etc(item: str) -> int:
    """Where the word 等 stands in a list item (信息等产业增加值), or -1;
    never inside a word (高等教育)."""
    at = starts(ws := words(item))
    return next((at[k] for k, (w, _) in enumerate(ws) if w == "等" and k > 0), -1)


def strip_list_tail(last: str) -> str:
    """The last item of a list read alone (信息等产业增加值 -> 信息产业增加值)."""
    at = _etc(last)
    return last[:at] + last[at + 1 :] if at > 0 else last
