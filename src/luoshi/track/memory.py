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


def settle_for_serving() -> None:
    """For a process that serves requests from now on (`luoshi serve`, once
    warmed up): what start-up made (modules, rules, the gazetteer, the first
    board) leaves the collector's walks, and collections run less often.
    A request makes thousands of short-lived records (a page of 100
    statements, a board's rows): at the default 700 allocations a collection
    ran several times a request and promoted them, and under load the full
    collections that followed stalled every thread for up to 130 ms (1.9 s
    of pauses in 30 s at ten million statements; 0.36 s after this)."""
    keep_for_good()
    gc.set_threshold(20_000, 20, 20)
