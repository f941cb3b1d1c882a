"""The indicator lists of the web pages offer only what can be measured:
an indicator that only numerals naming a programme carry is not offered."""

from __future__ import annotations

from luoshi.extract import extract
from luoshi.track.link_index import TrackIndex
from luoshi.web.charts import indicators

PLAN = "2025年全市力争新建5G基站3000个，全力抓好七项重点工作，实施六个倍增计划。"
CITIES = ["包头市", "赤峰市", "通辽市"]


def test_indicators_named_only_by_a_slogan_are_not_offered():
    statements = [s for city in CITIES for s in extract(PLAN, doc=f"{city}.txt", published="2025-01-20", region=city)]
    named = {s.indicator for s in statements if s.in_name}
    measured = {s.indicator for s in statements if not s.in_name}
    assert len(named) == 2 and len(measured) == 1  # 七项重点工作, 六个倍增计划; 3000个 5G基站
    offered = [ident for ident, _, _ in indicators(TrackIndex.build(statements))]
    assert offered == list(measured)
