"""luoshi import-tasks: an office's task list (Excel, Word, CSV) read as
targets whose evidence is their row — the task text read for its figures,
牵头单位 the owner, 责任单位 the co-owners, 完成时限 the deadline, a task
without a figure kept as a commitment — in whatever header words, merged
and multi-line cells the office used; any bad row refuses the file, every
problem named by its row."""

from __future__ import annotations

import pytest
from task_samples import COMMITMENTS, CSV, FIGURES, REGION, TITLE, make_docx, make_xlsx, write_csv
from typer.testing import CliRunner

from luoshi.cli import app
from luoshi.errors import FormatError
from luoshi.source_types import TRUSTED_IMPORT, SourceType
from luoshi.store import open_store
from luoshi.tasks import read_tasks
from luoshi.tasks.columns import part_of
from luoshi.types import Kind

runner = CliRunner()


def _read(kind: str, tmp_path):
    path = {"xlsx": make_xlsx, "docx": make_docx}[kind](tmp_path) if kind != "csv" else CSV
    return read_tasks(path)


@pytest.mark.parametrize("kind", ["xlsx", "docx", "csv"])
def test_each_row_is_a_target_with_its_lead_units_and_deadline(kind, tmp_path):
    table = _read(kind, tmp_path)
    text = table.document.text
    assert table.rows == 10 and table.commitments == 5 and table.without_deadline == 2
    assert table.document.title == TITLE and table.document.region == REGION
    figures = {s.indicator: s for s in table.statements if s.value is not None}
    assert set(figures) == set(FIGURES)
    for indicator, (value, unit, owner, co_owners, deadline) in FIGURES.items():
        s = figures[indicator]
        assert (s.value, s.unit, s.owner, s.co_owners, s.deadline) == (value, unit, owner, co_owners, deadline)
        assert s.kind is Kind.TARGET and s.period == "2025" and s.region == REGION
        assert s.quote == text[s.start : s.end] and "\t" not in s.quote  # the figure's own cell
    assert figures["port_freight_volume"].quote == "全年实现口岸货运量1.3亿吨"


@pytest.mark.parametrize("kind", ["xlsx", "docx", "csv"])
def test_a_task_without_a_figure_is_a_commitment_with_its_deadline(kind, tmp_path):
    table = _read(kind, tmp_path)
    text = table.document.text
    commitments = [s for s in table.statements if s.value is None]
    assert len(commitments) == len(COMMITMENTS)
    for words, (owner, co_owners, deadline) in COMMITMENTS.items():
        [s] = [s for s in commitments if words in s.quote]
        assert (s.owner, s.co_owners, s.deadline) == (owner, co_owners, deadline)
        assert s.kind is Kind.TARGET and s.measure is None and s.unit is None and s.period == "2025"
        assert s.quote == text[s.start : s.end] and "tasks.commitment" in s.rules


def test_a_task_whose_cell_says_yuji_is_a_target_not_a_preliminary_outcome(tmp_path):
    row = ["1", "提升口岸通关能力", "预计全年口岸货运量1.3亿吨", "自治区商务厅", "满洲里海关", "2025年12月底前"]
    [s] = read_tasks(write_csv(tmp_path, [row])).statements
    assert (s.kind, s.value, s.preliminary) == (Kind.TARGET, 1.3, False)


def test_a_cell_merged_down_gives_each_row_its_lead_unit_and_a_two_line_cell_is_one_task(tmp_path):
    xlsx = read_tasks(make_xlsx(tmp_path))
    # 自治区商务厅 is written once, in a cell merged over tasks 1–3
    leads = {s.indicator: s.owner for s in xlsx.statements}
    first_three = ("port_freight_volume", "china_europe_trains", "investment_attracted")
    assert {leads[i] for i in first_three} == {"自治区商务厅"}
    assert "强化精准招商；持续擦亮“投资内蒙古”品牌\t招商引资国内到位资金超过5700亿元" in xlsx.document.text
    # the Word table merges 自治区农牧厅 over tasks 6–8, the last a commitment
    docx = read_tasks(make_docx(tmp_path))
    [ecommerce] = [s for s in docx.statements if "电子商务" in s.quote]
    assert ecommerce.owner == "自治区农牧厅"


def test_section_rows_stay_in_the_text_between_their_tasks(tmp_path):
    text = read_tasks(make_xlsx(tmp_path)).document.text
    lines = text.split("\n")
    assert lines[0] == TITLE and lines[1].startswith("序 号\t工作任务")
    assert lines[2].startswith("一、对外扩大高水平开放") and lines[8].startswith("二、全方位拓展京蒙合作")


@pytest.mark.parametrize(
    ("header", "part"),
    [
        ("序号", "number"), ("序 号", "number"), ("重点任务", "task"), ("任务内容", "task"), ("工作任务", "task"),
        ("目标", "goal"), ("目标任务", "goal"), ("预期目标", "goal"), ("牵头单位", "lead"),
        ("责任单位（牵头）", "lead"), ("牵头单位\n（部门）", "lead"), ("责任单位", "partners"),
        ("配合单位", "partners"), ("参与单位", "partners"), ("完成时限", "deadline"), ("时间节点", "deadline"),
        ("完成时间", "deadline"), ("备注", None),
    ],
)  # fmt: skip
def test_header_words_offices_use(header, part):
    assert part_of(header) == part


def test_without_a_lead_column_the_unit_marked_lead_leads(tmp_path):
    path = tmp_path / "任务.csv"
    path.write_text(
        f"{TITLE}\n序号,重点任务,责任单位,完成时限\n"
        "1,全年实现口岸货运量1.3亿吨,满洲里海关、自治区商务厅（牵头）,年底前\n"
        "2,到发中欧班列力争突破500列,自治区交通运输厅、自治区商务厅,年底前\n",
        encoding="utf-8",
    )
    owners = [(s.owner, s.co_owners) for s in read_tasks(path).statements]
    assert owners == [("自治区商务厅", ("满洲里海关",)), ("自治区交通运输厅", ("自治区商务厅",))]


def test_every_bad_row_is_named_and_nothing_is_read(tmp_path):
    path = write_csv(
        tmp_path,
        [
            ["1", "全年实现口岸货运量1.3亿吨", "", "自治区商务厅", "", "年底前"],
            ["2", "到发中欧班列力争突破500列", "", "", "", "年底前"],
            ["3", "", "", "自治区商务厅", "", "6月底前"],
            ["4", "争创自由贸易试验区", "", "自治区商务厅", "", "尽快"],
            ["5", "拓展农畜产品电子商务销售渠道", "", "", "", "2024年12月底前"],
            ["6", "在京高标准建设2个共享前置仓", "", "自治区农牧厅", "", "2025年2月30日前"],
        ],
    )
    with pytest.raises(FormatError) as caught:
        read_tasks(path)
    reason = caught.value.reason
    assert reason.startswith("5 行有问题，未导入任何任务：")
    # the title is row 1, the header row 2: task 1 is row 3, and sound
    assert "第4行：缺少牵头单位" in reason
    assert "第5行：缺少重点任务" in reason
    assert "第6行：完成时限「尽快」无法识别" in reason
    assert "第7行：缺少牵头单位，完成时限「2024年12月底前」早于任务表的年度 2025年" in reason
    assert "第8行：完成时限「2025年2月30日前」中的日期「2025年2月30日」不存在" in reason
    assert "第3行" not in reason


def test_import_tasks_stores_the_list_as_a_trusted_task_list_or_nothing(tmp_path):
    db = str(tmp_path / "luoshi.duckdb")
    bad = write_csv(tmp_path, [["1", "全年实现口岸货运量1.3亿吨", "", "", "", "年底前"]], "坏.csv")
    refused = runner.invoke(app, ["import-tasks", str(bad), "--db", db])
    assert refused.exit_code == 1 and "第3行：缺少牵头单位" in refused.output  # under the title and header
    with open_store(db) as store:
        assert store.documents() == []

    done = runner.invoke(app, ["import-tasks", str(make_xlsx(tmp_path)), "--db", db])
    assert done.exit_code == 0, done.output
    assert "导入 10 项任务" in done.output and "5 项无数量的工作任务" in done.output
    again = runner.invoke(app, ["import-tasks", str(make_xlsx(tmp_path)), "--db", db])
    assert again.exit_code == 0 and "已导入过" in again.output
    with open_store(db) as store:
        [doc] = store.documents()
        assert doc.source_type is SourceType.TASK_LIST and doc.confirmed_by == TRUSTED_IMPORT
        stored = store.statements()
    assert len(stored) == 10 and {s.deadline for s in stored} == {"2025-12-31", "2025-06-30", "2025-09-30", None}


def test_region_and_year_come_from_the_options_when_the_title_names_neither(tmp_path):
    path = tmp_path / "tasks.csv"
    path.write_text("序号,重点任务,牵头单位,完成时限\n1,全市口岸货运量达到1000万吨,市商务局,三季度末\n", "utf-8")
    with pytest.raises(FormatError, match="无法判断任务表所属地区"):
        read_tasks(path)
    [s] = read_tasks(path, region="满洲里市", year=2025).statements
    assert (s.region, s.period, s.deadline, s.owner) == ("满洲里市", "2025", "2025-09-30", "市商务局")
