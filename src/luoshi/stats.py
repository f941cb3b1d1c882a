"""Statistics tables (CSV or Excel: region, indicator, period, value, unit,
optional source) as ``actual`` statements. Each row's evidence is the file
and the row: the stored text is the table, one row a line, and the quote is
the row's line (its source column included). A file with any bad row is
refused whole."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from luoshi.errors import FormatError, InputError, shown
from luoshi.extract.indicators import families
from luoshi.extract.preliminary import says_preliminary
from luoshi.gazetteer import Gazetteer
from luoshi.ingest import document_id, trusted
from luoshi.load.files import MAX_BYTES, describe, read_bytes, read_text
from luoshi.load.zipped import XLSX, check_archive
from luoshi.numbers.scanner import rules as number_rules
from luoshi.numbers.scanner import split_unit
from luoshi.rules import load_yaml
from luoshi.source_types import SourceType
from luoshi.store import StoredDocument
from luoshi.types import Kind, Measure, Qualifier, Statement

FIELDS = ("region", "indicator", "period", "value", "unit")
_MAX_REPORTED = 10


@dataclass(frozen=True)
class StatsTable:
    document: StoredDocument
    statements: list[Statement]


@cache
def _headers() -> dict[str, str]:
    d = load_yaml("stats_columns.yaml")
    return {alias.lower(): name for name in (*FIELDS, "source") for alias in d[name]}


def _aliases(field: str) -> str:
    """The other headers a column may have: 地区、区域、行政区 for region."""
    return "、".join(alias for alias in load_yaml("stats_columns.yaml")[field] if alias != field)


@cache
def _period_re() -> re.Pattern[str]:
    return re.compile(load_yaml("stats_columns.yaml")["period_pattern"])


def read_stats(path: str | Path) -> StatsTable:
    """Parse a statistics file; raise FormatError naming every bad row."""
    path = Path(path)
    text = _table_text(path)
    lines = list(_lines(text))
    if not lines:
        raise FormatError(str(path), "表格是空的；请检查是否选错了文件")
    columns = _columns(str(path), lines[0][2])
    doc_id = document_id(text)
    statements: list[Statement] = []
    errors: list[str] = []
    for number, (start, end, cells) in enumerate(lines[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        try:
            statements.append(_statement(path.name, text, start, end, cells, columns, len(statements)))
        except ValueError as exc:
            errors.append(f"第 {number:,} 行{exc}")
    if errors:
        more = len(errors) - _MAX_REPORTED
        listed = "；".join(errors[:_MAX_REPORTED]) + (f"；另有 {more:,} 行有误" if more > 0 else "")
        raise FormatError(str(path), f"有 {len(errors):,} 行有误，未导入任何数据：{listed}。请改正后重新导入")
    if not statements:
        raise FormatError(str(path), "表格只有表头，没有数据行；请检查是否选错了文件或工作表")
    # a table read here is a trusted import (luoshi import-stats); a web upload re-types it by who sent it
    doc = StoredDocument(id=doc_id, name=path.name, text=text, source=str(path), loader="stats", title=path.stem)
    doc = trusted(doc, SourceType.STATISTICS)
    return StatsTable(doc, statements)


def _table_text(path: Path) -> str:
    """The table as text, one row a line: the CSV as decoded, or an Excel
    sheet rendered as tab-separated lines."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm"):
        kind = path.suffix or "（无扩展名）"
        raise InputError(str(path), f"不支持的统计表类型 {kind}；请另存为 .csv 或 .xlsx 后重试")
    if not path.is_file():
        raise InputError(str(path), "没有这个文件；请检查拼写和路径")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(str(path), f"文件超过 {MAX_BYTES // 2**20} MB 的上限；请拆成较小的文件")
    return _xlsx_text(path) if suffix.startswith(".xls") else read_text(path)


def _xlsx_text(path: Path) -> str:
    import openpyxl  # only Excel imports need it

    data = read_bytes(path)
    check_archive(data, str(path), XLSX)  # not a workbook, or a zip bomb, said as for any .xlsx
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise FormatError(
            str(path), f"无法作为 Excel 工作簿读取：{describe(exc)}；请用 Excel 或 WPS 打开，另存为 .xlsx 后重试"
        ) from None
    sheet = book.worksheets[0]
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    for row in sheet.iter_rows(values_only=True):
        writer.writerow(["" if v is None else str(v) for v in row])
    book.close()
    return out.getvalue()


def _lines(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """(start, end, cells) of each line of the table."""
    delimiter = "\t" if text.count("\t") > text.count(",") else ","
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            cells = next(csv.reader([body], delimiter=delimiter))
            yield pos, pos + len(body), cells
        pos += len(line)


def _columns(source: str, header: list[str]) -> dict[str, int]:
    found = {}
    for i, name in enumerate(header):
        key = _headers().get(name.strip().lstrip("\ufeff").lower())
        if key and key not in found:
            found[key] = i
    missing = [f for f in FIELDS if f not in found]
    if missing:
        wanted = "、".join(f"{field}（或写作 {_aliases(field)}）" for field in missing)
        raise FormatError(
            source,
            f"缺少列：{wanted}；表头是：{'、'.join(shown(name, 30) for name in header[:12]) or '无'}。"
            "统计表须有地区、指标、期间、数值、单位五列",
        )
    return found


def _statement(
    name: str, text: str, start: int, end: int, cells: list[str], cols: dict[str, int], seq: int
) -> Statement:
    def cell(key: str) -> str:
        i = cols.get(key)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    region = Gazetteer.default().by_name(cell("region"))
    if region is None:
        raise ValueError(f"的地区“{shown(cell('region'))}”不认识：应为行政区划的名称，如 内蒙古自治区、兴安盟")
    indicator = cell("indicator")
    if not indicator:
        raise ValueError("没有指标")
    period = cell("period")
    if not _period_re().match(period):
        raise ValueError(f"的期间“{shown(period)}”写法不对：应如 2025、2025-10、2025-Q1 或 2021-2025")
    try:
        value = float(cell("value").replace(",", ""))
    except ValueError:
        raise ValueError(f"的数值“{shown(cell('value'))}”不是数字") from None
    if not math.isfinite(value):  # NaN, inf, 1e309: no figure, and no spreadsheet or chart can show one
        raise ValueError(f"的数值“{shown(cell('value'))}”不是有效的数字（不能是 NaN 或无穷大）")
    unit = cell("unit")
    if not unit:
        raise ValueError("没有单位")
    scale, stem = split_unit(unit)
    return Statement(
        doc=name,
        start=start,
        end=end,
        quote=text[start:end],
        kind=Kind.ACTUAL,
        period=period,
        region=region.name,
        region_code=region.code,
        indicator=indicator,
        indicator_name=_indicator_name(indicator),
        measure=_measure(indicator, stem),
        value=value,
        unit=unit,
        base_value=value * scale,
        base_unit=stem,
        qualifier=Qualifier.EXACT,
        value_text=cell("value"),
        preliminary=says_preliminary(text[start:end]),  # a row is its own sentence
        rules=("stats.import",),
    )


def _indicator_name(indicator: str) -> str:
    """口岸货运量 for port_freight_volume; the name itself for other:名称."""
    if indicator.startswith("other:"):
        return indicator[len("other:") :]
    for fam in families():
        if indicator in fam.ids.values() or indicator == fam.default:
            return fam.name
    return indicator


def _measure(indicator: str, stem: str) -> Measure:
    if stem in ("个百分点", "百分点"):
        return Measure.PP_DIFF
    if stem in ("%", "％"):
        rate = indicator.endswith(("_rate", "rd_intensity")) or "率" in indicator
        return Measure.RATE_PCT if rate else Measure.GROWTH_PCT
    return Measure.COUNT if number_rules().unit_class.get(stem) == "count" else Measure.LEVEL
