"""The genre scorer: matching by span and value, per-field agreement,
owners, clean names, repeats and numerals that are not figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.errors import InputError
from luoshi.evaluate import evaluate, evaluate_folder

TEXT = "满洲里口岸中欧班列突破1.8万列\n全市中欧班列已突破1.8万列，口岸货运量增长5%，居全区第3位。"


def _gold(**kw):
    rec = {
        "doc": "news_a.txt",
        "kind": "actual",
        "period": "2025",
        "measure": "count",
        "qualifier": "at_least",
        "region": "满洲里市",
        "indicator": "china_europe_trains",
        "value": 1.8,
        "unit": "万列",
    }
    return {**rec, **kw}


def _pred(quote: str, **kw):
    start = TEXT.index(quote)
    rec = {
        "doc": "news_a.txt",
        "start": start,
        "end": start + len(quote),
        "quote": quote,
        "kind": "actual",
        "period": "2025",
        "measure": "count",
        "qualifier": "at_least",
        "region": "满洲里市",
        "indicator": "china_europe_trains",
        "value": 18000,
        "unit": "列",
        "value_text": "突破1.8万列",
    }
    return {**rec, **kw}


def test_a_statement_matches_by_span_and_value_after_scale_words():
    tally = evaluate(
        [_gold(quote="全市中欧班列已突破1.8万列")], [_pred("全市中欧班列已突破1.8万列")], {"news_a.txt": TEXT}
    )
    figures = tally["all"].figures()
    assert (figures["matched"], figures["all_fields"], figures["precision"]) == (1, 1.0, 1.0)
    assert set(tally) == {"news", "all"}


def test_a_wrong_field_or_owner_spoils_all_fields():
    gold = [_gold(quote="全市中欧班列已突破1.8万列", owner="满洲里市商务局")]
    tally = evaluate(gold, [_pred("全市中欧班列已突破1.8万列", period="2025-12-08")], {"news_a.txt": TEXT})
    f = tally["all"].figures()
    assert (f["matched"], f["all_fields"], f["period_agree"], f["owner_agree"]) == (1, 0.0, 0.0, 0.0)


def test_a_headline_repeat_is_neither_found_nor_false():
    gold = [
        _gold(quote="全市中欧班列已突破1.8万列"),
        {"doc": "news_a.txt", "kind": "repeat", "quote": "口岸中欧班列突破1.8万列", "value_text": "突破1.8万列"},
    ]
    preds = [_pred("全市中欧班列已突破1.8万列"), _pred("满洲里口岸中欧班列突破1.8万列")]
    f = evaluate(gold, preds, {"news_a.txt": TEXT})["all"].figures()
    assert (f["gold"], f["predicted"], f["precision"]) == (1, 1, 1.0)


def test_a_rank_taken_as_a_figure_is_counted():
    gold = [{"doc": "news_a.txt", "kind": "not_a_figure", "quote": "居全区第3位", "value_text": "第3位"}]
    rank = _pred("第3位", value=3, unit="位", value_text="第3位")
    tally = evaluate(gold, [rank], {"news_a.txt": TEXT})["all"]
    assert (tally.not_figures, tally.not_figures_taken) == (1, ["居全区第3位"])


def test_an_own_indicator_needs_a_clean_name():
    gold = [
        _gold(
            quote="口岸货运量增长5%",
            indicator="other:口岸货运量增速",
            measure="growth_pct",
            value=5,
            unit="%",
            qualifier="exact",
        )
    ]
    good = _pred(
        "口岸货运量增长5%",
        indicator="other:口岸货运量",
        indicator_name="口岸货运量",
        measure="growth_pct",
        value=5,
        unit="%",
        qualifier="exact",
    )
    broken = {**good, "indicator_name": "口岸货运量增长的"}
    assert evaluate(gold, [good], {"news_a.txt": TEXT})["all"].figures()["all_fields"] == 1.0
    assert evaluate(gold, [broken], {"news_a.txt": TEXT})["all"].figures()["all_fields"] == 0.0


def test_a_figure_sharing_digits_with_a_numeral_beside_it_is_not_that_numeral():
    text = "2｜实际使用外资｜2000万美元"
    gold = [{"doc": "task_a.txt", "kind": "not_a_figure", "quote": "2｜实际使用外资", "value_text": "2"}]
    start = text.index("2000")
    pred = {
        "doc": "task_a.txt",
        "start": 0,
        "end": start + 7,
        "quote": text[: start + 7],
        "value_text": "2000万美元",
        "kind": "target",
        "value": 2000,
        "unit": "万美元",
    }
    assert evaluate(gold, [pred], {"task_a.txt": text})["all"].not_figures_taken == []


def test_a_folder_without_labels_says_what_it_needs(tmp_path: Path):
    with pytest.raises(InputError) as info:
        evaluate_folder(tmp_path)
    assert str(info.value) == f"{tmp_path}: 没有 *.gold.jsonl 标注文件；请给出放着 NAME.txt 和 NAME.gold.jsonl 的文件夹"


def test_labels_without_their_text_name_the_text_missing(tmp_path: Path):
    (tmp_path / "news_a.gold.jsonl").write_text("{}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        evaluate_folder(tmp_path)
    assert str(info.value).startswith(f"{tmp_path / 'news_a.txt'}: 没有这个文本，news_a.gold.jsonl 的标注无从对照")


def test_a_label_line_that_is_no_json_is_named_by_its_line(tmp_path: Path):
    (tmp_path / "news_a.txt").write_text(TEXT, encoding="utf-8")
    gold = tmp_path / "news_a.gold.jsonl"
    gold.write_text('{"doc": "news_a.txt"}\n{doc: 1}\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        evaluate_folder(tmp_path)
    assert str(info.value).startswith(f"{gold}: 第 2 行第 2 个字符起不是 JSON")
    assert "Expecting" not in str(info.value)


def test_a_label_whose_quote_is_not_in_the_text_quotes_it():
    with pytest.raises(InputError) as info:
        evaluate([_gold(quote="全市中欧班列已突破2万列")], [], {"news_a.txt": TEXT})
    assert str(info.value) == "news_a.txt: 文本中找不到标注的原文“全市中欧班列已突破2万列”；请核对原文是否照抄"
