#!/usr/bin/env python3
"""Validate hand-labelled gold statement files (JSONL) against their documents.

Usage:
  python3 tests/gold/check_gold.py                      # the project's own gold files
  python3 tests/gold/check_gold.py GOLD.jsonl --docs DIR_OR_FILE [--docs ...] [--fields dev]

With no GOLD argument it checks, from the repository root:
  samples/gold.jsonl             against samples/
  tests/gold/gwr2026_extra.jsonl against ../shared/corpus/gwr2026 (skipped, with a note, when absent)

Every record is checked for:
  - the fields of the statement contract (spec/CONTRACT.md) and their vocabularies
    (kind, measure, qualifier, core indicator ids or `other:<name>`, period format);
  - a measure that fits the core indicator and a unit that fits the measure;
  - `range` <=> a value_high above value;
  - a quote of 10-80 characters occurring exactly once in the document text
    (a CSV with a `full_text` column gives one document per row: NAME, NAME#1, ...);
  - the value (and value_high) written in the quote, in Arabic digits or Chinese numerals;
  - a cue word for the qualifier inside the quote (左右 for about, 以上/超过/突破 for at_least ...);
  - value_text, where present, inside the quote;
  - for provincial work reports named `YYYY_<province>_政府工作报告.csv`: region equals the
    province, targets are for YYYY and outcomes for YYYY-1.
`--fields dev` also requires exactly the field set of shared/gold/gwr2026_dev.jsonl.

Exit status 1 when any record fails; each failure names the file, line and what to fix.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

csv.field_size_limit(1 << 30)

KINDS = {"actual", "target", "event"}
MEASURES = {"level", "count", "growth_pct", "rate_pct", "pp_diff"}
QUALIFIERS = {"exact", "about", "at_least", "at_most", "range", "approx_below", "more_than"}
EVENT_TYPES = {"visit", "agreement", "contract", "forum", "promotion"}

# core id -> measures it may carry (level ids may also carry the growth of that level)
CORE = {
    "gdp": {"level", "growth_pct"},
    "gdp_growth": {"growth_pct"},
    "gdp_per_capita": {"level", "growth_pct"},
    "industrial_value_added_growth": {"growth_pct"},
    "fixed_asset_investment_growth": {"growth_pct"},
    "retail_sales_growth": {"growth_pct"},
    "foreign_trade_value": {"level", "growth_pct"},
    "foreign_trade_growth": {"growth_pct"},
    "general_budget_revenue": {"level", "growth_pct"},
    "general_budget_revenue_growth": {"growth_pct"},
    "cpi_growth": {"growth_pct"},
    "urban_unemployment_rate": {"rate_pct"},
    "urban_new_jobs": {"count"},
    "resident_income_growth": {"growth_pct"},
    "grain_output": {"level", "growth_pct"},
    "energy_intensity_change": {"growth_pct"},
    "investment_attracted": {"level", "growth_pct"},
    "port_freight_volume": {"level", "growth_pct"},
    "china_europe_trains": {"count", "growth_pct"},
    "rd_intensity": {"rate_pct"},
}

QUANTITY_REQUIRED = [
    "doc",
    "region",
    "indicator",
    "kind",
    "period",
    "measure",
    "value",
    "value_high",
    "unit",
    "qualifier",
    "quote",
]
QUANTITY_OPTIONAL = {
    "value_text",
    "owner",
    "entity",
    "counterpart_region",
    "compared_to",
    "cumulative",
    "in_name",
    "span_years",
    "date",
    "note",
    "region_code",
    "indicator_name",
    "base_value",
    "base_unit",
    "start",
    "end",
}
EVENT_REQUIRED = ["doc", "kind", "region", "period", "parties", "event_type", "quote"]
EVENT_OPTIONAL = {"note", "date", "region_code", "start", "end"}
DEV_FIELDS = set(QUANTITY_REQUIRED)

PERIOD = re.compile(r"^\d{4}(?:-\d{4}|-\d{2}(?:-\d{2})?|-Q[1-4])?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
GWR_NAME = re.compile(r"^(\d{4})_(.+?)_政府工作报告\.csv$")

CUES = {
    "about": ("左右", "约", "上下"),
    "at_least": ("以上", "超过", "突破", "不低于", "不少于", "首破", "超", "跨越", "迈上"),
    "at_most": ("以内", "以下", "控制在", "不超过", "不高于"),
    "approx_below": ("近", "接近"),
    "more_than": ("余", "多"),
    "range": ("—", "-", "－", "–", "~", "～", "至", "到"),
}

NUMBER = re.compile(r"\d+(?:\.\d+)?")
CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN_RUN = re.compile("[零〇一二两三四五六七八九十百千万亿]+")


def cn_to_number(s: str) -> float | None:
    """'十五' -> 15, '两千' -> 2000, '三万六千' -> 36000; None when not a numeral."""
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in CN_DIGIT:
            digit = CN_DIGIT[ch]
        elif ch in CN_SMALL:
            section += (1 if digit is None else digit) * CN_SMALL[ch]
            digit = None
        elif ch in CN_BIG:
            section += digit or 0
            total = (total + section) * CN_BIG[ch]
            section, digit = 0, None
        else:
            return None
    return float(total + section + (digit or 0))


def numbers_in(quote: str) -> set[float]:
    """Every number the quote writes: Arabic ones, and each prefix of a run of Chinese numerals
    (so '两千亿元' offers 2, 2000 and 2e11, '十五万' offers 1, 10, 15 and 150000)."""
    found = {float(m) for m in NUMBER.findall(quote)}
    for run in CN_RUN.findall(quote):
        for i in range(len(run)):
            for j in range(i + 1, len(run) + 1):
                v = cn_to_number(run[i:j])
                if v is not None:
                    found.add(v)
    return found


def load_docs(paths: list[str]) -> dict[str, str]:
    """Document name -> text, named and split the way the scorer and the contract do."""
    files: list[Path] = []
    for p in paths:
        pp = Path(p)
        if not pp.exists():
            sys.exit(f"--docs {p}: no such file or directory")
        files += sorted(x for x in pp.rglob("*") if x.is_file()) if pp.is_dir() else [pp]
    docs: dict[str, str] = {}
    for f in files:
        if f.suffix.lower() == ".csv":
            with open(f, encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
            if rows and "full_text" in rows[0]:
                for i, row in enumerate(rows):
                    docs[f.name if i == 0 else f"{f.name}#{i}"] = row["full_text"]
        elif f.suffix.lower() in (".txt", ".md"):
            docs[f.name] = f.read_text(encoding="utf-8")
    return docs


def is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def check_quote(rec: dict, text: str, errs: list[str]) -> None:
    q = rec.get("quote")
    if not isinstance(q, str) or not q:
        errs.append("quote missing or empty")
        return
    if not 10 <= len(q) <= 80:
        errs.append(f"quote has {len(q)} characters; cut it to 10-80")
    n = text.count(q)
    if n != 1:
        errs.append(
            f"quote occurs {n} times in {rec['doc']}; it must occur exactly once (extend it to a neighbouring clause)"
            if n
            else f"quote not found in {rec['doc']}; copy it exactly from the text"
        )


def check_quantity(rec: dict, text: str, fields: str | None, errs: list[str]) -> None:
    missing = [k for k in QUANTITY_REQUIRED if k not in rec]
    if missing:
        errs.append(f"missing fields {missing}")
        return
    extra = set(rec) - set(QUANTITY_REQUIRED) - QUANTITY_OPTIONAL
    if extra:
        errs.append(f"unknown fields {sorted(extra)}")
    if fields == "dev" and set(rec) != DEV_FIELDS:
        errs.append(f"fields differ from the dev gold: extra {sorted(set(rec) - DEV_FIELDS)}")
    ind, measure, qual, unit = rec["indicator"], rec["measure"], rec["qualifier"], rec["unit"]
    if measure not in MEASURES:
        errs.append(f"measure {measure!r} not in {sorted(MEASURES)}")
    if qual not in QUALIFIERS:
        errs.append(f"qualifier {qual!r} not in {sorted(QUALIFIERS)}")
    if not isinstance(ind, str) or not (ind in CORE or (ind.startswith("other:") and len(ind) > 6)):
        errs.append(f"indicator {ind!r} is neither a core id nor other:<name>")
    elif ind in CORE and measure not in CORE[ind]:
        errs.append(f"indicator {ind} takes measure {sorted(CORE[ind])}, not {measure!r}")
    if not isinstance(unit, str) or not unit:
        errs.append("unit missing")
    elif measure in ("growth_pct", "rate_pct") and unit not in ("%", "％"):
        errs.append(f"measure {measure} needs unit '%', not {unit!r}")
    elif measure == "pp_diff" and "百分点" not in unit:
        errs.append(f"measure pp_diff needs unit 个百分点, not {unit!r}")
    elif measure in ("level", "count") and unit in ("%", "％"):
        errs.append(f"measure {measure} cannot have unit '%'")
    v, vh = rec["value"], rec["value_high"]
    if not is_number(v):
        errs.append(f"value {v!r} is not a number")
        return
    if vh is not None and not is_number(vh):
        errs.append(f"value_high {vh!r} is not a number or null")
        return
    if v < 0 and measure not in ("growth_pct", "pp_diff"):
        errs.append(f"negative value {v} only makes sense for growth_pct or pp_diff")
    if (qual == "range") != (vh is not None):
        errs.append("qualifier 'range' and a non-null value_high go together")
    if vh is not None and vh <= v:
        errs.append(f"value_high {vh} must be above value {v}")
    q = rec.get("quote") or ""
    nums = numbers_in(q)
    for name, x in (("value", v), ("value_high", vh)):
        if x is not None and not any(abs(abs(float(x)) - n) < 1e-9 for n in nums):
            errs.append(f"{name} {x} is not written in the quote {q!r}")
    if qual in CUES and not any(c in q for c in CUES[qual]):
        errs.append(f"qualifier {qual} but the quote has none of {CUES[qual]}")
    vt = rec.get("value_text")
    if vt is not None:
        if not isinstance(vt, str) or vt not in q:
            errs.append(f"value_text {vt!r} is not inside the quote")
        elif not any(abs(abs(float(v)) - n) < 1e-9 for n in numbers_in(vt)):
            errs.append(f"value_text {vt!r} does not write the value {v}")
    if "owner" in rec and (not isinstance(rec["owner"], str) or not rec["owner"]):
        errs.append("owner, when present, must be a non-empty string")


def check_event(rec: dict, errs: list[str]) -> None:
    missing = [k for k in EVENT_REQUIRED if k not in rec]
    if missing:
        errs.append(f"event misses fields {missing}")
        return
    extra = set(rec) - set(EVENT_REQUIRED) - EVENT_OPTIONAL
    if extra:
        errs.append(f"unknown event fields {sorted(extra)}")
    if not ISO_DATE.match(str(rec["period"])):
        errs.append(f"event period {rec['period']!r} must be an ISO date")
    if rec["event_type"] not in EVENT_TYPES:
        errs.append(f"event_type {rec['event_type']!r} not in {sorted(EVENT_TYPES)}")
    if (
        not isinstance(rec["parties"], list)
        or not rec["parties"]
        or not all(isinstance(p, str) and p for p in rec["parties"])
    ):
        errs.append("parties must be a non-empty list of names")


def check_record(rec: dict, docs: dict[str, str], fields: str | None) -> list[str]:
    errs: list[str] = []
    doc = rec.get("doc")
    if doc not in docs:
        return [f"document {doc!r} is not among --docs"]
    kind = rec.get("kind")
    if kind not in KINDS:
        return [f"kind {kind!r} not in {sorted(KINDS)}"]
    if not isinstance(rec.get("region"), str) or not rec["region"]:
        errs.append("region missing")
    if not PERIOD.match(str(rec.get("period", ""))):
        errs.append(f"period {rec.get('period')!r} is not YYYY, YYYY-YYYY, YYYY-MM, YYYY-Qn or a date")
    if kind == "event":
        check_event(rec, errs)
    else:
        check_quantity(rec, docs[doc], fields, errs)
    check_quote(rec, docs[doc], errs)
    m = GWR_NAME.match(doc.split("#")[0])
    if m and kind != "event":
        year = int(m.group(1))
        if rec.get("region") != m.group(2):
            errs.append(f"region {rec.get('region')!r} but the report is {m.group(2)}'s")
        want = str(year) if kind == "target" else str(year - 1)
        if str(rec.get("period")) != want:
            errs.append(f"a {kind} in the {year} report is for period {want}, not {rec.get('period')!r}")
    if "date" in rec and not ISO_DATE.match(str(rec["date"])):
        errs.append(f"date {rec['date']!r} must be an ISO date")
    return errs


def check_file(gold: str, doc_paths: list[str], fields: str | None) -> tuple[int, int]:
    docs = load_docs(doc_paths)
    n_rec = n_bad = 0
    seen: dict[tuple, int] = {}
    with open(gold, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            n_rec += 1
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"{gold}:{lineno}: not JSON ({exc})")
                n_bad += 1
                continue
            errs = check_record(rec, docs, fields)
            key = (
                rec.get("doc"),
                rec.get("quote"),
                rec.get("indicator"),
                rec.get("kind"),
                str(rec.get("period")),
                rec.get("value"),
                rec.get("event_type"),
            )
            if key in seen:
                errs.append(f"duplicate of line {seen[key]}")
            seen.setdefault(key, lineno)
            for e in errs:
                print(f"{gold}:{lineno}: {e}")
            n_bad += bool(errs)
    return n_rec, n_bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="*", help="gold JSONL file(s)")
    ap.add_argument("--docs", action="append", default=[], help="document file or folder (repeatable)")
    ap.add_argument("--fields", choices=["dev"], default=None, help="'dev': require exactly the fields of the dev gold")
    args = ap.parse_args()

    root = Path(__file__).resolve().parents[2]
    if args.gold:
        if not args.docs:
            ap.error("give --docs with the documents the gold file labels")
        jobs = [(g, args.docs, args.fields) for g in args.gold]
    else:
        jobs = []
        for gold, docs, fields in [
            (root / "samples" / "gold.jsonl", root / "samples", None),
            (root / "tests" / "gold" / "gwr2026_extra.jsonl", root.parent / "shared" / "corpus" / "gwr2026", "dev"),
        ]:
            if not docs.exists():
                print(f"skip {gold.relative_to(root)}: documents not found at {docs}")
                continue
            jobs.append((str(gold), [str(docs)], fields))

    failed = 0
    for gold, docs, fields in jobs:
        n, bad = check_file(gold, docs, fields)
        print(f"{gold}: {n} records, {bad} with problems")
        failed += bad
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
