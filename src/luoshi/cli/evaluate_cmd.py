"""``luoshi evaluate``: how well extraction does on labelled texts, per genre."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli.common import app, fail
from luoshi.cli.terminal_tables import WIDE_HELP, Column, fit_table, print_tables, window_width
from luoshi.evaluate import FIELDS, evaluate_folder

_COLUMNS = ("gold", "value_recall", "precision", "all_fields", *(f"{f}_agree" for f in FIELDS), "owner_agree")
_HEADERS = ("标注", "召回", "精确", "全对", "类型", "期间", "度量", "限定", "地区", "指标", "责任单位")


@app.command()
def evaluate(
    folder: Annotated[Path, typer.Argument(help="A folder of NAME.txt texts, each with its NAME.gold.jsonl labels.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    wide: Annotated[bool, typer.Option("--wide", help=WIDE_HELP)] = False,
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
    # In a narrow window the overall figures stay and the per-field ones give way.
    columns = [
        Column("文体", 0, cut_to=12),
        *(Column(h, n, justify="right") for n, h in enumerate(_HEADERS, start=1)),
        Column("误取", len(_HEADERS) + 1, justify="right"),
    ]
    rows = [
        [
            genre,
            *("—" if f[c] is None else f"{f[c]:.2f}" if isinstance(f[c], float) else str(f[c]) for c in _COLUMNS),
            f"{f['not_figures_taken']}/{f['not_figures']}",
        ]
        for genre, f in figures.items()
    ]
    print_tables([fit_table(f"提取质量（{folder}）", columns, rows, window_width(), wide)])
    for quote in tallies["all"].not_figures_taken:
        typer.echo(f"误取为数字: {quote}", err=True)
