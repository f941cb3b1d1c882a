"""A faster ``__init__`` for the frozen, slotted records built once per figure.

The ``__init__`` that ``dataclasses`` writes for a frozen class sets every
field with ``object.__setattr__(self, name, value)``, which looks the slot up
by name each time: for a ``Statement`` (some thirty fields) that lookup is
most of what building one costs, and extraction builds one or more per figure.
``fast_init`` replaces it with one that takes the same arguments and
defaults and stores each field through its slot's descriptor, found once when
the class is made. Objects, equality, hashing, ``replace`` and pickling are
those of the dataclass.
"""

from __future__ import annotations

from dataclasses import MISSING, fields, is_dataclass
from typing import Any, TypeVar

T = TypeVar("T")


def fast_init(cls: type[T]) -> type[T]:
    """Give the frozen slotted dataclass ``cls`` an ``__init__`` that sets its
    slots directly. Only plain fields (a default or none, no ``InitVar``, no
    ``__post_init__``, not keyword-only) are supported: the dataclass
    machinery stays the reference for anything else."""
    if not is_dataclass(cls) or "__slots__" not in cls.__dict__ or hasattr(cls, "__post_init__"):
        raise TypeError(f"fast_init: {cls.__name__} is not a slotted dataclass without __post_init__")
    scope: dict[str, Any] = {}
    params, body = [], []
    for i, f in enumerate(fields(cls)):
        if not f.init or f.kw_only or f.default_factory is not MISSING:
            raise TypeError(f"fast_init: {cls.__name__}.{f.name} is not a plain field")
        if f.default is MISSING:
            params.append(f.name)
        else:
            scope[f"_default_{i}"] = f.default
            params.append(f"{f.name}=_default_{i}")
        scope[f"_set_{i}"] = cls.__dict__[f.name].__set__
        body.append(f"    _set_{i}(self, {f.name})")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or ["    pass"]) + "\n"
    exec(source, scope)  # the source holds field names and scope keys only
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    init.__annotations__ = dict(cls.__init__.__annotations__)
    cls.__init__ = init  # type: ignore[misc,method-assign]
    return cls
