"""Filters a user asks for on the command line, as one predicate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from luoshi.errors import InputError, shown
from luoshi.gazetteer import Gazetteer
from luoshi.types import Kind, Statement


@dataclass(frozen=True)
class Selection:
    indicator: str | None = None
    kind: Kind | None = None
    region: str | None = None  # full name after normalisation
    period: str | None = None

    @classmethod
    def build(cls, indicator: str | None, kind: str | None, region: str | None, period: str | None = None) -> Selection:
        """Validate and normalise user input (内蒙古 -> 内蒙古自治区)."""
        k = None
        if kind:
            try:
                k = Kind(kind)
            except ValueError:
                raise InputError(
                    "--kind", f"不认识的类型“{shown(kind)}”：应为 target（目标）、actual（实绩）或 event（事件）"
                ) from None
        name = None
        if region:
            found = Gazetteer.default().by_name(region)
            if found is None:
                hint = "请写行政区划的名称，如 内蒙古自治区、乌兰察布市"
                raise InputError("--region", f"不认识的地区“{shown(region)}”：{hint}")
            name = found.name
        return cls(indicator, k, name, period)

    def predicate(self) -> Callable[[Statement], bool]:
        def keep(s: Statement) -> bool:
            if self.indicator and s.indicator != self.indicator and s.indicator_name != self.indicator:
                return False
            if self.kind and s.kind is not self.kind:
                return False
            if self.period and s.period != self.period:
                return False
            return not (self.region and s.region != self.region)

        return keep
