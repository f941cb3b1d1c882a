"""Team-written task lists (任务分解表) for the 2025 regional cooperation
tasks of Inner Mongolia that samples/nmg_cooperation_2025.md and the seed
article report (口岸货运量1.3亿吨, 到发中欧班列500列, 国内到位资金5700亿元,
2个共享前置仓, 77个供应基地, 自贸区, 跨境电商, 劳务协作), written the ways
offices write them: an Excel sheet with a title and section rows merged
across, a 牵头单位 merged down over three tasks, a two-line cell and one
set of header words; a Word table with others; the CSV in data/.
"""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl

DATA = Path(__file__).parent / "data"
CSV = DATA / "nmg_tasks_2025.csv"
TITLE = "内蒙古自治区2025年区域合作深化行动重点任务分解表"
REGION = "内蒙古自治区"

# (序号, 重点任务, 目标, 牵头单位, 责任单位, 完成时限); None: a section heading
ROWS: list[tuple[str, str, str, str, str, str] | str] = [
    "一、对外扩大高水平开放",
    ("1", "持续增强口岸通关保障能力", "全年实现口岸货运量1.3亿吨", "自治区商务厅",
     "满洲里海关、呼和浩特海关、自治区交通运输厅", "2025年12月底前"),
    ("2", "推动中欧班列提质增效", "到发中欧班列总量力争突破500列", "自治区商务厅",
     "自治区交通运输厅、中国铁路呼和浩特局集团有限公司", "年底前"),
    ("3", "强化精准招商\n持续擦亮“投资内蒙古”品牌", "招商引资国内到位资金超过5700亿元", "自治区商务厅",
     "自治区发展改革委", "年底前"),
    ("4", "将自贸区创建作为全区开放发展的头等大事", "争创自由贸易试验区", "自治区商务厅",
     "自治区发展改革委、自治区司法厅", "长期坚持"),
    ("5", "扩大二手车、“新三样”、中间品出口规模，开展跨境电商园区及试点企业和跨境电商公共海外仓培育", "",
     "自治区商务厅", "呼和浩特海关", "2025年12月31日前"),
    "二、全方位拓展京蒙合作",
    ("6", "持续办好京蒙消费帮扶系列活动", "在京高标准建设2个共享前置仓", "自治区农牧厅",
     "自治区商务厅、自治区供销合作社", "2025年6月底前"),
    ("7", "建好用好农畜产品供应基地和“直采直供”基地", "建好用好77个农畜产品供应基地", "自治区农牧厅",
     "各盟市", "三季度末"),
    ("8", "拓展农畜产品电子商务销售渠道", "", "自治区农牧厅", "自治区商务厅", "长期坚持"),
    ("9", "继续认定一批就业基地，持续开展“京蒙劳务协作专场招聘会”等专项活动", "",
     "自治区人力资源和社会保障厅", "自治区农牧厅", "2025年9月30日前"),
    ("10", "继续培养选树一批有地方特色的、带动就业能力突出的京蒙协作劳务品牌", "",
     "自治区人力资源和社会保障厅", "", "年底前"),
]  # fmt: skip

# What every rendering of the list must give: the figures with their owner,
# co-owners and deadline; the commitments (no figure) with theirs.
FIGURES = {
    "port_freight_volume":
        (1.3, "亿吨", "自治区商务厅", ("满洲里海关", "呼和浩特海关", "自治区交通运输厅"), "2025-12-31"),
    "china_europe_trains":
        (500.0, "列", "自治区商务厅", ("自治区交通运输厅", "中国铁路呼和浩特局集团有限公司"), "2025-12-31"),
    "investment_attracted": (5700.0, "亿元", "自治区商务厅", ("自治区发展改革委",), "2025-12-31"),
    "other:共享前置仓": (2.0, "个", "自治区农牧厅", ("自治区商务厅", "自治区供销合作社"), "2025-06-30"),
    "other:农畜产品供应基地": (77.0, "个", "自治区农牧厅", ("各盟市",), "2025-09-30"),
}  # fmt: skip
COMMITMENTS = {
    "争创自由贸易试验区": ("自治区商务厅", ("自治区发展改革委", "自治区司法厅"), None),
    "跨境电商公共海外仓培育": ("自治区商务厅", ("呼和浩特海关",), "2025-12-31"),
    "拓展农畜产品电子商务销售渠道": ("自治区农牧厅", ("自治区商务厅",), None),
    "京蒙劳务协作专场招聘会": ("自治区人力资源和社会保障厅", ("自治区农牧厅",), "2025-09-30"),
    "京蒙协作劳务品牌": ("自治区人力资源和社会保障厅", (), "2025-12-31"),
}


def make_xlsx(folder: Path, name: str = "2025年区域合作任务分解.xlsx") -> Path:
    """The list as an Excel sheet: title merged across, header words 序 号 /
    工作任务 / 预期目标 / 责任单位（牵头） / 配合单位 / 完成时间, section rows
    merged across, 自治区商务厅 merged down over tasks 1–3, a two-line cell."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "重点任务"
    sheet.append([TITLE])
    sheet.merge_cells("A1:F1")
    sheet.append(["序 号", "工作任务", "预期目标", "责任单位（牵头）", "配合单位", "完成时间"])
    for row in ROWS:
        if isinstance(row, str):
            sheet.append([row])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=6)
            continue
        number, *cells = row
        sheet.append([int(number), *(c or None for c in cells)])
    # tasks 1, 2 and 3 are rows 4, 5 and 6: one 牵头单位 cell for the three
    sheet["D5"] = sheet["D6"] = None
    sheet.merge_cells("D4:D6")
    path = folder / name
    book.save(path)
    return path


def make_docx(folder: Path, name: str = "2025年区域合作任务分解.docx") -> Path:
    """The list as a Word table: header words 序号 / 任务内容 / 目标任务 /
    牵头单位 / 责任单位 / 完成时限, a section row merged across, 自治区农牧厅
    merged down over tasks 6–8, a cell of two paragraphs."""
    word = docx.Document()
    word.add_paragraph(TITLE)
    table = word.add_table(rows=1 + len(ROWS), cols=6)
    for j, header in enumerate(("序号", "任务内容", "目标任务", "牵头单位", "责任单位", "完成时限")):
        table.cell(0, j).text = header
    lead_rows = []
    for i, row in enumerate(ROWS, start=1):
        if isinstance(row, str):
            table.cell(i, 0).merge(table.cell(i, 5)).text = row
            continue
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            lines = value.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
        if row[0] in ("6", "7", "8"):
            lead_rows.append(i)
    for i in lead_rows[1:]:
        table.cell(i, 3).text = ""
    table.cell(lead_rows[0], 3).merge(table.cell(lead_rows[-1], 3)).text = "自治区农牧厅"
    path = folder / name
    word.save(path)
    return path


def write_csv(folder: Path, rows: list[list[str]], name: str = "任务.csv") -> Path:
    """A small CSV task list: a header row, then ``rows``."""
    path = folder / name
    lines = ["序号,重点任务,目标,牵头单位,责任单位,完成时限", *(",".join(r) for r in rows)]
    path.write_text(TITLE + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path
