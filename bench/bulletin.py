"""Writing a 通报: the time to build, lay out and write one for 100 and for
1,000 tasks, DOCX and PDF, and how many pages each runs to.

    .venv/bin/python bench/bulletin.py [--tasks 100 1000] [--page-image docs/bulletin_page1.png]

The tasks are made here: targets of one region and year (a level target
each, 20 牵头单位 in turn), three in five with an outcome — a year's figure
at, above or short of the target, or a first-half figure behind or on pace
— linked and assessed as `luoshi report` does (``luoshi.track``), then
``build_bulletin`` (the 通报 as data), ``bulletin_bytes`` (compose, charts,
DOCX or PDF). Results are appended to bench/results.md. ``--page-image``
also writes the first page of the 100-task PDF as a PNG (the README's).
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.md"
sys.path.insert(0, str(ROOT / "src"))

from luoshi.bulletin import build_bulletin, bulletin_bytes  # noqa: E402
from luoshi.bulletin.fonts import find_fonts  # noqa: E402
from luoshi.source_types import SourceType  # noqa: E402
from luoshi.track.board import scoreboard  # noqa: E402
from luoshi.track.link_index import TrackIndex  # noqa: E402
from luoshi.track.ranking import Source  # noqa: E402
from luoshi.types import Kind, Measure, Qualifier, Statement  # noqa: E402

REGION = "内蒙古自治区"
UNITS = [f"自治区{name}" for name in (
    "商务厅", "农牧厅", "发展改革委", "工业和信息化厅", "交通运输厅", "文化和旅游厅", "科技厅", "教育厅",
    "人力资源和社会保障厅", "住房和城乡建设厅", "生态环境厅", "水利厅", "能源局", "林草局", "卫生健康委",
    "民政厅", "自然资源厅", "财政厅", "市场监管局", "供销合作社",
)]  # fmt: skip
SOURCES = {
    "任务分解表.csv": Source("任务分解表.csv", "内蒙古自治区2025年重点任务分解表", date(2025, 2, 20), rank=5,
                        authority="任务分解表", type=SourceType.GOVERNMENT_DOCUMENT),
    "上半年统计.csv": Source("上半年统计.csv", "2025年上半年重点任务进展统计", date(2025, 7, 15), rank=6,
                        authority="统计数据", type=SourceType.STATISTICS),
    "全年统计.csv": Source("全年统计.csv", "2025年重点任务完成情况统计", date(2026, 1, 20), rank=6,
                       authority="统计数据", type=SourceType.STATISTICS),
}  # fmt: skip


def _figure(doc: str, n: int, kind: Kind, period: str, value: float, qualifier: Qualifier | None) -> Statement:
    name = f"重点工程{n}"
    quote = f"{name}建成{value:g}个" if kind is Kind.ACTUAL else f"全年{name}力争建成{value:g}个以上"
    return Statement(
        doc=doc, start=n * 100, end=n * 100 + len(quote), quote=quote, kind=kind, period=period, region=REGION,
        region_code="150000", indicator=f"other:{name}", indicator_name=name, measure=Measure.COUNT, value=value,
        unit="个", base_value=value, base_unit="个", qualifier=qualifier, value_text=f"{value:g}个",
        owner=UNITS[n % len(UNITS)] if kind is Kind.TARGET else None,
    )  # fmt: skip


def tasks(n: int, half_year: bool) -> list[Statement]:
    """``n`` targets, and outcomes for three in five: of the first half
    (``half_year``) or of the whole year."""
    out = []
    for i in range(n):
        target = 100 + i % 37
        out.append(_figure("任务分解表.csv", i, Kind.TARGET, "2025", target, Qualifier.AT_LEAST))
        share = (0.6, 1.0, 1.15)[i % 5] if i % 5 < 3 else 0.0
        if i % 5 < 3:
            if half_year:
                out.append(_figure("上半年统计.csv", i, Kind.ACTUAL, "2025-06", round(target * share / 2), None))
            else:
                out.append(_figure("全年统计.csv", i, Kind.ACTUAL, "2025", round(target * share), None))
    return out


def pages(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def measure(n: int, as_of: date) -> dict[str, float | int]:
    t0 = time.perf_counter()
    index = TrackIndex.build(tasks(n, half_year=as_of < date(2026, 1, 1)), SOURCES)
    board = scoreboard(index, REGION, "2025", as_of=as_of)
    t1 = time.perf_counter()
    b = build_bulletin(board, lambda a: a.target.owner, region=REGION, period="2025", owner=None, as_of=as_of,
                       issued_at=datetime.now(UTC))  # fmt: skip
    t2 = time.perf_counter()
    docx = bulletin_bytes(b, "docx")
    t3 = time.perf_counter()
    pdf = bulletin_bytes(b, "pdf")
    t4 = time.perf_counter()
    docx_pages = None
    return {
        "tasks": len(b.tasks), "lagging": len(b.lagging()), "track_s": t1 - t0, "build_s": t2 - t1,
        "docx_s": t3 - t2, "pdf_s": t4 - t3, "docx_kb": len(docx) // 1024, "pdf_kb": len(pdf) // 1024,
        "pdf_pages": pages(pdf), "docx_pages": docx_pages or 0, "pdf": pdf,  # type: ignore[dict-item]
    }  # fmt: skip


def first_page_png(pdf: bytes, path: Path) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        image = doc[0].render(scale=110 / 72).to_pil()
    finally:
        doc.close()
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PNG", optimize=True)
    path.write_bytes(buf.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--page-image", type=Path, help="write the first page of the smallest 通报 here (PNG)")
    args = parser.parse_args()
    find_fonts()  # once, outside the timings: the process's first look at the font folders
    rows = []
    for n in args.tasks:
        for as_of in (date(2025, 7, 31), date(2026, 3, 1)):
            found = measure(n, as_of)
            if args.page_image and n == min(args.tasks) and as_of.year == 2025:
                first_page_png(found.pop("pdf"), args.page_image)  # type: ignore[arg-type]
            found.pop("pdf", None)
            rows.append((as_of, found))
            print(as_of, {k: round(v, 3) if isinstance(v, float) else v for k, v in found.items()}, flush=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?") if Path("/proc/cpuinfo").exists() else "?"  # fmt: skip
    lines = [
        f"\n### {datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores ({cpu}), commit {commit.stdout.strip()}"
        " — bench/bulletin.py",
        "",
        "通报 of N tasks (level targets of 20 牵头单位; 3 in 5 with an outcome), as of mid-year (half-year"
        " figures; 1 in 5 欠进度) and after the year (1 in 5 未完成). Track: link and assess; build: the 通报 as"
        " data; DOCX and PDF:"
        " compose, two charts, write (PDF: fonts embedded, subset).",
        "",
        "| tasks | as of | lagging | track | build | DOCX | PDF | DOCX size | PDF size | PDF pages |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for as_of, r in rows:
        lines.append(
            f"| {r['tasks']} | {as_of} | {r['lagging']} | {r['track_s']:.2f} s | {r['build_s']:.2f} s"
            f" | {r['docx_s']:.2f} s | {r['pdf_s']:.2f} s | {r['docx_kb']} KB | {r['pdf_kb']} KB | {r['pdf_pages']} |"
        )
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
