"""Helpers for the tracking tests: small documents written by the team,
extracted and indexed in memory, and statements built by hand."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from luoshi.extract import extract_document
from luoshi.ingest import stored
from luoshi.store import StoredDocument
from luoshi.track.link_index import TrackIndex
from luoshi.types import Document, Kind, Measure, Qualifier, Statement

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpus" / "seed" / "000_39f8f6a33f179f43.txt"
REPORTS = SHARED / "corpus" / "gwr2026"
NMG_REPORT = REPORTS / "2026_内蒙古自治区_政府工作报告.csv"
NMG_STATS = ROOT / "statistics" / "nmg_2025_sample.csv"
IM = "内蒙古自治区"


@dataclass(frozen=True)
class Text:
    """A short document written for a test."""

    name: str
    text: str
    published: str | None = None
    title: str | None = None
    region: str = IM
    loader: str = "text"

    def document(self) -> Document:
        published = date.fromisoformat(self.published) if self.published else None
        return Document(self.name, self.text, self.title, self.region, published, loader=self.loader)

    def stored(self) -> StoredDocument:
        return stored(self.document())

    def statements(self) -> list[Statement]:
        return extract_document(self.document())


def index_of(*texts: Text, extra: Sequence[tuple[StoredDocument, list[Statement]]] = ()) -> TrackIndex:
    """An in-memory index of team texts, extracted (and of ready-made statements)."""
    docs = [t.stored() for t in texts] + [d for d, _ in extra]
    statements = [s for t in texts for s in t.statements()] + [s for _, ss in extra for s in ss]
    return TrackIndex.build(statements, docs)


def figure(
    value: float,
    *,
    kind: Kind = Kind.ACTUAL,
    indicator: str = "port_freight_volume",
    measure: Measure = Measure.LEVEL,
    qualifier: Qualifier = Qualifier.EXACT,
    period: str = "2025",
    unit: str = "亿吨",
    scale: float = 1e8,
    value_text: str | None = None,
    value_high: float | None = None,
    doc: str = "doc.txt",
    quote: str | None = None,
    region: str = IM,
    start: int = 0,
    **more: object,
) -> Statement:
    """A statement built by hand, for rules tested apart from extraction."""
    written = value_text if value_text is not None else f"{value:g}{unit}"
    q = quote or written
    return Statement(
        doc=doc, start=start, end=start + len(q), quote=q, kind=kind, period=period, region=region,
        indicator=indicator, measure=measure, value=value, value_high=value_high, unit=unit,
        base_value=value * scale, base_unit=unit[-1:] if scale != 1 else unit, qualifier=qualifier,
        value_text=written, **more,  # type: ignore[arg-type]
    )  # fmt: skip


def percent(value: float, **kw: object) -> Statement:
    """A growth-rate statement (gdp_growth unless told otherwise)."""
    kw.setdefault("indicator", "gdp_growth")
    kw.setdefault("measure", Measure.GROWTH_PCT)
    return figure(value, unit="%", scale=1, **kw)  # type: ignore[arg-type]


def moved(s: Statement, **changes: object) -> Statement:
    return dataclasses.replace(s, **changes)  # type: ignore[arg-type]
