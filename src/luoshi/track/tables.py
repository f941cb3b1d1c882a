"""The scoreboard and the comparison table as data people and tools read:
rows in Chinese for tables, CSV and Excel (the 任务分解表 layout offices
use), and JSON with every linked statement. Nothing here prints."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from luoshi.safe_write import written_path, written_text
from luoshi.spreadsheet_cells import inert_cell, xlsx_cell
from luoshi.track.board import Assessment, CompareRow
from luoshi.track.figures import scale
from luoshi.track.link import Evidence
from luoshi.track.periods import split
from luoshi.track.ranking import Source
from luoshi.track.status import progress_share
from luoshi.types import Kind, Qualifier, Statement

SCOREBOARD_COLUMNS = (
    "序号", "任务/指标", "牵头单位", "目标", "目标值", "实绩值", "单位", "完成率", "进展", "序时进度", "完成时限",
    "状态", "来源",
)  # fmt: skip
NUMBER_COLUMNS = ("序号", "目标值", "实绩值", "完成率")  # numbers, not text, in a workbook
COMPARE_COLUMNS = ("地区", "代码", "数值", "原文", "来源")
PREVIOUS_COLUMN = "上年实绩（同一报告）"

QUALIFIER_WORDS = {
    Qualifier.EXACT: "",
    Qualifier.ABOUT: "左右",
    Qualifier.AT_LEAST: "以上",
    Qualifier.AT_MOST: "以内",
    Qualifier.RANGE: "区间",
    Qualifier.APPROX_BELOW: "接近",
    Qualifier.MORE_THAN: "余",
}
_QUARTERS = {"Q1": "一季度", "Q2": "前两季度", "Q3": "前三季度", "Q4": "前四季度"}

Cell = str | int | float | None  # a table cell: text, or a number a spreadsheet can sum


# -- words ------------------------------------------------------------------------
def period_words(period: str) -> str:
    """2025 → 2025年, 2025-10 → 2025年1-10月, 2025-Q3 → 2025年前三季度,
    2025-M11 → 2025年11月, 2025-12-08 → 截至2025年12月8日."""
    whole, part = split(period)
    if part is None:
        return f"{whole}年" if whole.isdigit() else period
    if part in _QUARTERS:
        return f"{whole}年{_QUARTERS[part]}"
    if part in ("H1", "H2"):
        return f"{whole}年{'上' if part == 'H1' else '下'}半年"
    if part.startswith("M"):
        return f"{whole}年{int(part[1:])}月"
    if "-" in part:
        month_text, day_text = part.split("-")
        return f"截至{whole}年{int(month_text)}月{int(day_text)}日"
    month = int(part)
    return f"{whole}年1月" if month == 1 else f"{whole}年1-{month}月"


def figure_words(s: Statement) -> str:
    """The figure as written, with its unit (1.32亿吨, 超过5700亿元)."""
    text = s.value_text or (f"{s.value:g}" if s.value is not None else "")
    if s.unit and s.unit not in text:
        text += s.unit
    return text


def source_words(e: Evidence) -> str:
    date = f"，{e.source.published.isoformat()}" if e.source.published else ""
    note = "，预计数" if e.preliminary else ""
    return f"{e.source.name}（{e.source.authority}{date}{note}）「{e.statement.quote}」"


def _target_words(source: Source, target: Statement) -> str:
    date = f"，{source.published.isoformat()}" if source.published else ""
    return f"{source.name}（{source.authority}{date}）「{target.quote}」"


def _task(t: Statement) -> str:
    name = t.indicator_name or t.indicator or ""
    return f"{t.region} {name}"


def _progress(a: Assessment) -> str:
    chosen = a.chosen
    if chosen is None:
        return ""
    s = chosen.statement
    if s.value is None:  # a report that a commitment is done: its words
        return s.quote
    text = f"{period_words(s.period)}{figure_words(s)}"
    if a.progress is not None:
        text += f"，完成目标{a.progress:.1%}"
    others = [v for v in a.versions if not v.used]
    if others:
        shown = (f"{figure_words(v.evidence.statement)}（{v.evidence.source.name}）" for v in others)
        text += "；另有版本：" + "、".join(shown)
    return text


def _elapsed(a: Assessment) -> str:
    if a.elapsed is None:
        return ""
    return "全年" if a.elapsed >= 1.0 else f"{a.elapsed:.1%}"


def _plain(v: float) -> float | int:
    """Ten significant digits (1.32, not the 1.3200000000000003 a unit change
    leaves), and a whole number as one (500, not 500.0)."""
    v = float(f"{v:.10g}")
    return int(v) if v.is_integer() and abs(v) < 1e15 else v


def target_value(a: Assessment) -> float | int | None:
    """The target as a number in its own unit (1.3 for 1.3亿吨; a range's lower end)."""
    v = a.target.value
    return None if v is None else _plain(v)


def outcome_value(a: Assessment) -> float | int | None:
    """The outcome used, in the target's unit (13200万吨 against 1.3亿吨 → 1.32),
    or None when there is none or its unit cannot be brought to the target's."""
    if a.chosen is None:
        return None
    t, s = a.target, a.chosen.statement
    if s.value is None:
        return None
    if s.unit == t.unit:
        return _plain(s.value)
    if s.base_value is not None and t.base_value is not None and t.base_unit == s.base_unit and scale(t):
        return _plain(s.base_value / scale(t))
    return None


def completion_rate(a: Assessment) -> float | None:
    """完成率: the outcome as a share of a level or count target (1.32亿吨 of
    1.3亿吨 → 1.0154); none for a growth rate or a rate, where a share means nothing."""
    if a.chosen is None or a.chosen.statement.value is None:
        return None
    share = progress_share(a.target, a.chosen.statement)
    return None if share is None or not math.isfinite(share) else round(share, 4)


def deadline_words(a: Assessment) -> str:
    """完成时限 as a day (2025-06-30), empty for a target without one."""
    return a.deadline.isoformat() if a.deadline else ""


def status_words(a: Assessment) -> str:
    """已完成, or 达进度（按上年同期进度推算全年约1.357亿吨，预计已完成）, or
    逾期未完成（逾期12天，欠进度）, 临期（剩5天，暂无数据）."""
    text = a.status.word
    days = a.days_left
    if days is not None and a.outcome_status is not None:
        when = f"逾期{-days}天" if days < 0 else "今天到期" if days == 0 else f"剩{days}天"
        return f"{text}（{when}，{a.outcome_status.word}）"
    p = a.projection
    if p is not None:
        text += f"（{p.method_word}全年约{p.value:.4g}{p.unit or ''}，预计{p.status.word}）"
    return text


def scoreboard_rows(
    assessments: Sequence[Assessment], owner_of: Callable[[Statement], str | None] | None = None
) -> list[dict[str, Cell]]:
    """The 任务分解表: one row a target, in SCOREBOARD_COLUMNS; ``owner_of``
    gives the 牵头单位 (an owner assigned since), else the one the text names.
    序号, 目标值, 实绩值 (in the target's 单位) and 完成率 are numbers."""
    rows = []
    for n, a in enumerate(assessments, start=1):
        sources = [f"目标：{_target_words(a.link.source, a.target)}"]
        if a.chosen is not None:
            sources.append(f"实绩：{source_words(a.chosen)}")
        sources += [f.text for f in a.flags]
        owner = owner_of(a.target) if owner_of else a.target.owner
        values: tuple[Cell, ...] = (
            n, _task(a.target), owner or "", a.target.quote, target_value(a), outcome_value(a),
            a.target.unit or "", completion_rate(a), _progress(a), _elapsed(a), deadline_words(a), status_words(a),
            "；".join(sources),
        )  # fmt: skip
        rows.append(dict(zip(SCOREBOARD_COLUMNS, values, strict=True)))
    return rows


# -- JSON -------------------------------------------------------------------------
def source_json(src: Source) -> dict[str, Any]:
    return {
        "name": src.name,
        "title": src.title,
        "published": src.published.isoformat() if src.published else None,
        "authority": src.authority,
        "rank": src.rank,
        "source_type": src.type.value,
        "owner": src.owner,  # the 责任单位 that submitted it, if an owner's
        "confirmed": src.vouched,  # False: counts only for targets its owner answers for
    }


def evidence_json(e: Evidence, used: bool | None = None) -> dict[str, Any]:
    out = {**e.statement.to_dict(), "source": source_json(e.source), "preliminary": e.preliminary}
    if used is not None:
        out["used"] = used
    return out


def assessment_json(a: Assessment) -> dict[str, Any]:
    """Per target: the target statement, its linked outcomes, the chosen one,
    status, 序时进度, projection and flags."""
    chosen = a.chosen
    p = a.projection
    return {
        "target": {**a.target.to_dict(), "source": source_json(a.link.source)},
        "status": a.status.value,
        "status_word": a.status.word,
        "elapsed": a.elapsed,
        "progress": a.progress,
        "projection": None
        if p is None
        else {
            "value": p.value,
            "unit": p.unit,
            "method": p.method,
            "status": p.status.value,
            "status_word": p.status.word,
        },  # fmt: skip
        "chosen": None if chosen is None else evidence_json(chosen, True),
        "actuals": [evidence_json(e, e is chosen) for e in a.link.candidates],
        # outcomes of documents not yet confirmed, whose owner does not answer for this target: never used
        "unconfirmed": [evidence_json(e, False) for e in a.link.unconfirmed],
        "conflict": a.link.conflict,
        "flags": [{"code": f.code, "text": f.text} for f in a.flags],
        # the 完成时限 and the day it was judged on; outcome_status: what the
        # outcome alone says where the deadline made it 逾期未完成 or 临期
        "deadline": a.deadline.isoformat() if a.deadline else None,
        "as_of": a.as_of.isoformat() if a.as_of else None,
        "days_left": a.days_left,
        "outcome_status": a.outcome_status.value if a.outcome_status else None,
    }


def compare_json(rows: Sequence[CompareRow]) -> list[dict[str, Any]]:
    return [
        {
            "region": r.region,
            "code": r.code,
            "figures": [evidence_json(e) for e in r.figures],
            "previous_same_document": None if r.previous is None else evidence_json(r.previous),
        }
        for r in rows
    ]


# -- comparison rows ------------------------------------------------------------------
def compare_rows(rows: Sequence[CompareRow], kind: Kind) -> list[dict[str, str]]:
    out = []
    for r in rows:
        first = r.first
        row = {
            "地区": r.region,
            "代码": r.code or "",
            "数值": "；".join(figure_words(e.statement) for e in r.figures),
            "原文": first.statement.quote if first else "",
            "来源": first.source.name if first else "",
        }
        if kind is Kind.TARGET:
            prev = r.previous.statement if r.previous else None
            row[PREVIOUS_COLUMN] = "" if prev is None else period_words(prev.period) + figure_words(prev)
        out.append(row)
    return out


# -- writing ------------------------------------------------------------------------
def write_rows(rows: Sequence[Mapping[str, Cell]], columns: Sequence[str], fmt: str, out: IO[str] | Path) -> None:
    """CSV to a stream or file, or an Excel sheet to a file (written whole or not at all)."""
    if fmt == "xlsx":
        if not isinstance(out, Path):
            raise ValueError("an Excel table needs --output FILE")
        _xlsx(rows, columns, out)
        return
    if isinstance(out, Path):
        with written_text(out, "utf-8-sig") as fh:
            _csv(rows, columns, fh)
    else:
        _csv(rows, columns, out)


def _csv(rows: Sequence[Mapping[str, Cell]], columns: Sequence[str], fh: IO[str]) -> None:
    writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows({c: inert_cell(row.get(c, "")) for c in columns} for row in rows)


_WIDTHS = {
    "序号": 6, "任务/指标": 24, "牵头单位": 16, "目标": 40, "目标值": 10, "实绩值": 10, "单位": 8, "完成率": 9,
    "进展": 36, "序时进度": 10, "状态": 16, "来源": 60, "原文": 40,
}  # fmt: skip


def _number_format(column: str, value: float) -> str:
    """完成率 as a percentage (101.5%); a figure with the decimals it was written
    with (1.32, 5700), so the sheet shows what the documents say."""
    if column == "完成率":
        return "0.0%"
    text = repr(float(value))
    if "e" in text:
        return "General"
    decimals = len(text.split(".")[1].rstrip("0"))
    return "0." + "0" * min(decimals, 6) if decimals else "0"


def _xlsx(rows: Sequence[Mapping[str, Cell]], columns: Sequence[str], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "任务分解表" if "任务/指标" in columns else "对比表"
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([xlsx_cell(row.get(c, "")) for c in columns])
    for i, column in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=i).column_letter
        sheet.column_dimensions[letter].width = _WIDTHS.get(column, 18)
        for cell in sheet[letter][1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, int | float):
                cell.number_format = _number_format(column, cell.value)
    sheet.freeze_panes = "A2"
    with written_path(path) as tmp:
        book.save(tmp)


def write_json(data: Any, out: IO[str] | Path) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if isinstance(out, Path):
        with written_text(out) as fh:
            fh.write(text)
    else:
        out.write(text)
