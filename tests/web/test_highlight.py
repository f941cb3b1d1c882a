"""A document's text cut around its figures: the pieces put back together
are the text, and every figure is covered exactly by the pieces naming it,
however the statements overlap."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from luoshi.types import Kind, Statement
from luoshi.web.highlight import figure_span, pieces

TEXT = "全年实现口岸货运量1.3亿吨，到发中欧班列力争超过500列。"


def _statement(start: int, end: int, value_text: str | None = None, kind: Kind = Kind.TARGET) -> Statement:
    return Statement("d.txt", start, end, TEXT[start:end], kind, "2025", "内蒙古自治区", value_text=value_text)


@st.composite
def spans(draw: st.DrawFn) -> tuple[int, int]:
    start = draw(st.integers(0, len(TEXT) - 1))
    return start, draw(st.integers(start + 1, len(TEXT)))


@given(st.lists(spans(), max_size=6), st.none() | spans())
def test_pieces_rebuild_the_text_and_cover_each_figure_exactly(found: list[tuple[int, int]], focus):
    statements = [_statement(a, b) for a, b in found]
    cut = pieces(TEXT, statements, focus)
    assert "".join(p.text for p in cut) == TEXT
    for i, s in enumerate(statements):
        covered = "".join(p.text for p in cut if i in p.statements)
        start, end = figure_span(s, TEXT)
        assert covered == TEXT[start:end]
    if focus is not None:
        assert "".join(p.text for p in cut if p.focus) == TEXT[focus[0] : focus[1]]


def test_a_figure_is_its_words_inside_the_quote():
    s = _statement(0, 14, value_text="1.3亿吨")
    assert TEXT[slice(*figure_span(s, TEXT))] == "1.3亿吨"
    [figure] = [p for p in pieces(TEXT, [s]) if p.statements]
    assert (figure.text, figure.kind) == ("1.3亿吨", "target")


def test_an_event_without_figure_words_is_its_whole_quote():
    s = _statement(14, 22, kind=Kind.EVENT)
    [whole] = [p for p in pieces(TEXT, [s]) if p.statements]
    assert whole.text == TEXT[14:22] and whole.kind == "event"


def test_a_headline_repeating_a_figure_points_to_the_body_statement():
    text = "口岸货运量1.3亿吨\n全年实现口岸货运量1.3亿吨。"
    body = text.index("全年")
    s = Statement(
        "d.txt",
        body,
        len(text) - 1,
        text[body:-1],
        Kind.TARGET,
        "2025",
        "内蒙古自治区",
        value_text="1.3亿吨",
        repeats=((0, 10),),
    )
    marked = [p for p in pieces(text, [s]) if p.statements]
    assert [(p.text, p.start, p.statements) for p in marked] == [
        ("1.3亿吨", 5, (0,)),
        ("1.3亿吨", text.index("1.3", body), (0,)),
    ]
