"""Commitments: targets without a figure (建立…机制, 争创自贸试验区) that an
office's task list assigns (``luoshi.tasks``), and the reports that say one
is done (an owner's or an admin's progress report marked 已完成,
``luoshi.progress_evidence``).

A commitment is a target statement with an indicator and no value; the
report saying it is done is an ``actual`` statement of the same region,
indicator and period, without a value either. Linking pairs them by that
key as it pairs figures, and a commitment with a report that may settle it
is met (已完成). The rule ids below mark both, so that no other statement
without a value is ever taken for one.
"""

from __future__ import annotations

from luoshi.types import Kind, Statement

COMMITMENT = "tasks.commitment"  # a task list's row without a figure
DONE = "progress.done"  # a report that a commitment is done


def is_commitment(s: Statement) -> bool:
    return s.kind is Kind.TARGET and s.value is None and COMMITMENT in s.rules


def is_completion(s: Statement) -> bool:
    return s.kind is Kind.ACTUAL and s.value is None and DONE in s.rules
