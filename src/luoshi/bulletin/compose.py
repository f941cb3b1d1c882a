"""A 通报 as a sequence of blocks both writers set (``docx_out``, ``pdf_out``):
the masthead, title, paragraphs by style, tables, charts and the annex. The
wording lives here and in bulletin.yaml; the writers only lay it out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal, Protocol

from luoshi.bulletin import charts
from luoshi.bulletin.content import Bulletin, Task, categories_done
from luoshi.bulletin.fonts import FontSet
from luoshi.bulletin.words import categories, category_order, date_words, iso_date_words, words
from luoshi.track.tables import Cell

Style = Literal["title", "salutation", "body", "heading", "subheading", "signature", "caption", "annex_label"]
_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True, slots=True)
class Masthead:
    name: str  # 督查通报
    number: str  # 第3期
    issuer: str
    date: str


@dataclass(frozen=True, slots=True)
class Para:
    text: str
    style: Style = "body"


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative
    size_pt: float
    numeric: frozenset[str] = frozenset()  # columns set right-aligned


@dataclass(frozen=True, slots=True)
class Picture:
    png: bytes
    caption: str


@dataclass(frozen=True, slots=True)
class Annex:
    """A new page (landscape) where the annex begins."""

    label: str  # 附件
    title: str


Block = Masthead | Para | Table | Picture | Annex


class BlockWriter(Protocol):
    """What both writers do with each kind of block."""

    def masthead(self, b: Masthead) -> None: ...
    def para(self, b: Para) -> None: ...
    def picture(self, b: Picture) -> None: ...
    def table(self, b: Table) -> None: ...
    def annex(self, b: Annex) -> None: ...


def lay_out(blocks: Sequence[Block], writer: BlockWriter) -> None:
    """Each block, in order, handed to the writer's method for its kind."""
    for b in blocks:
        if isinstance(b, Masthead):
            writer.masthead(b)
        elif isinstance(b, Para):
            writer.para(b)
        elif isinstance(b, Picture):
            writer.picture(b)
        elif isinstance(b, Table):
            writer.table(b)
        else:
            writer.annex(b)


@dataclass
class Composed:
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


def share(n: int, total: int) -> str:
    return f"{n / total:.1%}" if total else "0%"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五, 101 → 一百零一, 1010 → 一千零一十
    (numbering 一、 and （一）); beyond 9999 in figures."""
    if not 0 < n < 10_000:
        return str(n)
    digits = "零一二三四五六七八九"
    out = ""
    gap = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            out += ("零" if gap and out else "") + digits[d] + unit
            gap = False
        elif out:
            gap = True
    return out[1:] if out.startswith("一十") else out


def compose(b: Bulletin, fonts: FontSet | None) -> list[Block]:
    """The blocks of ``b``; without ``fonts`` no chart is drawn (a DOCX made
    where no CJK font is installed still has everything else)."""
    w = words()
    out = Composed()
    out.add(Masthead(str(w["masthead"]), f"第{b.number}期", b.issuer, date_words(b.as_of)))
    out.add(Para(b.title, "title"))
    out.add(Para(b.fill(w["salutation_owner"] if b.owner else w["salutation"]), "salutation"))
    out.add(Para(b.fill(w["intro"])))
    sections = [_overall, _by_unit, _lagging, _next_steps]
    for n, section in enumerate(sections, start=1):
        section(b, out, f"{chinese_number(n)}、", fonts)
    out.add(Para(f"附件：{w['annex_title']}"))
    out.add(Para(b.issuer, "signature"), Para(date_words(b.as_of), "signature"))
    _annex(b, out)
    return out.blocks


def _overall(b: Bulletin, out: Composed, head: str, fonts: FontSet | None) -> None:
    out.add(Para(f"{head}总体情况", "heading"))
    total = len(b.tasks)
    parts = [f"{word}{n}项，占{share(n, total)}" for word, n in b.counts()]
    text = f"纳入本期通报的重点任务共{total}项"
    text += ("。其中，" + "；".join(parts) + "。") if parts else "。"
    out.add(Para(text))
    out.add(Para(_change_words(b)))
    if fonts is not None and b.tasks:
        out.add(Picture(_unit_chart(b, fonts), f"图1 {w_chart('by_unit')}"))


def w_chart(name: str) -> str:
    return str(words()["charts"][name])


def _change_words(b: Bulletin) -> str:
    c = b.change
    if c is None:
        return str(words()["first_issue"])
    text = f"与上期通报（第{c.number}期，{iso_date_words(c.as_of)}）相比，较上期新增完成{len(c.newly_met)}项"
    if c.newly_met:
        text += f"（{'、'.join(c.newly_met)}）"
    text += f"，新增滞后{len(c.newly_lagging)}项"
    if c.newly_lagging:
        text += f"（{'、'.join(c.newly_lagging)}）"
    return text + "。"


def _unit_chart(b: Bulletin, fonts: FontSet) -> bytes:
    limit = int(words()["charts"]["units_limit"])
    units = b.by_owner()
    shown = units[:limit]
    if len(units) > limit:
        rest: Counter[str] = Counter()
        for _, counts in units[limit:]:
            rest.update(counts)
        shown.append((f"其他{len(units) - limit}个单位", rest))
    colours = {c.word: c.colour for c in categories()}
    for t in b.tasks:
        colours.setdefault(t.category, "#607d8b")
    order = sorted(colours, key=category_order)
    bars = [charts.UnitBar(u, tuple((c, counts[c]) for c in order if counts[c])) for u, counts in shown]
    return charts.status_by_unit(bars, {c: colours[c] for c in order}, fonts["chart"])


def _by_unit(b: Bulletin, out: Composed, head: str, fonts: FontSet | None) -> None:
    out.add(Para(f"{head}分单位情况", "heading"))
    units = b.by_owner()
    used = [word for word, _ in b.counts()]
    done = categories_done()
    out.add(Para(f"本期通报涉及{len(units)}个牵头单位，各单位任务进展情况见下表。"))
    columns = ("牵头单位", "任务数", *used, "完成占比")
    rows = []
    for unit, counts in units:
        n = sum(counts.values())
        rows.append((unit, str(n), *(str(counts[c]) for c in used), share(sum(counts[c] for c in done), n)))
    total = Counter(t.category for t in b.tasks)
    rows.append(
        ("合计", str(len(b.tasks)), *(str(total[c]) for c in used), share(sum(total[c] for c in done), len(b.tasks)))
    )
    widths = (30.0, 10.0, *(11.0 for _ in used), 12.0)
    out.add(Table(columns, tuple(rows), widths, float(words()["page"]["table_pt"]), frozenset(columns[1:])))


def _lagging(b: Bulletin, out: Composed, head: str, fonts: FontSet | None) -> None:
    out.add(Para(f"{head}进度滞后的任务", "heading"))
    late = b.lagging()
    if not late:
        out.add(Para(b.fill(words()["no_lagging"])))
    else:
        out.add(Para(f"截至{date_words(b.as_of)}，共有{len(late)}项任务进度滞后，具体如下："))
        for n, t in enumerate(late, start=1):
            out.add(Para(f"（{chinese_number(n)}）{t.name}（牵头单位：{t.owner}，{t.category}）", "subheading"))
            out.add(Para(_lagging_words(b, t)))
    bars = _progress_bars(b)
    if fonts is not None and bars:
        w = words()
        late_colour = next((c.colour for c in categories() if c.lagging), "#c62828")
        on_colour = next((c.colour for c in categories() if "ahead" in c.statuses), "#1565c0")
        png = charts.progress_against_pace(bars, fonts["chart"], on_colour, late_colour)
        out.add(Picture(png, f"图2 {w['charts']['progress']}（数据来源见附件）"))


def _lagging_words(b: Bulletin, t: Task) -> str:
    text = f"目标：{t.target}（来源：{t.target_source}）"
    if t.deadline:
        text += f"，完成时限：{t.deadline}"
    text += "。"
    if t.latest:
        text += f"最新进展：{t.latest}（来源：{t.latest_source}）"
        text += f"，{t.shortfall}。" if t.shortfall else "。"
    else:
        text += "暂无进展数据。"
    days = int(words()["urge_days"])
    due = date_words(b.as_of + timedelta(days=days))
    owner = t.owner if t.owner != words()["no_owner"] else "相关单位"
    return text + b.fill(words()["urge"], owner=owner, due=due, days=days)


def _progress_bars(b: Bulletin) -> list[charts.ProgressBar]:
    found = [
        charts.ProgressBar(t.name, t.completion, t.elapsed, t.lagging)
        for t in b.tasks
        if t.completion is not None and t.elapsed is not None
    ]
    found.sort(key=lambda p: (not p.lagging, p.completion - p.elapsed))
    return found[: int(words()["charts"]["progress_limit"])]


def _next_steps(b: Bulletin, out: Composed, head: str, fonts: FontSet | None) -> None:
    out.add(Para(f"{head}下一步工作", "heading"))
    late = len(b.lagging())
    no_data = [t for t in b.tasks if t.status == "no_data"]
    units = "、".join(dict.fromkeys(t.owner for t in no_data))
    soon = [t for t in b.tasks if t.status == "due_soon"]
    holds = {"always": True, "lagging": late > 0, "no_data": bool(no_data), "due_soon": bool(soon)}
    for step in words()["next_steps"]:
        if holds.get(step["when"], False):
            text = b.fill(step["text"], lagging=late, no_data=len(no_data), units=units, due_soon=len(soon),
                          due_soon_names="、".join(t.name for t in soon))  # fmt: skip
            out.add(Para(text))


def _annex(b: Bulletin, out: Composed) -> None:
    w = words()
    out.add(Annex("附件", str(w["annex_title"])))
    out.add(Para(str(w["annex_note"]), "caption"))
    columns = b.annex_columns
    widths = tuple(float(w["annex_columns"].get(c, 10)) for c in columns)
    rows = tuple(tuple(_cell(c, row.get(c)) for c in columns) for row in b.annex)
    numeric = frozenset({"序号", "目标值", "实绩值", "完成率"}) & frozenset(columns)
    out.add(Table(columns, rows, widths, float(w["page"]["annex_table_pt"]), numeric))


def _cell(column: str, value: Cell) -> str:
    if value is None:
        return ""
    if column == "完成率" and isinstance(value, float):
        return f"{value:.1%}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
