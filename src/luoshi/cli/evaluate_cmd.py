"""``luoshi evaluate``: how well extraction does on labelled texts, per genre."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from luoshi.cli.common import app, fail
from luoshi.evaluate import FIELDS, evaluate_folder

_COLUMNS = ("gold", "value_recall", "precision", "all_fields", *(f"{f}_agree" for f in FIELDS), "owner_agree")
_HEADERS = ("标注", "召回", "精确", "全对", "类型", "期间", "度量", "限定", "地区", "指标", "责任单位")


@app.command()
def evaluate(
    folder: Annotated[Path, typer.Argument(help="A folder of NAME.txt texts, each with its NAME.gold.jsonl labels.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """按文体评估提取质量：每个 NAME.txt 与其人工标注 NAME.gold.jsonl 对照。"""
    try:
        tallies = evaluate_folder(folder)
    except (OSError, ValueError) as exc:
        fail(exc)
    figures = {genre: t.figures() for genre, t in tallies.items()}
    if as_json:
        typer.echo(json.dumps(figures, ensure_ascii=False, indent=1))
        return
    table = Table("文体", *_HEADERS, "误取")
    for genre, f in figures.items():
        cells = ["—" if f[c] is None else f"{f[c]:.2f}" if isinstance(f[c], float) else str(f[c]) for c in _COLUMNS]
        table.add_row(genre, *cells, f"{f['not_figures_taken']}/{f['not_figures']}")
    Console().print(table)
    for quote in tallies["all"].not_figures_taken:
        typer.echo(f"误取为数字: {quote}", err=True)
