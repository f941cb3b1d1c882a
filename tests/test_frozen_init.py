"""The quicker ``__init__`` of Statement and Quantity builds the same frozen
records the dataclass would: same arguments and defaults, same values,
equality, hashing, ``replace`` and pickling, and still no assignment after."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from typing import Any

import pytest

from luoshi import extract
from luoshi.frozen_init import fast_init
from luoshi.numbers import Quantity, find_quantities
from luoshi.types import Kind, Statement


def _record() -> type[Any]:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Record:
        name: str
        count: int = 0
        tags: tuple[str, ...] = ()
        note: str | None = dataclasses.field(default=None, compare=False)

    return Record


_Plain, _Quick = _record(), fast_init(_record())


def test_a_quick_record_takes_the_arguments_and_defaults_of_the_dataclass():
    assert str(inspect.signature(_Quick.__init__)) == str(inspect.signature(_Plain.__init__))
    for args, kwargs in [(("内蒙古",), {}), (("呼和浩特", 3), {"tags": ("市",), "note": "首府"})]:
        quick, plain = _Quick(*args, **kwargs), _Plain(*args, **kwargs)
        assert dataclasses.astuple(quick) == dataclasses.astuple(plain)
    assert _Quick("包头", note="a") == _Quick("包头", note="b")  # compare=False is kept
    with pytest.raises(TypeError):
        _Quick()  # type: ignore[call-arg]


def test_statements_and_quantities_stay_frozen_equal_and_picklable():
    [stmt] = [s for s in extract("全区地区生产总值增长5.8%。", region="内蒙古自治区") if s.kind is not Kind.EVENT]
    with pytest.raises(dataclasses.FrozenInstanceError):
        stmt.value = 1.0  # type: ignore[misc]
    moved = dataclasses.replace(stmt, region="包头市")
    assert moved.region == "包头市" and moved.value == stmt.value and moved != stmt
    assert dataclasses.replace(moved, region=stmt.region) == stmt
    assert hash(dataclasses.replace(moved, region=stmt.region)) == hash(stmt)
    assert pickle.loads(pickle.dumps(stmt)) == stmt
    [q] = find_quantities("增长5.8%")
    assert isinstance(q, Quantity) and (q.value, q.unit, q.named) == (5.8, "%", False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.value = 1.0  # type: ignore[misc]


def test_only_plain_slotted_dataclasses_are_accepted():
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        x: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        xs: list[int] = dataclasses.field(default_factory=list)

    for cls in (NoSlots, Factory):
        with pytest.raises(TypeError):
            fast_init(cls)
    assert Statement.__init__.__qualname__ == "Statement.__init__"
