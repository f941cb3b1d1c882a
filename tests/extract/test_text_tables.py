"""Tables written as text: each figure of a row is named by its column's
header, takes the header's unit when the cell gives none, and belongs to the
place the row names."""

from __future__ import annotations

from luoshi import extract

TABLE = (
    "锡林郭勒盟关于一季度重点项目推进情况的通报\n\n"
    "排名｜地区｜开复工项目（个）｜开复工率｜完成投资（亿元）\n"
    "第1名｜锡林浩特市｜21｜48.8%｜13.7\n"
    "第2名｜二连浩特市｜9｜45.0%｜4.6\n"
    "\n全盟重点项目开复工率36%。\n"
)


def test_each_figure_of_a_row_is_its_columns_and_its_places():
    got = [(s.value, s.unit, s.indicator_name, s.region) for s in extract(TABLE, published="2025-04-15")]
    assert got == [
        (21.0, "个", "开复工项目", "锡林浩特市"),
        (48.8, "%", "开复工率", "锡林浩特市"),
        (13.7, "亿元", "完成投资", "锡林浩特市"),
        (9.0, "个", "开复工项目", "二连浩特市"),
        (45.0, "%", "开复工率", "二连浩特市"),
        (4.6, "亿元", "完成投资", "二连浩特市"),
        (36.0, "%", "重点项目开复工率", "锡林郭勒盟"),
    ]


def test_a_rank_column_gives_no_figure_and_quotes_stay_in_the_row():
    statements = extract(TABLE, published="2025-04-15")
    assert all(s.value != 1 and s.value != 2 for s in statements)
    assert all("\n" not in s.quote for s in statements)


def test_a_tab_indenting_prose_makes_no_table():
    text = "\t全年工作要点\n\t全区地区生产总值增长5.8%，规上工业增加值增长6.2%。\n"
    got = [s.indicator for s in extract(text, published="2025-01-20", region="内蒙古自治区")]
    assert got == ["gdp_growth", "industrial_value_added_growth"]
