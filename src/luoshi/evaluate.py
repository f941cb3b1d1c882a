"""Score extracted statements against hand-labelled gold, per genre and field.

Matching follows the contract's scorer: a statement matches a gold record of
the same document when its span overlaps the gold quote and its value is the
same once scale words are applied (2073.1 亿元 == 207310000000 元); each gold
record matches at most one statement. On top of that this module reports what
a user of every genre needs to know:

- ``all_fields``: the share of gold figures matched with kind, period,
  measure, qualifier, region, indicator (core ids; for own indicators, a clean
  name — see ``name_ok``) and owner (where the gold names one) all right;
- ``owner``: over gold figures that name an owner, the share whose owner agrees;
- ``not_figures``: gold ``not_a_figure`` records (唯一一个, 第3位, 内政办发〔2025〕12号)
  that some statement took as a figure — the aim is none.

Gold records of kind ``repeat`` (a headline restating the body) are neither
figures to find nor false positives: a statement over one of them is not counted.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from luoshi.errors import DecodeError, FormatError, InputError, shown
from luoshi.load.files import unreadable
from luoshi.numbers.scanner import split_unit

FIELDS = ("kind", "period", "measure", "qualifier", "region", "indicator")
_UNIT_SYNONYMS = {"名": "人", "位": "人", "个百分点": "百分点", "％": "%", "人民币": "元", "元人民币": "元"}
_REGION_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市", "盟")
_BROKEN_NAME = set("…●•、，,。；;：:")
_NAME_TAIL = tuple("在的了和及与等将要")


@dataclass
class Tally:
    """Counts for one genre (or all of them)."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    all_fields: int = 0
    agree: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    owners_gold: int = 0
    owners_right: int = 0
    own_names: int = 0
    own_names_clean: int = 0
    not_figures: int = 0
    not_figures_taken: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("gold", "predicted", "matched", "all_fields", "owners_gold", "owners_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.own_names += other.own_names
        self.own_names_clean += other.own_names_clean
        self.not_figures += other.not_figures
        self.not_figures_taken += other.not_figures_taken
        for k, v in other.agree.items():
            self.agree[k] += v

    def figures(self) -> dict[str, Any]:
        def share(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "value_recall": share(self.matched, self.gold),
            "precision": share(self.matched, self.predicted),
            "all_fields": share(self.all_fields, self.gold),
            **{f"{k}_agree": share(self.agree[k], self.matched) for k in FIELDS},
            "owner_agree": share(self.owners_right, self.owners_gold),
            "own_name_clean": share(self.own_names_clean, self.own_names),
            "not_figures": self.not_figures,
            "not_figures_taken": len(self.not_figures_taken),
        }


def load_gold(paths: Iterable[Path]) -> list[dict[str, Any]]:
    out = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise DecodeError(str(path), "不是 UTF-8 文字；标注文件须存为 UTF-8") from None
        except OSError as exc:
            raise InputError(str(path), unreadable(exc)) from None
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    where = f"第 {n:,} 行第 {exc.colno:,} 个字符"
                    raise FormatError(str(path), f"{where}起不是 JSON；每行应是一条标注（一个 JSON 对象）") from None
    return out


def evaluate(
    gold: Iterable[Mapping[str, Any]], predicted: Iterable[Mapping[str, Any]], texts: Mapping[str, str]
) -> dict[str, Tally]:
    """Tallies per genre (see ``genre``) and ``all``."""
    gold_by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        text = texts.get(g["doc"])
        if text is None:
            raise FormatError(str(g["doc"]), "标注指向的文本没有给出；请把这个文本放在标注文件旁边")
        at = text.find(g["quote"])
        if at < 0:
            raise FormatError(str(g["doc"]), f"文本中找不到标注的原文“{shown(str(g['quote']))}”；请核对原文是否照抄")
        gold_by_doc[g["doc"]].append({**g, "_s": at, "_e": at + len(g["quote"])})
    pred_by_doc: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for p in predicted:
        if p.get("kind") in ("target", "actual") and p.get("doc") in gold_by_doc:
            pred_by_doc[p["doc"]].append(p)
    tallies: dict[str, Tally] = defaultdict(Tally)
    for doc, records in gold_by_doc.items():
        tallies[genre(doc)].add(_score_document(records, pred_by_doc.get(doc, [])))
    total = Tally()
    for t in tallies.values():
        total.add(t)
    return {**dict(sorted(tallies.items())), "all": total}


def genre(doc: str) -> str:
    """A labelled text's genre: its name up to the first ``_`` or digit
    (news_monthly_trade.txt → news, tongbao2.txt → tongbao)."""
    return re.split(r"[_0-9.]", doc, maxsplit=1)[0] or doc


def _score_document(records: list[dict[str, Any]], predicted: list[Mapping[str, Any]]) -> Tally:
    t = Tally()
    figures = [g for g in records if g.get("kind") in ("target", "actual")]
    repeats = [g for g in records if g.get("kind") == "repeat"]
    free = [p for p in predicted if not any(_overlaps(p, r) and _value_in_quote(p, r) for r in repeats)]
    t.predicted = len(free)
    t.gold = len(figures)
    for g in figures:
        hit = next((p for p in free if _overlaps(p, g) and _same_value(p, g)), None)
        if hit is None:
            continue
        free.remove(hit)
        t.matched += 1
        right = {f: _agree(g, hit, f) for f in FIELDS}
        for f, ok in right.items():
            t.agree[f] += ok
        owner_ok = True
        if g.get("owner"):
            t.owners_gold += 1
            owner_ok = (hit.get("owner") or "") == g["owner"]
            t.owners_right += owner_ok
        if str(g.get("indicator", "")).startswith("other:"):
            t.own_names += 1
            t.own_names_clean += name_ok(g, hit)
        t.all_fields += all(right.values()) and owner_ok and _indicator_named(g, hit)
    for g in records:
        if g.get("kind") == "not_a_figure":
            t.not_figures += 1
            if any(_overlaps(p, g) and _value_in_quote(p, g, g.get("value_text")) for p in predicted):
                t.not_figures_taken.append(g["quote"])
    return t


def _overlaps(p: Mapping[str, Any], g: Mapping[str, Any]) -> bool:
    return int(p["start"]) < g["_s"] + len(g["quote"]) and g["_s"] < int(p["end"])


def _value_in_quote(p: Mapping[str, Any], g: Mapping[str, Any], written: str | None = None) -> bool:
    """The statement's figure is the numeral the gold record is about: the
    two stand on the same characters of the text."""
    written = written or g.get("value_text") or ""
    at = g["quote"].find(written) if written else -1
    lo, hi = (g["_s"] + at, g["_s"] + at + len(written)) if at >= 0 else (g["_s"], g["_s"] + len(g["quote"]))
    figure = p.get("value_text") or ""
    inside = str(p.get("quote") or "").find(figure) if figure else -1
    if inside < 0:
        return False
    start = int(p["start"]) + inside
    return start < hi and lo < start + len(figure)


def _base(rec: Mapping[str, Any]) -> tuple[float | None, str]:
    if rec.get("base_value") is not None and rec.get("base_unit") is not None:
        scale, stem = _split(str(rec["base_unit"]))
        return float(rec["base_value"]) * scale, stem
    if rec.get("value") is None:
        return None, ""
    scale, stem = _split(str(rec.get("unit") or ""))
    return float(rec["value"]) * scale, stem


def _split(unit: str) -> tuple[float, str]:
    unit = _UNIT_SYNONYMS.get(unit, unit)
    scale, stem = split_unit(unit)
    return scale, _UNIT_SYNONYMS.get(stem, stem)


def _same_value(p: Mapping[str, Any], g: Mapping[str, Any]) -> bool:
    (pv, pu), (gv, gu) = _base(p), _base(g)
    if pv is None or gv is None:
        return False
    return math.isclose(pv, gv, rel_tol=1e-6, abs_tol=1e-9) and (pu == gu or not gu)


def _norm_region(r: str | None) -> str:
    r = (r or "").strip()
    for suf in _REGION_SUFFIXES:
        if r.endswith(suf) and len(r) > len(suf):
            return r[: -len(suf)]
    return r


def _agree(g: Mapping[str, Any], p: Mapping[str, Any], f: str) -> bool:
    if f == "region":
        return _norm_region(g.get("region")) == _norm_region(p.get("region"))
    if f == "indicator":
        gi = str(g.get("indicator", ""))
        return gi.startswith("other:") or gi == p.get("indicator")
    return (g.get(f) or None) == (p.get(f) or None)


def _indicator_named(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
    return not str(g.get("indicator", "")).startswith("other:") or name_ok(g, p)


def name_ok(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
    """An own indicator's name is right when it shares the gold noun phrase's
    core (without a trailing 数/数量) in a run of at least three characters,
    is at most about twice as long, and is no fragment (no list or sentence
    punctuation, no trailing particle) — the shared scorer's own_name_agree."""
    core = str(g["indicator"])[len("other:") :]
    for tail in ("数量", "数"):
        if core.endswith(tail) and len(core) > len(tail) + 1:
            core = core[: -len(tail)]
            break
    name = str(p.get("indicator_name") or "")
    if _BROKEN_NAME & set(name) or name.endswith(_NAME_TAIL):
        return False
    return _common_run(core, name) >= min(3, len(core)) and len(name) <= 2 * len(core) + 2


def _common_run(a: str, b: str) -> int:
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def evaluate_folder(folder: Path) -> dict[str, Tally]:
    """Extract every text of ``folder`` that has a ``NAME.gold.jsonl`` beside
    it and score the statements against those labels."""
    from luoshi.extract import extract_document  # the pipeline imports nothing of this module
    from luoshi.load import load_path

    gold_files = sorted(folder.glob("*.gold.jsonl"))
    if not gold_files:
        raise InputError(str(folder), "没有 *.gold.jsonl 标注文件；请给出放着 NAME.txt 和 NAME.gold.jsonl 的文件夹")
    texts: dict[str, str] = {}
    predicted: list[dict[str, Any]] = []
    for gold_file in gold_files:
        path = folder / gold_file.name.replace(".gold.jsonl", ".txt")
        if not path.is_file():
            raise InputError(str(path), f"没有这个文本，{gold_file.name} 的标注无从对照；请把文本放在标注文件旁边")
        for doc in load_path(path):
            texts[doc.name] = doc.text
            predicted.extend(s.to_dict() for s in extract_document(doc))
    return evaluate(load_gold(gold_files), predicted, texts)
