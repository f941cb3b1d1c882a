"""What the fetch tests share besides fixtures: the client's test limits,
the policy allowing the test site, and the attachments made for it."""

from __future__ import annotations

import io

from site_server import SiteServer

from luoshi.fetch import AddressPolicy, FetchLimits

PDF_LINES = [
    "2026年全区商务工作要点",
    "一、全年社会消费品零售总额增长5.5%左右。",
    "二、外贸进出口总额力争突破2300亿元。",
]
DOCX_ROWS = [("任务", "目标", "责任单位"), ("外贸进出口总额", "力争突破2300亿元", "自治区商务厅"),
             ("新引进外资项目", "不少于80个", "自治区商务厅")]  # fmt: skip
# Fast enough for tests, slow enough that /slow.html (2 s) times out.
TEST_LIMITS = FetchLimits(per_host_rate=None, retries=1, backoff=0.01, read_timeout=0.5, connect_timeout=2,
                          max_bytes=4 * 1024 * 1024, max_seconds=20)  # fmt: skip


def make_pdf() -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # built into reportlab
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    pdf.setTitle("2026年全区商务工作要点")
    pdf.setFont("STSong-Light", 12)
    for i, line in enumerate(PDF_LINES):
        pdf.drawString(72, 760 - 24 * i, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("2026年全区商务工作任务分工表", level=1)
    table = document.add_table(rows=0, cols=3)
    for row in DOCX_ROWS:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def allowing(site: SiteServer) -> AddressPolicy:
    """The configured exception: the test site's own address, nothing else private."""
    return AddressPolicy.allowing([site.host])
