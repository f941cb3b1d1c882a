"""The tracking rules of ``rules/data/status.yaml`` as one typed, validated
record: tolerances, authority ranks by source type, the types a trusted
import infers, variants, status words."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from luoshi.errors import RulesError
from luoshi.rules import load_yaml
from luoshi.source_types import SourceType
from luoshi.types import Measure, Qualifier

PERCENT_MEASURES = frozenset({Measure.GROWTH_PCT, Measure.RATE_PCT, Measure.PP_DIFF})
STATUS_IDS = ("met", "exceeded", "missed", "ahead", "on_pace", "behind", "no_data", "overdue", "due_soon")


@dataclass(frozen=True)
class InferredType:
    """One entry of ``inferred_types``: a document of this loader, or whose
    name or title holds one of these words, is of this type (trusted
    imports only)."""

    type: SourceType
    loader: str | None = None
    title_contains: tuple[str, ...] = ()


@dataclass(frozen=True)
class TrackRules:
    tolerance_percent: float
    tolerance_relative: float
    exceeded_qualifiers: frozenset[Qualifier]
    exceeded_percent: float
    exceeded_relative: float
    on_pace_band: float
    lower_is_better: frozenset[str]
    ceilings: frozenset[str]
    authority: dict[SourceType, int]  # rank of each source type, higher first
    inferred_types: tuple[InferredType, ...]
    variants: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    previous_level: float
    gap_chars: int
    national_points: float
    above_national: tuple[str, ...]
    below_national: tuple[str, ...]
    words: dict[str, str]

    def tolerance(self, measure: Measure | None, value: float) -> float:
        """How far from an `about` target still counts as met, in the target's units."""
        if measure in PERCENT_MEASURES:
            return self.tolerance_percent
        return abs(value) * self.tolerance_relative

    def exceeded_margin(self, measure: Measure | None, value: float) -> float:
        if measure in PERCENT_MEASURES:
            return self.exceeded_percent
        return abs(value) * self.exceeded_relative


def _section(data: dict[str, Any], key: str) -> Any:
    if key not in data:
        raise RulesError(f"rules/data/status.yaml: missing section {key!r}")
    return data[key]


def _authority(ranks: dict[str, Any]) -> dict[SourceType, int]:
    if set(ranks) != {t.value for t in SourceType}:
        raise RulesError(f"rules/data/status.yaml: authority must rank exactly {', '.join(SourceType)}")
    return {SourceType(t): int(rank) for t, rank in ranks.items()}


def _inferred_types(rows: list[dict[str, Any]]) -> tuple[InferredType, ...]:
    out = tuple(InferredType(SourceType(r["type"]), r.get("loader"), tuple(r.get("title_contains", ()))) for r in rows)
    if not out or out[-1].loader or out[-1].title_contains:
        raise RulesError("rules/data/status.yaml: inferred_types must end with a catch-all entry (no loader, no title)")
    return out


def _variants(data: dict[str, dict[str, list[str]]]) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    return {ind: tuple((name, tuple(words)) for name, words in groups.items()) for ind, groups in data.items()}


@cache
def track_rules() -> TrackRules:
    """The rules, read once per process; RulesError when the file is malformed."""
    d = load_yaml("status.yaml")
    con = _section(d, "consistency")
    words = dict(_section(d, "words"))
    if set(words) != set(STATUS_IDS):
        raise RulesError(f"rules/data/status.yaml: words must name exactly {', '.join(STATUS_IDS)}")
    try:
        return TrackRules(
            tolerance_percent=float(d["tolerance"]["percent"]),
            tolerance_relative=float(d["tolerance"]["relative"]),
            exceeded_qualifiers=frozenset(Qualifier(q) for q in d["exceeded"]["qualifiers"]),
            exceeded_percent=float(d["exceeded"]["percent"]),
            exceeded_relative=float(d["exceeded"]["relative"]),
            on_pace_band=float(_section(d, "on_pace_band")),
            lower_is_better=frozenset(_section(d, "lower_is_better")),
            ceilings=frozenset(_section(d, "ceilings")),
            authority=_authority(_section(d, "authority")),
            inferred_types=_inferred_types(_section(d, "inferred_types")),
            variants=_variants(_section(d, "variants")),
            previous_level=float(con["previous_level"]),
            gap_chars=int(con["gap_chars"]),
            national_points=float(con["national_points"]),
            above_national=tuple(con["above_national"]),
            below_national=tuple(con["below_national"]),
            words=words,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise RulesError(f"rules/data/status.yaml: {type(exc).__name__}: {exc}") from exc
