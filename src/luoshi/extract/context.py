"""Everything extraction knows about one document, built once before its
figures are read: structure, resolvers, indicator mentions, skip ranges.

Extraction reads ``text``: the document in simplified script with copy
noise neutralised, the same length as ``doc.text``, so every offset found
in it is an offset in the document; quotes are cut from ``doc.text``."""

from __future__ import annotations

from bisect import bisect_right

from luoshi.extract.document_region import title_line
from luoshi.extract.indicators import AliasHit, alias_hits
from luoshi.extract.kinds import KindResolver
from luoshi.extract.noise import quiet
from luoshi.extract.owners import OwnerResolver
from luoshi.extract.periods import PeriodResolver, infer_document_year, report_year
from luoshi.extract.regions import RegionResolver
from luoshi.extract.script import simplified
from luoshi.extract.structure import Structure
from luoshi.extract.text_tables import Cell, table_cells
from luoshi.types import Document


class DocContext:
    def __init__(self, doc: Document) -> None:
        text = quiet(simplified(doc.text))
        self.doc = doc
        self.text = text
        self.structure = Structure(text)
        region, doc_title = (simplified(s) if s else s for s in (doc.region, doc.title))
        title = doc_title or title_line(text)
        self.doc_year = report_year(title) or (doc.published.year if doc.published else infer_document_year(text))
        self.regions = RegionResolver(text, self.structure, region, doc_title)
        self.periods = PeriodResolver(text, self.structure, self.doc_year, title)
        self.kinds = KindResolver(text, self.structure)
        self.owners = OwnerResolver(text, self.structure)
        self.aliases = alias_hits(text)
        self.alias_starts = [h.start for h in self.aliases]
        cells, self.table_figures = table_cells(text)
        self.cells = cells
        self.cell_starts = [c.start for c in cells]
        self.skip = sorted(doc.skip)
        self.skip_starts = [s for s, _ in self.skip]

    def cell_at(self, pos: int) -> Cell | None:
        """The table cell a figure starting at ``pos`` stands in."""
        i = bisect_right(self.cell_starts, pos) - 1
        return self.cells[i] if i >= 0 and self.cells[i].end > pos else None

    def skipped(self, pos: int) -> bool:
        """Inside page furniture the loader marked."""
        i = bisect_right(self.skip_starts, pos) - 1
        return i >= 0 and self.skip[i][1] > pos

    def first_alias(self, lo: int, hi: int) -> AliasHit | None:
        """The first indicator name lying wholly in ``text[lo:hi]``."""
        i = bisect_right(self.alias_starts, lo - 1)
        if i < len(self.aliases) and self.aliases[i].end <= hi:
            return self.aliases[i]
        return None

    def last_alias(self, lo: int, hi: int) -> AliasHit | None:
        """The last indicator name lying wholly in ``text[lo:hi]``."""
        i = bisect_right(self.alias_starts, hi) - 1
        while i >= 0 and self.aliases[i].start >= lo:
            if self.aliases[i].end <= hi:
                return self.aliases[i]
            i -= 1
        return None
