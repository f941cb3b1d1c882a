"""A figure said twice in one document — a headline restating the body, a
paragraph repeated in a reprint — is one statement with the other mention as
its evidence."""

from __future__ import annotations

from luoshi import extract

NEWS = (
    "满洲里口岸中欧班列开行突破5000列\n"
    "发布时间：2025-12-11\n\n"
    "记者从满洲里海关获悉，截至12月10日，今年经满洲里口岸进出境的中欧班列已突破5000列，"
    "完成年度计划的95.7%。\n"
)


def test_a_headline_restating_the_body_is_evidence_of_the_body_statement():
    statements = [s for s in extract(NEWS, doc="news.txt") if s.value is not None]
    trains = [s for s in statements if s.base_value == 5000]
    assert len(trains) == 1
    (s,) = trains
    assert s.quote in NEWS.split("\n\n", 1)[1]
    headline = NEWS.index("突破5000列")
    assert any(a <= headline < b for a, b in s.repeats)


def test_a_repeated_paragraph_yields_its_figures_once():
    paragraph = "全年全区口岸货运量达到1.32亿吨，同比增长6.9%。\n"
    statements = extract("口岸运量创新高\n\n" + paragraph + "其他内容。\n" + paragraph, published="2026-01-10")
    assert [(s.value, len(s.repeats)) for s in statements] == [(1.32, 1), (6.9, 1)]


def test_the_same_figure_in_different_sentences_stays_two_statements():
    text = "城镇调查失业率控制在5%以内。\n去年目标是城镇调查失业率控制在5%以内，实际为4.9%。\n"
    assert len([s for s in extract(text, published="2026-01-10") if s.value == 5]) == 2


def test_repeats_survive_the_store(tmp_path):
    from luoshi.ingest import ingest
    from luoshi.store import open_store

    path = tmp_path / "news.txt"
    path.write_text(NEWS, encoding="utf-8")
    with open_store(str(tmp_path / "s.duckdb")) as store:
        ingest([str(path)], store)
        stored = [s for s in store.statements() if s.base_value == 5000]
    assert len(stored) == 1 and stored[0].repeats
