"""From a document to statements: quantities, then indicator, measure,
region, period, kind and owner for each; events alongside."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from datetime import date

from luoshi.extract.context import DocContext
from luoshi.extract.events import find_events
from luoshi.extract.indicators import alias_hits
from luoshi.extract.measures import declines, index_change, measure_of
from luoshi.extract.preliminary import flag_preliminary
from luoshi.extract.repeats import merge_repeats
from luoshi.extract.respectively import ListState
from luoshi.extract.structure import Zone
from luoshi.extract.subjects import Subject, indicator_of, subject_of
from luoshi.extract.text_tables import Cell
from luoshi.numbers import Quantity, find_quantities
from luoshi.types import Document, Kind, Measure, Statement

_MAX_QUOTE = 60
_ZONE_RULES = {zone: f"zone.{zone.value}" for zone in Zone}  # an enum's value is a property: read once


def extract(
    text: str,
    doc: str = "text",
    published: date | str | None = None,
    region: str | None = None,
) -> list[Statement]:
    """Extract statements from a text. ``published`` anchors 今年/去年;
    ``region`` is what 全省/全区 mean."""
    if isinstance(published, str):
        published = date.fromisoformat(published)
    return extract_document(Document(name=doc, text=text, published=published, region=region))


def extract_many(docs: Iterable[Document]) -> Iterator[Statement]:
    """Batch entry point: statements of many documents, one after another."""
    for d in docs:
        yield from extract_document(d)


def extract_document(doc: Document) -> list[Statement]:
    """Every figure and event of one document, in text order."""
    ctx = DocContext(doc)
    out = flag_preliminary(doc.text, merge_repeats(ctx.text, _figures(ctx)))
    out.extend(_events(ctx))
    out.sort(key=lambda s: (s.start, s.end))
    return out


def _figures(ctx: DocContext) -> list[Statement]:
    out: list[Statement] = []
    subject: Subject | None = None
    lists = ListState()
    last_end = 0
    # Most texts have no page furniture and no table: then no figure asks.
    skips, cells = bool(ctx.skip), bool(ctx.cells)
    for q in _quantities(ctx):
        if skips and ctx.skipped(q.start):
            continue
        # The figure's clause and sentence, asked once here for the list, the subject, the region and the period.
        cs = ctx.structure.clause_start(q.start)
        sent = ctx.structure.sentence_start(q.start)
        lists.meet(ctx, q, out, last_end, cs)
        forced = lists.subject(subject)
        cell = ctx.cell_at(q.start) if cells else None
        if cell is not None:
            forced = _column_subject(ctx, cell, q)
        stmt, new_subject = _figure(ctx, q, subject, forced, last_end, cs, sent)
        if stmt is None:
            lists.skip(len(out))
            continue
        if cell is not None and cell.place is not None:
            stmt = dataclasses.replace(stmt, region=cell.place.name, region_code=cell.place.code)
        out.append(lists.placed(ctx, stmt))
        last_end = q.end
        # A comparison (高于全国0.8个百分点) is not what the next figure is about.
        if stmt.measure is not Measure.PP_DIFF or subject is None:
            subject = new_subject
    lists.close(out)
    return out


def _quantities(ctx: DocContext) -> list[Quantity]:
    """The quantities of the text, and the bare numbers of table cells whose
    unit only their column's header gives."""
    found = find_quantities(ctx.text)
    return sorted(found + ctx.table_figures, key=lambda q: q.start) if ctx.table_figures else found


def _column_subject(ctx: DocContext, cell: Cell, q: Quantity) -> Subject:
    """A table cell's figure is about what its column's header names."""
    hits = alias_hits(cell.name)
    fam = hits[0].family if hits else None
    sent = ctx.structure.sentence_start(q.start)
    return Subject(fam, fam.name if fam else cell.name, cell.start, sent)


def _figure(
    ctx: DocContext, q: Quantity, prev: Subject | None, forced: Subject | None, since: int, cs: int, sent: int
) -> tuple[Statement | None, Subject]:
    """The statement of one quantity, whose clause starts at ``cs`` and
    sentence at ``sent``, and its subject for the next one."""
    subject, span_start = (forced, cs) if forced is not None else subject_of(ctx, q, prev, since, cs, sent)
    if q.unit_class == "bare":
        unit = subject.family.bare_unit if subject.family else None
        if unit is None:
            return None, subject  # 12万 of what? Not a figure luoshi can stand behind.
        q = dataclasses.replace(q, unit=q.unit + unit, stem=unit, unit_class="level")
    measure = measure_of(ctx, q, subject, cs)
    q = index_change(ctx, q, cs)  # 居民消费价格指数为102.1%: a rise of 2.1 %
    if q.unit_class == "percent":
        subject.measure_hint = measure
    indicator, indicator_name = indicator_of(ctx, subject, q, measure, cs)
    zone = ctx.structure.zone(q.start)
    year = ctx.periods.explicit_year(q.start)
    figure = ctx.text[q.start : q.end]
    kind, kind_rule = ctx.kinds.resolve(q.start, zone, year, ctx.doc_year, figure, q.value_high is not None)
    owners = ctx.owners.resolve(q.start)
    owner = owners[0] if owners else None
    owner_region = ctx.regions.region_of_name(owner) if owner else None
    region = ctx.regions.resolve(q.start, owner_region, narrow=zone is not Zone.NONE, clause=cs)
    sign = -1.0 if declines(ctx, q, measure, cs) else 1.0
    start = _span_start(ctx.text, span_start, q)
    end = q.end + (subject.tail if subject is not prev else 0)
    flow = measure in (Measure.LEVEL, Measure.COUNT)
    period = ctx.periods.figure_period(q.start, q.end, zone, kind, flow, year, sent, cs)
    # The fields up to value_text by position: CPython compiles a call with
    # more than fifteen keywords to build a dict first (its stack-use
    # guideline), which cost a microsecond a figure, 2-3 % of extraction.
    stmt = Statement(
        ctx.doc.name,  # doc
        start,
        end,
        ctx.doc.text[start:end],  # quote
        kind,
        period,
        region.name if region else "",  # region
        region.code if region else None,  # region_code
        indicator,
        indicator_name,
        measure,
        sign * q.value,  # value
        sign * q.value_high if q.value_high is not None else None,  # value_high
        q.unit,  # unit
        sign * q.base_value,  # base_value
        q.stem,  # base_unit
        q.qualifier,  # qualifier
        ctx.doc.text[q.start : q.end],  # value_text
        owner=owner,
        co_owners=owners[1:],
        cumulative="累计" in ctx.text[cs : q.start],
        in_name=q.named or q.chinese and _quoted(ctx.text, sent, q.start),
        rules=(
            f"indicator.{subject.family.family}" if subject.family else "indicator.named_from_text",
            kind_rule,
            _ZONE_RULES[zone],
        ),
    )
    return stmt, subject


def _quoted(text: str, sentence_start: int, pos: int) -> bool:
    """``pos`` lies inside quotation marks opened earlier in its sentence."""
    before = text[sentence_start:pos]
    return before.count("“") > before.count("”") or before.count("‘") > before.count("’")


def _span_start(text: str, start: int, q: Quantity) -> int:
    start = max(start, q.start - _MAX_QUOTE)
    while start < q.start and text[start] in ' \t\u3000“”‘’"':
        start += 1
    return start


def _events(ctx: DocContext) -> Iterator[Statement]:
    for ev in find_events(ctx.text, ctx.structure, ctx.doc_year, ctx.doc.published, ctx.regions.doc_region):
        if ctx.skipped(ev.start):
            continue
        region = ctx.regions.resolve(ev.end)
        # 会上共签约32个项目: no party named; the place the text is about signed.
        parties = ev.parties or ((region.name,) if region else ())
        yield Statement(
            doc=ctx.doc.name,
            start=ev.start,
            end=ev.end,
            quote=ctx.doc.text[ev.start : ev.end],
            kind=Kind.EVENT,
            period=ev.date or (str(ctx.doc_year) if ctx.doc_year else ""),
            region=region.name if region else "",
            region_code=region.code if region else None,
            parties=tuple(_party(ctx, p) for p in parties),
            event_type=ev.type,
            rules=(f"events.{ev.rule}",),
        )


def _party(ctx: DocContext, name: str) -> str:
    region = ctx.regions.gazetteer.by_name(name)
    return region.name if region is not None else name
