"""Owners' progress reports as evidence, the way ``luoshi.stats`` makes a
statistics table evidence: the reported figure checked against its target
(sign, unit, period), then a stored document whose text, in Chinese, says
who reported what, with one ``actual`` statement over its figure sentence —
so linking settles targets with it like any outcome, ranked by status.yaml's
authority list below statistics and government work reports (责任单位报送).
A commitment without a figure is reported done the same way: its document
says 已完成 and its statement has no value (``completion_document``).

Keeping the report's rows, permissions and audit entries is
``luoshi.accounts``'s part; this module knows nothing of users beyond the
name it writes into the text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime

from luoshi.clock import ZONE_WORDS, beijing
from luoshi.errors import LuoshiError
from luoshi.ingest import document_id
from luoshi.numbers.scanner import split_unit
from luoshi.store import StoredDocument
from luoshi.track.commitments import DONE
from luoshi.track.figures import variant
from luoshi.track.periods import split, within
from luoshi.track.rules import track_rules
from luoshi.types import Kind, Measure, Qualifier, Statement

LOADER = "progress"
RULE = "progress.report"
DONE_WORD = "已完成"  # what a report says of a commitment it settles
TITLE = "进展报告"
MAX_NOTE = 2000  # characters
# What a report's period may be (luoshi.track.periods): a year, or a part of
# it to date. 2025-H2 and 2025-M10 are written the way tracking reads them,
# only to be refused with a reason: no figure to date, nothing to link.
_TO_DATE = re.compile(r"((?:19|20)\d{2})(?:-(0[1-9]|1[0-2]|Q[1-4]|H1))?")
_NOT_TO_DATE = re.compile(r"((?:19|20)\d{2})-(H2|M(?:0[1-9]|1[0-2]))")
_QUARTERS = {"Q1": "一季度", "Q2": "前两季度", "Q3": "前三季度", "Q4": "前四季度"}
# A decline is a figure of these measures; a count, a level or a rate is not
# below zero unless the target itself is.
_SIGNED = frozenset({Measure.GROWTH_PCT, Measure.PP_DIFF})
_MEASURE_WORDS = {Measure.LEVEL: "总量", Measure.COUNT: "数量", Measure.RATE_PCT: "比率"}
_PERCENT_SIGNS = {"％": "%"}


class InvalidReport(LuoshiError):
    """A reported figure that cannot stand for its target; the message
    (Chinese) names the input and what is wrong with it."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A reported figure, checked against its target."""

    value: float  # as written
    unit: str | None  # as written (5万吨), else the target's
    period: str  # 2025, 2025-10, 2025-Q3, 2025-H1
    scale: float  # what ``value`` is multiplied by for the stem (1e4 for 万吨)
    stem: str | None  # the unit without its scale word (吨)


def period_words(period: str) -> str:
    """2025-09 → 2025年1-9月, 2025-Q3 → 2025年前三季度, 2025-H1 → 2025年上半年."""
    year, part = split(period)
    if part is None:
        return f"{year}年"
    if part in _QUARTERS:
        return f"{year}年{_QUARTERS[part]}"
    if part == "H1":
        return f"{year}年上半年"
    month = int(part)
    return f"{year}年1月" if month == 1 else f"{year}年1-{month}月"


def number_words(value: float) -> str:
    """4800.0 → 4800, 1.32 → 1.32: as a person writes it, never 1e+06."""
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _name(target: Statement) -> str:
    return target.indicator_name or target.indicator or "指标"


def check_value(target: Statement, value: object) -> float:
    """A finite number, not below zero unless the target's measure is a
    change (增长率, 百分点) or the target itself is below zero."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidReport(f"进展数值 {value!r} 不是有限的数")
    number = float(value)
    if number < 0 and target.measure not in _SIGNED and not (target.value is not None and target.value < 0):
        kind = _MEASURE_WORDS.get(target.measure, "数值") if target.measure else "数值"
        raise InvalidReport(
            f"进展数值 {number_words(number)} 不可用：{_name(target)}是{kind}"
            f"（目标 {target.value_text or target.quote}），不能为负数"
        )
    return number


def _normal_unit(unit: str) -> str:
    for odd, sign in _PERCENT_SIGNS.items():
        unit = unit.replace(odd, sign)
    return unit


def check_unit(target: Statement, unit: str | None) -> tuple[str | None, float, str | None]:
    """(unit as written, scale, stem): the target's own unit when none is
    given; a unit with another scale word (万吨 against 亿吨) when its stem
    is the target's; refused when the stem differs (列 against 亿吨)."""
    given = _normal_unit(unit.strip()) if unit else ""
    want = _normal_unit(target.unit) if target.unit else None
    if not given or given == want:
        if want is None:
            return None, 1.0, None
        scale, stem = split_unit(want)
        return want, scale, stem
    if want is None:
        raise InvalidReport(f"单位 {given} 不可用：目标「{target.quote}」的数没有单位，填报时也不写单位")
    scale, stem = split_unit(given)
    want_scale, want_stem = split_unit(want)
    if stem != want_stem:
        raise InvalidReport(
            f"单位 {given} 与目标的单位 {want} 不一致：{_name(target)}以{want_stem}计"
            f"（如 {want}{'' if want_scale == 1 else '、' + want_stem}），不能填报{given}"
        )
    return given, scale, stem


def check_period(target: Statement, period: str) -> str:
    """The target's own period, or a part of its year to date (2025-10 is
    1–10月, 2025-Q3 前三季度, 2025-H1 上半年)."""
    period = period.strip()
    if period == target.period:
        return period
    year, part = split(target.period)
    examples = f"{year}、{year}-10（1-10月累计）、{year}-Q3（前三季度）或 {year}-H1（上半年）"
    if not year.isdigit() or part is not None:  # a span (2021-2025) or an in-year target
        raise InvalidReport(f"填报期 {period!r} 不可用：目标期为 {target.period}，只能按 {target.period} 填报")
    odd = _NOT_TO_DATE.fullmatch(period)
    if odd is not None:
        which = "下半年" if odd.group(2) == "H2" else f"{int(odd.group(2)[1:])}月当月"
        raise InvalidReport(
            f"填报期 {period} 不可用：{which}的数不是年初至今的累计数，无法与全年目标比较；请填累计期，如 {examples}"
        )
    shaped = _TO_DATE.fullmatch(period)
    if shaped is None:
        raise InvalidReport(f"填报期 {period!r} 写法不对：应写作 {examples}")
    if shaped.group(1) != year or not within(period, target.period):
        raise InvalidReport(f"填报期 {period} 不在目标期 {target.period} 内：只能填报{year}年的数，如 {examples}")
    return period


def check_note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise InvalidReport(f"说明太长（{len(note)} 字）：不能超过 {MAX_NOTE} 字")
    return note


def check_figure(target: Statement, value: object, period: str, unit: str | None = None) -> Figure:
    """A reported figure checked against its target: finite, of the right
    sign, in a unit of the target's stem, for a period of the target's year
    to date. InvalidReport names what is wrong."""
    number = check_value(target, value)
    written, scale, stem = check_unit(target, unit)
    if not math.isfinite(number * scale):
        raise InvalidReport(f"进展数值 {number_words(number)}{written or ''} 太大")
    return Figure(number, written, check_period(target, period), scale, stem)


def _variant_word(target: Statement) -> str:
    """The word naming how the target counts (到发 of 到发中欧班列), so that
    the report counts the same way and links to it."""
    rules = track_rules()
    name = variant(target, rules)
    for group, words in rules.variants.get(target.indicator or "", ()):
        if group == name:
            return next((w for w in words if w in target.quote), "")
    return ""


def figure_sentence(target: Statement, figure: Figure) -> tuple[str, str]:
    """(sentence, figure as written) of a report: 2025年1-9月口岸货运量1.32亿吨."""
    written = number_words(figure.value) + (figure.unit or "")
    name = _name(target)
    word = _variant_word(target)
    if word and word not in name:
        name = word + name
    verb = "同比增长" if target.measure is Measure.GROWTH_PCT else ""
    return f"{period_words(figure.period)}{name}{verb}{written}", written


@dataclass(frozen=True, slots=True)
class Report:
    """What a report's text says beyond its figure."""

    number: int  # the report's id
    owner: str  # the 责任单位 it is reported for
    reporter: str  # 张三（zhang）
    at: datetime  # UTC
    note: str
    attachment: tuple[str, int] | None = None  # file name, bytes
    replaces: int | None = None  # the report it corrects


def document_name(report: Report) -> str:
    return f"{TITLE}/{report.owner}/{report.number}"


def completion_sentence(target: Statement) -> str:
    """拓展农畜产品电子商务销售渠道已完成: a commitment's task, done."""
    return f"{_name(target)}{DONE_WORD}"


def completion_document(target: Statement, report: Report) -> tuple[StoredDocument, Statement]:
    """The stored document of a report that a commitment (a task without a
    figure, ``luoshi.track.commitments``) is done, and its one ``actual``
    statement: the commitment's region, indicator and period, no value."""
    sentence = completion_sentence(target)
    doc, text, start = _report_text(target, report, sentence)
    statement = Statement(
        doc=doc.name, start=start, end=start + len(sentence), quote=sentence, kind=Kind.ACTUAL,
        period=target.period, region=target.region, region_code=target.region_code, indicator=target.indicator,
        indicator_name=target.indicator_name, owner=report.owner, rules=(RULE, DONE),
    )  # fmt: skip
    return doc, statement


def report_document(target: Statement, figure: Figure, report: Report) -> tuple[StoredDocument, Statement]:
    """The stored document of a report and its one ``actual`` statement."""
    sentence, written = figure_sentence(target, figure)
    doc, text, start = _report_text(target, report, sentence)
    statement = Statement(
        doc=doc.name,
        start=start,
        end=start + len(sentence),
        quote=sentence,
        kind=Kind.ACTUAL,
        period=figure.period,
        region=target.region,
        region_code=target.region_code,
        indicator=target.indicator,
        indicator_name=target.indicator_name,
        measure=target.measure,
        value=figure.value,
        unit=figure.unit,
        base_value=figure.value * figure.scale,
        base_unit=target.base_unit or figure.stem,
        qualifier=Qualifier.EXACT,
        value_text=written,
        owner=report.owner,
        cumulative=target.cumulative,
        rules=(RULE,),
    )
    return doc, statement


def _report_text(target: Statement, report: Report, sentence: str) -> tuple[StoredDocument, str, int]:
    """A report's stored document, its text and where its sentence starts."""
    head = (
        f"{TITLE}\n"
        f"报告编号：{report.number}\n"
        + (f"更正报告：{report.replaces}\n" if report.replaces is not None else "")
        + f"填报单位：{report.owner}\n"
        f"填报人：{report.reporter}\n"
        f"填报时间：{beijing(report.at).strftime('%Y-%m-%d %H:%M:%S.%f')}（{ZONE_WORDS}）\n"
        f"目标：{target.quote}（{target.doc}，{target.period}）\n"
        "进展："
    )
    text = head + sentence + "。\n" + f"说明：{report.note or '无'}\n"
    if report.attachment is not None:
        text += f"附件：{report.attachment[0]}（{report.attachment[1]} 字节）\n"
    name = document_name(report)
    doc = StoredDocument(
        id=document_id(text),
        name=name,
        text=text,
        title=TITLE,
        region=target.region,
        published=beijing(report.at).date(),  # the day in China
        loader=LOADER,
        ingested_at=report.at,
    )
    return doc, text, len(head)
