"""Core records: a loaded document and the statements extracted from it.

Every statement is a span over the untouched document text: ``quote`` is
always ``document.text[start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from enum import Enum, StrEnum
from operator import attrgetter
from typing import Any

from luoshi.frozen_init import fast_init


class Kind(StrEnum):
    ACTUAL = "actual"
    TARGET = "target"
    EVENT = "event"


class Measure(StrEnum):
    LEVEL = "level"
    COUNT = "count"
    GROWTH_PCT = "growth_pct"
    RATE_PCT = "rate_pct"
    PP_DIFF = "pp_diff"


class Qualifier(StrEnum):
    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    RANGE = "range"
    APPROX_BELOW = "approx_below"
    MORE_THAN = "more_than"


@dataclass(frozen=True, slots=True)
class Document:
    """Decoded text plus metadata. ``skip`` holds page-furniture ranges that
    extraction ignores; the text itself is never rewritten."""

    name: str
    text: str
    title: str | None = None
    region: str | None = None
    published: date | None = None
    source: str | None = None
    loader: str = "text"
    skip: tuple[tuple[int, int], ...] = ()


@fast_init
@dataclass(frozen=True, slots=True)
class Statement:
    """One figure (or event) with its evidence span, in the contract's fields."""

    doc: str
    start: int
    end: int
    quote: str
    kind: Kind
    period: str
    region: str
    region_code: str | None = None
    indicator: str | None = None
    indicator_name: str | None = None
    measure: Measure | None = None
    value: float | None = None
    value_high: float | None = None
    unit: str | None = None
    base_value: float | None = None
    base_unit: str | None = None
    qualifier: Qualifier | None = None
    value_text: str | None = None
    owner: str | None = None
    co_owners: tuple[str, ...] = ()  # the other responsible units (责任单位, 配合单位)
    parties: tuple[str, ...] = ()
    event_type: str | None = None
    cumulative: bool = False  # a running total (累计近6万列), not the period's own amount
    preliminary: bool = False  # an outcome its sentence calls 预计/初步核算/快报: a final figure goes first
    in_name: bool = False  # the numeral names a programme (“六大产业集群”)
    repeats: tuple[tuple[int, int], ...] = ()  # other spans saying the same figure (a headline, a copy)
    rules: tuple[str, ...] = field(default=())
    # The day a task is due (ISO date, 2025-06-30): set where an office's
    # task list gives a 完成时限 (luoshi.tasks); None: no deadline known.
    deadline: str | None = None
    # The stored document's id, where the statement was read from a store or
    # linked with its document (None: extracted in memory). Not a contract
    # field — ``doc`` names the document there — and not part of equality:
    # the same statement read back equals the one stored.
    doc_id: str | None = field(default=None, compare=False)
    # Its position among its document's stored statements (read from a store;
    # None otherwise): with ``doc_id``, what names it even where two
    # statements share a span (五个十大: 五个 and 十大). Not a contract field.
    seq: int | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Contract-shaped dict: enums as strings, empty optionals dropped
        (``doc_id`` is left out: the contract names documents by ``doc``)."""
        # Not dataclasses.asdict (it deep-copies every value, five times the
        # cost), nor a test of every field: an API page converts thousands.
        out = dict(zip(_STATEMENT_FIELDS, _FIELD_VALUES(self), strict=True))
        for key in _ENUM_FIELDS:
            val = out[key]
            if isinstance(val, Enum):
                out[key] = val.value
        for key in _DROPPED_WHEN_NONE:
            if out[key] is None:
                del out[key]
        for key in _DROPPED_WHEN_FALSE:
            if not out[key]:
                del out[key]
        for key in ("parties", "co_owners"):
            if out[key]:
                out[key] = list(out[key])
            else:
                del out[key]
        if self.repeats:
            out["repeats"] = [list(span) for span in self.repeats]
        else:
            del out["repeats"]
        out["rules"] = list(self.rules)
        return out


_STATEMENT_FIELDS = tuple(f.name for f in fields(Statement) if f.name not in ("doc_id", "seq"))
_FIELD_VALUES = attrgetter(*_STATEMENT_FIELDS)
_ENUM_FIELDS = ("kind", "measure", "qualifier")
_DROPPED_WHEN_NONE = ("value_text", "owner", "event_type", "deadline")
_DROPPED_WHEN_FALSE = ("cumulative", "preliminary", "in_name")
