"""分别 lists: 'A、B分别增长5%、6%' hands one subject, or one place, to each
figure of the list that follows, and a qualifier written once after the
last figure bounds them all."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from luoshi.extract.context import DocContext
from luoshi.extract.naming import is_predicate_only
from luoshi.extract.subjects import Subject, respectively
from luoshi.gazetteer import Region
from luoshi.numbers import Quantity
from luoshi.types import Qualifier, Statement

_LIST_JOINERS = {"、", "和", "与", "及", "，", ","}


@dataclass
class ListState:
    """Where a document's reading stands in its 分别 lists."""

    listed: list[Subject] = field(default_factory=list)  # subjects still waiting for their figure
    group: list[int] = field(default_factory=list)  # indexes in the output of the list's figures
    named: list[Subject] = field(default_factory=list)  # the last list's subjects, for a second list
    places: list[Region] = field(default_factory=list)  # 赤峰市、通辽市分别增长…: one per figure

    def meet(self, ctx: DocContext, q: Quantity, out: list[Statement], last_end: int, cs: int) -> None:
        """A figure at ``q``, its clause starting at ``cs``: it goes on the
        list, or ends it and may open another."""
        if self.group and ctx.text[last_end : q.start].strip() in _LIST_JOINERS:
            self.group.append(len(out))
            return
        self.close(out)
        at = ctx.text.find("分别", cs, q.start)
        self.listed = respectively(ctx, q) if at >= 0 else []  # most figures: no 分别 before them
        if self.listed:
            self.named = list(self.listed)
        elif self.named and _list_goes_on(ctx, q, out, self.group):
            self.listed = list(self.named)  # 分别实现63848元、32729元，增长4.6%、6%左右: the same order again
        self.group = [len(out)] if at >= 0 or self.listed else []
        self.places = ctx.regions.listed(ctx.structure.sentence_start(q.start), at) if at >= 0 else []
        if self.places:
            self.listed = []  # the list names places; the figures share one indicator

    def subject(self, previous: Subject | None) -> Subject | None:
        """The subject the list hands this figure, if any."""
        if self.places and len(self.group) > 1:
            return previous  # 赤峰市、通辽市进出口分别增长5%和6%: one indicator for each place
        return self.listed.pop(0) if self.listed else None

    def skip(self, index: int) -> None:
        """The figure about to take ``index`` gave no statement."""
        if self.group and self.group[-1] == index:
            self.group.pop()

    def placed(self, ctx: DocContext, stmt: Statement) -> Statement:
        """The statement of the list's figure, with its place; the measure
        goes to the subjects still waiting."""
        for waiting in self.listed:
            waiting.measure_hint = stmt.measure
        if not self.group or len(self.group) > len(self.places):
            return stmt
        place = self.places[len(self.group) - 1]
        return _own_unit(ctx, dataclasses.replace(stmt, region=place.name, region_code=place.code), place)

    def close(self, out: list[Statement]) -> None:
        """The list ends: a qualifier after its last figure bounds the rest."""
        _share_qualifier(out, self.group)


def _own_unit(ctx: DocContext, stmt: Statement, place: Region) -> Statement:
    """A figure of one place of a 分别 list, whose units are listed in the
    same order (苏尼特右旗、镶黄旗分别有5个、6个…（责任单位：苏尼特右旗人民政府、
    镶黄旗人民政府）): that place's own unit is its owner."""
    units = (stmt.owner, *stmt.co_owners) if stmt.owner else ()
    own = [u for u in units if ctx.regions.region_of_name(u) == place]
    return dataclasses.replace(stmt, owner=own[0], co_owners=()) if len(units) > 1 and len(own) == 1 else stmt


def _list_goes_on(ctx: DocContext, q: Quantity, out: list[Statement], group: list[int]) -> bool:
    """A bare list of figures (增长4.6%、6%左右) right after a 分别 list of its
    sentence, as long as that one: the same subjects in the same order."""
    if len(group) < 2 or ctx.structure.sentence_start(q.start) > out[group[0]].start:
        return False
    between = ctx.text[out[group[-1]].end : q.start].strip("，,、 ")
    return is_predicate_only(between, 0, len(between)) and ctx.text[q.end : q.end + 1] in ("、", "和")


def _share_qualifier(out: list[Statement], group: list[int]) -> None:
    """分别增长4.5%、5.5%左右: a qualifier written once, after the last
    figure of a list, bounds the bare figures before it too."""
    if len(group) < 2:
        return
    last = out[group[-1]].qualifier
    if last not in (Qualifier.ABOUT, Qualifier.AT_LEAST, Qualifier.AT_MOST):
        return
    for i in group[:-1]:
        if out[i].qualifier is Qualifier.EXACT:
            out[i] = dataclasses.replace(out[i], qualifier=last)
