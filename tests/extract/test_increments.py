"""An amount after 增加/增长/新增 is a change, not the indicator's level."""

from __future__ import annotations

import pytest

from luoshi import extract


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "一般公共预算收入增加近1000亿元，稳步达到3000亿元以上。",
            ["other:一般公共预算收入增量", "general_budget_revenue"],
        ),
        ("粮食产量比上年增长20亿斤。", ["other:粮食产量增量"]),
        ("城镇新增就业18万人。", ["urban_new_jobs"]),
        ("全年引进国内到位资金5573.1亿元，同比增长16.6%。", ["investment_attracted", "investment_attracted"]),
    ],
)
def test_increments_are_not_levels(text: str, expected: list[str]):
    found = extract(text, published="2026-02-01", region="内蒙古自治区")
    assert [s.indicator for s in found] == expected
