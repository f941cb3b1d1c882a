"""The ``luoshi`` command: a thin layer over the library. Each command
parses its options, calls library functions and prints their result."""

from __future__ import annotations

import sys

from luoshi.cli.common import app, fail_line
from luoshi.errors import LuoshiError

# Commands register themselves on ``app`` when their modules are imported.
from luoshi.cli import extract_cmd, store_cmds, track_cmds  # noqa: E402,F401  isort: skip
from luoshi.cli import user_cmds  # noqa: E402,F401  isort: skip
from luoshi.cli import web_cmd  # noqa: E402,F401  isort: skip
from luoshi.cli import evaluate_cmd  # noqa: E402,F401  isort: skip
from luoshi.cli import fetch_cmds  # noqa: E402,F401  isort: skip
from luoshi.cli import tasks_cmd  # noqa: E402,F401  isort: skip
from luoshi.cli import report_cmd  # noqa: E402,F401  isort: skip
from luoshi.cli import remind_cmd  # noqa: E402,F401  isort: skip
from luoshi.cli import batch_cmd  # noqa: E402,F401  isort: skip
from luoshi.cli import places_cmds  # noqa: E402,F401  isort: skip

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except BrokenPipeError:
        # Output piped into head: the reader left, nothing is wrong.
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
    except LuoshiError as exc:
        fail_line(exc)
        sys.exit(2)
