"""Audit entries as people read them: the action in Chinese, the before and
after records as field-name: value pairs with Chinese field names, and a
one-line summary. The words are data (``rules/data/audit_words.yaml``);
the log itself keeps its codes and English keys."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from luoshi.accounts.records import AuditEntry
from luoshi.clock import ZONE_WORDS, beijing_text
from luoshi.rules import load_yaml
from luoshi.track.tables import period_words

NOTHING = "—"
_LABEL = "_label"  # X_label beside X: the word for X's value, recorded with it


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a record: its Chinese name, its value in words, and
    whether the entry changed it (only for an entry with both records)."""

    key: str
    name: str
    text: str
    changed: bool = False


@dataclass(frozen=True, slots=True)
class Worded:
    """An audit entry in words."""

    action: str
    object: str
    before: tuple[Field, ...]
    after: tuple[Field, ...]
    summary: str


@dataclass(frozen=True, slots=True)
class _Words:
    actions: Mapping[str, str]
    fields: Mapping[str, str]
    values: Mapping[str, Mapping[str, str]]
    objects: Mapping[str, str]


@cache
def _words() -> _Words:
    data = load_yaml("audit_words.yaml")
    return _Words(data["actions"], data["fields"], data["values"], data["objects"])


def action_words(code: str) -> str:
    """owner.assign → 指定责任单位; an unknown code as it is."""
    return _words().actions.get(code, code)


def field_name(key: str) -> str:
    """owner → 责任单位; an unknown key as it is."""
    return _words().fields.get(key, key)


def object_words(obj: str) -> str:
    """user:zhang → 用户 zhang, document:3f9c… → 文档 3f9c…, a target's key → 目标 KEY."""
    kind, colon, rest = obj.partition(":")
    word = _words().objects.get(kind) if colon else None
    return f"{word} {rest}" if word else f"目标 {obj}"


def value_words(key: str, value: Any, record: Mapping[str, Any] | None = None) -> str:
    """A recorded value in words: codes by ``values`` (or the record's own
    ``KEY_label``), times in Beijing time, periods as 2025年, yes/no as 是/否."""
    if record is not None and isinstance(record.get(key + _LABEL), str):
        return str(record[key + _LABEL])
    if value is None or value == "":
        return NOTHING
    if isinstance(value, bool):
        return "是" if value else "否"
    coded = _words().values.get(key)
    if coded is not None and str(value) in coded:
        return coded[str(value)]
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, str) and key.endswith("_at"):
        return _time(value)
    if isinstance(value, str) and key == "period":
        return period_words(value)
    if isinstance(value, list | tuple):
        return "、".join(value_words(key, v) for v in value) or NOTHING
    if isinstance(value, Mapping):
        return "；".join(f"{field_name(k)}：{value_words(k, v)}" for k, v in value.items()) or NOTHING
    return str(value)


def fields(record: Mapping[str, Any] | None, other: Mapping[str, Any] | None = None) -> tuple[Field, ...]:
    """``record``'s fields in the words' order (unknown ones after, by key),
    each marked changed when ``other`` (the entry's other record) differs."""
    if record is None:
        return ()
    order = {k: i for i, k in enumerate(_words().fields)}
    keys = [k for k in record if not (k.endswith(_LABEL) and k[: -len(_LABEL)] in record)]
    keys.sort(key=lambda k: (order.get(k, len(order)), k))
    return tuple(
        Field(k, field_name(k), value_words(k, record[k], record), other is not None and other.get(k) != record[k])
        for k in keys
    )


def worded(entry: AuditEntry) -> Worded:
    """``entry`` in words, with a summary: what changed (责任单位：— → 自治区商务厅),
    or what was recorded when nothing was before."""
    before = fields(entry.before, entry.after)
    after = fields(entry.after, entry.before)
    action = action_words(entry.action)
    obj = object_words(entry.object)
    return Worded(action, obj, before, after, _summary(entry.username, action, obj, before, after))


def _summary(username: str, action: str, obj: str, before: tuple[Field, ...], after: tuple[Field, ...]) -> str:
    head = f"{username} {action}（{obj}）"
    if before and after:
        was = {f.key: f.text for f in before}
        changes = [f"{f.name}：{was.get(f.key, NOTHING)} → {f.text}" for f in after if f.changed]
        changes += [f"{f.name}：{f.text} → {NOTHING}" for f in before if f.key not in {a.key for a in after}]
        return head + ("：" + "；".join(changes) if changes else "：无变化")
    shown = after or before
    return head + ("：" + "；".join(f"{f.name}：{f.text}" for f in shown) if shown else "")


def _number(value: float) -> str:
    """4800.0 → 4800, 1.32 → 1.32: as a person writes it, never 1e+06."""
    if isinstance(value, int) or not math.isfinite(value):
        return str(value)
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _time(text: str) -> str:
    """A recorded time (ISO, UTC unless it says otherwise) in Beijing time."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    return f"{beijing_text(moment)}（{ZONE_WORDS}）"
