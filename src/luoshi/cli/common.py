"""What every command shares: the Typer app, the error console, and the
one-line way of saying what went wrong."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

app = typer.Typer(
    help="luoshi 落实 — 从政府文件中提取目标、数据与承诺，每个数字都附原文出处。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


@app.callback()
def _root() -> None:
    """luoshi: track what Chinese government documents promise and deliver."""


def fail_line(exc: Exception) -> None:
    err.print(f"luoshi: {exc}", highlight=False, soft_wrap=True, markup=False)


def fail(exc: Exception, code: int = 2) -> NoReturn:
    """Say what is wrong in one line and stop."""
    fail_line(exc)
    raise typer.Exit(code)
