"""完成时限 as offices write it, read as the day a task is due (a day
without a year is in the task list's year, 2025 here); 长期坚持 and an
empty cell have no deadline; anything else is refused, saying why."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.tasks import DeadlineError, parse_deadline


@pytest.mark.parametrize(
    ("words", "due"),
    [
        ("2025年6月底前", date(2025, 6, 30)),
        ("6月底前", date(2025, 6, 30)),
        ("六月底前", date(2025, 6, 30)),
        ("2025年2月底", date(2025, 2, 28)),
        ("6月中旬", date(2025, 6, 20)),
        ("三季度末", date(2025, 9, 30)),
        ("第一季度末", date(2025, 3, 31)),
        ("上半年", date(2025, 6, 30)),
        ("年底前", date(2025, 12, 31)),
        ("2025年底前", date(2025, 12, 31)),
        ("2025年年底", date(2025, 12, 31)),
        ("年内", date(2025, 12, 31)),
        ("2025年12月31日前", date(2025, 12, 31)),
        ("9月30日前完成", date(2025, 9, 30)),
        ("2025-06-30", date(2025, 6, 30)),  # a spreadsheet's date cell, as the grid shows it
        ("2025.9.30", date(2025, 9, 30)),
        ("２０２５年６月底前", date(2025, 6, 30)),  # full-width digits
        ("2026年", date(2026, 12, 31)),
        ("2025—2027年", date(2027, 12, 31)),
        ("6月底前完成方案，12月底前建成", date(2025, 12, 31)),  # the task is due when all of it is
    ],
)
def test_deadline_words_name_a_day(words, due):
    found = parse_deadline(words, 2025)
    assert found.due == due and found.words == words


@pytest.mark.parametrize("words", ["长期坚持", "持续推进", "常态化开展", "每季度报送", "", "  "])
def test_a_task_that_never_ends_has_no_deadline(words):
    assert parse_deadline(words, 2025).due is None


@pytest.mark.parametrize(
    ("words", "why"),
    [
        ("尽快", "完成时限「尽快」无法识别：应写作 2025年6月底前、三季度末、年底前、2025年12月31日前、长期坚持 等"),
        ("按上级要求", "完成时限「按上级要求」无法识别"),
        ("2025年2月30日", "完成时限「2025年2月30日」中的日期「2025年2月30日」不存在"),
    ],
)
def test_words_naming_no_day_are_refused_saying_why(words, why):
    with pytest.raises(DeadlineError) as caught:
        parse_deadline(words, 2025)
    assert str(caught.value).startswith(why)
