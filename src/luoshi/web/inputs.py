"""What the web accepts of a request's text before any of it reaches the
store: bounded page offsets and lengths, and no control or direction-changing
characters. PostgreSQL refuses a NUL in any text, so an unchecked one would
end a read in a database error; an RTL override makes a name read other than
it is. Every refusal is a 422 naming the field, never echoing the bad value.

``plain_inputs`` checks every query and path value and every text field of a
form or JSON body of a request (a dependency of the API and page routers);
``name_field`` and ``text_field`` are a route's own, tighter bounds."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from fastapi import Request

from luoshi.web.errors import WebError

MAX_OFFSET = 10**9  # rows skipped by a page; more than any store holds, less than any integer column overflows at
MAX_QUERY_VALUE = 1000  # characters of one query or path value (keys, filters, search phrases)
MAX_FORM_VALUE = 10_000  # characters of one text field; a route's own bounds are tighter
MAX_NAME = 100  # characters of a name people give (an owner, a department)
MAX_TITLE = 200  # characters of a title
MAX_NOTE = 2000  # characters of a free-text note
# C0 and C1 controls, zero-width and direction marks, embeddings, overrides
# and isolates, BOM, interlinear annotation, lone surrogates (only a JSON
# escape can carry one) and noncharacters.
_INVISIBLE = "\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff\ufffe\uffff"
_ANY_INVISIBLE = re.compile(f"[{_INVISIBLE}]")
# Free text may keep its tabs and line breaks.
_INVISIBLE_IN_TEXT = re.compile("[" + _INVISIBLE.replace("\x00-\x1f", "\x00-\x08\x0b\x0c\x0e-\x1f") + "]")
# Fields whose value is never stored or shown as text: a password is hashed,
# a CSRF token compared. Their own checks apply.
_OPAQUE = {"password"}


def shown(text: str, most: int = 40) -> str:
    """A value as an error message may quote it: invisible characters as
    U+XXXX, at most ``most`` characters."""
    out = _ANY_INVISIBLE.sub(lambda m: f"U+{ord(m.group()):04X}", text)
    return out if len(out) <= most else out[:most] + "…"


def _check(label: str, value: str, most: int, multiline: bool) -> None:
    if len(value) > most:
        raise WebError(422, f"{label}太长（{len(value)} 个字符）：最多 {most} 个字符")
    found = (_INVISIBLE_IN_TEXT if multiline else _ANY_INVISIBLE).search(value)
    if found is not None:
        raise WebError(
            422, f"{label}含有不可见的控制字符或改变文字方向的字符（U+{ord(found.group()):04X}），请删去后重试"
        )


def _strings(value: Any, path: str) -> list[tuple[str, str]]:
    """Every (where, text) of a JSON value: keys and values, at any depth."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [
            pair for k, v in value.items() for pair in (*_strings(k, path), *_strings(v, f"{path}.{k}" if path else k))
        ]
    if isinstance(value, list):
        return [pair for i, v in enumerate(value) for pair in _strings(v, f"{path}[{i}]")]
    return []


async def plain_inputs(request: Request) -> None:
    """Refuse (422) a request any of whose query, path or text field values
    is too long or holds an invisible or direction-changing character."""
    for name, value in request.query_params.multi_items():
        _check(f"参数 {shown(name)} ", value, MAX_QUERY_VALUE, multiline=False)
    for name, value in request.path_params.items():
        if isinstance(value, str):
            _check(f"路径中的 {shown(name)} ", value, MAX_QUERY_VALUE, multiline=False)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        # FastAPI has parsed the form before the dependencies run: this reads it again from memory.
        for name, field in (await request.form()).multi_items():
            if isinstance(field, str) and name not in _OPAQUE:
                _check(f"字段 {shown(name)} ", field, MAX_FORM_VALUE, multiline=True)
    elif kind == "application/json" or kind.endswith("+json"):
        body = await request.body()
        try:
            found = _strings(json.loads(body), "") if body else []
        except (ValueError, RecursionError):
            return  # the route's own parsing answers for malformed JSON
        for where, text in found:
            _check(f"字段 {shown(where or '（正文）')} ", text, MAX_FORM_VALUE, multiline=True)


def name_field(value: str, what: str, most: int = MAX_NAME) -> str:
    """A name people give (an owner, a department): stripped, NFKC-normalised
    (so ⾃治区 written with a Kangxi radical is 自治区, full-width letters
    plain), not empty, at most ``most`` characters, one line."""
    name = unicodedata.normalize("NFKC", value).strip()
    if not name:
        raise WebError(422, f"{what}不能为空")
    _check(what, name, most, multiline=False)
    return name


def text_field(value: str, what: str, most: int = MAX_NOTE, *, required: bool = False) -> str:
    """Free text (a note, a reason): NFC-normalised, line breaks kept, at
    most ``most`` characters."""
    text = unicodedata.normalize("NFC", value).strip()
    if required and not text:
        raise WebError(422, f"{what}不能为空")
    _check(what, text, most, multiline=True)
    return text
