"""Property tests for the quantity scanner: any figure written out in a sentence
reads back as itself, and no text makes the scanner fail or misplace a span."""

from __future__ import annotations

import math

import cn2an
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from luoshi.numbers import find_quantities

SCALES = {"": 1.0, "万": 1e4, "亿": 1e8, "万亿": 1e12}
UNITS = ["元", "吨", "人", "个", "千瓦", "%"]

# Context characters that cannot join the figure: no digits, numerals, scale
# words, letters, '第'/'前', no last character of a prefix qualifier (近 约 超 破
# 过 于 少 达 在 至 到 上) and no first character of a suffix qualifier or of a
# longer unit (左 上 以 及 人 次 时 标 类 百 床).
SAFE = "全年实现经济总量发展推动建设城市产业收稳定提升质效益改革开放创新服务保障民生重点工作任务区域协调绿色碳生态环境"
PREFIXES = ["全年实现", "今年全区完成", "", "去年", "力争", "预计", "，"]
SUFFIXES = ["，同比增长", "。", "", "的目标", "，比上年", "；"]
_FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def context() -> st.SearchStrategy[str]:
    chosen = st.sampled_from(PREFIXES)
    noise = st.text(alphabet=SAFE, max_size=8)
    return st.tuples(noise, chosen).map("".join)


def after() -> st.SearchStrategy[str]:
    noise = st.text(alphabet=SAFE + "，。", max_size=8)
    return st.tuples(st.sampled_from(SUFFIXES), noise).map("".join)


@st.composite
def arabic_figure(draw) -> tuple[str, float]:
    """'1,234.56' / '１２３' / '7': the text and the number it writes."""
    whole = draw(st.integers(0, 99_999))
    frac = draw(st.one_of(st.just(""), st.text(alphabet="0123456789", min_size=1, max_size=3)))
    grouped = draw(st.booleans())
    digits = f"{whole:,}" if grouped else str(whole)
    written = digits + (f".{frac}" if frac else "")
    value = float(written.replace(",", ""))
    assume(value > 0)
    if not grouped and draw(st.booleans()):
        written = written.translate(_FULLWIDTH)
    return written, value


@st.composite
def chinese_figure(draw) -> tuple[str, int]:
    """'一千二百三十四' / '两千三百': the numeral and its integer."""
    n = draw(st.integers(1, 99_999))
    written = cn2an.an2cn(n)
    if written.startswith(("二千", "二百", "二万")) and draw(st.booleans()):
        written = "两" + written[1:]
    return written, n


def scale_and_unit() -> st.SearchStrategy[tuple[str, str]]:
    # a percentage takes no scale word
    return st.sampled_from([(s, u) for s in SCALES for u in UNITS if u != "%" or s == ""])


def assert_reads_back(text: str, figure: str, at: int, value: float, scale: str, unit: str, exact_value: bool) -> None:
    found = find_quantities(text)
    assert len(found) == 1, [(text[q.start : q.end], q.value, q.unit) for q in found]
    [q] = found
    assert (q.start, q.end) == (at, at + len(figure))
    assert text[q.start : q.end] == figure
    assert math.isclose(q.base_value, value * SCALES[scale], rel_tol=1e-9)
    if exact_value:
        assert math.isclose(q.value, value, rel_tol=1e-9)
        assert q.unit == scale + unit
    assert q.qualifier.value == "exact"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(figure=arabic_figure(), su=scale_and_unit(), before=context(), tail=after())
@example(figure=("2073.1", 2073.1), su=("亿", "元"), before="全年实现", tail="，同比增长")
@example(figure=("3.1", 3.1), su=("亿", "千瓦"), before="", tail="")
@example(figure=("1,234.5", 1234.5), su=("万", "吨"), before="", tail="。")
def test_an_arabic_figure_in_a_sentence_reads_back_as_itself(figure, su, before, tail):
    digits, value = figure
    scale, unit = su
    written = digits + scale + unit
    text = before + written + tail
    assert_reads_back(text, written, len(before), value, scale, unit, exact_value=True)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(figure=chinese_figure(), su=scale_and_unit(), before=context(), tail=after())
@example(figure=("十五", 15), su=("万", "人"), before="三年", tail="")
@example(figure=("两千", 2000), su=("亿", "元"), before="首次", tail="大关")
def test_a_chinese_numeral_figure_in_a_sentence_reads_back_as_itself(figure, su, before, tail):
    numeral, n = figure
    scale, unit = su
    # 一元, 两个: a bare 一/二/两 is idiom far more often than a count (by design).
    assume(n > 2 or scale)
    # 十五万千瓦 is dropped today: see test_scanner.py::test_known_misreadings.
    assume(not (unit == "千瓦" and (scale == "万" or (numeral.endswith("万") and not scale))))
    written = numeral + scale + unit
    text = before + written + tail
    # 二万元 and 一万亿元 are read the natural way (2 万元, 1 万亿元): same amount, other split.
    exact_value = not (n % 10_000 == 0 and scale in ("", "亿"))
    assert_reads_back(text, written, len(before), n, scale, unit, exact_value)


def test_the_safe_context_alphabet_holds_no_character_that_could_join_a_figure():
    risky = set("0123456789零〇一二两三四五六七八九十百千万亿第前近约超破过于少达在至到上左以及人次时标类床")
    assert risky.isdisjoint(SAFE)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_scans_without_error_and_spans_lie_inside_it(text):
    for q in find_quantities(text):
        assert 0 <= q.start <= q.num_start < q.end <= len(text)


# Text drawn from the characters the scanner cares about finds far more edge cases.
NUMERIC_ALPHABET = (
    "0123456789０１２３４５６７８９.,，%％-—～至到"
    "一二两三四五六七八九十百千万亿余多近约超以上下内左右"
    "元吨人个千瓦时大类第前年月日G"
)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=NUMERIC_ALPHABET, max_size=40))
def test_numeric_looking_text_scans_without_error_and_spans_lie_inside_it(text):
    found = find_quantities(text)
    ends = [q.end for q in found]
    starts = [q.start for q in found]
    assert starts == sorted(starts)
    for q, next_start in zip(found, starts[1:], strict=False):
        assert q.end <= next_start, "quantities overlap"
    for q in found:
        assert 0 <= q.start <= q.num_start < q.end <= len(text)
        assert math.isfinite(q.value)
        if q.value_high is not None:
            assert q.qualifier.value == "range"
    assert len(ends) == len(set(ends))


@pytest.mark.parametrize("n", [1, 9, 10, 11, 20, 99, 100, 101, 110, 1000, 1001, 2000, 9999])
def test_cn2an_renderings_of_landmark_numbers_read_back(n):
    numeral = cn2an.an2cn(n)
    text = f"全年实现{numeral}万元，同比增长"
    [q] = find_quantities(text)
    assert (q.value, q.unit, text[q.start : q.end]) == (n, "万元", f"{numeral}万元")
