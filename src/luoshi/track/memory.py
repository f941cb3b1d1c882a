"""Memory management for records made by the hundred thousand: the
cyclic garbage collector paused while they are made, and frozen out of its
walks once they are kept for good."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc() -> Iterator[None]:
    """Cyclic garbage collection paused while records are made by the
    hundred thousand: none of them form cycles, and each collection would
    walk every record already made."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def keep_for_good() -> None:
    """Move every record made so far out of the collector's sight: millions
    of long-lived records would otherwise make each full collection walk
    them all, stalling requests for seconds."""
    gc.collect()
    freeze()


def freeze() -> None:
    """Move the records made so far out of the collector's sight, without a
    collection first (cheap: for records added to those kept already)."""
    gc.freeze()
