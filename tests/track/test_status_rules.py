"""rules/data/status.yaml agrees with itself and with the indicator
catalogue (in the spirit of tests/test_rules_data.py)."""

from __future__ import annotations

from luoshi.extract.indicators import families
from luoshi.source_types import SourceType
from luoshi.track.rules import STATUS_IDS, track_rules
from luoshi.track.status import Status


def catalogue_ids() -> set[str]:
    return {i for fam in families() for i in (*fam.ids.values(), fam.default) if i}


def test_the_default_tolerances_of_the_brief():
    r = track_rules()
    assert (r.tolerance_percent, r.tolerance_relative) == (0.5, 0.02)
    assert r.exceeded_percent > r.tolerance_percent and r.exceeded_relative > r.tolerance_relative


def test_one_word_for_each_status():
    assert tuple(s.value for s in Status) == STATUS_IDS
    assert set(track_rules().words) == set(STATUS_IDS)
    assert len(set(track_rules().words.values())) == len(STATUS_IDS)


def test_authority_ranks_statistics_then_reports_then_the_rest():
    rank = track_rules().authority
    order = [
        SourceType.STATISTICS, SourceType.TASK_LIST, SourceType.GOVERNMENT_WORK_REPORT, SourceType.GOVERNMENT_DOCUMENT,
        SourceType.OWNER_REPORT, SourceType.NEWS, SourceType.UNKNOWN,
    ]  # fmt: skip
    assert [rank[t] for t in order] == sorted(rank.values(), reverse=True) and len(set(rank.values())) == len(order)


def test_a_trusted_import_infers_statistics_then_work_reports_then_news():
    inferred = track_rules().inferred_types
    assert inferred[0].loader == "stats" and inferred[-1].loader is None and not inferred[-1].title_contains
    assert any("政府工作报告" in e.title_contains for e in inferred)
    assert inferred[-1].type is SourceType.NEWS


def test_indicators_named_in_the_rules_are_in_the_catalogue():
    r = track_rules()
    assert r.lower_is_better <= catalogue_ids()
    assert r.ceilings <= r.lower_is_better
    assert set(r.variants) <= catalogue_ids()


def test_variants_do_not_share_words():
    for groups in track_rules().variants.values():
        words = [w for _, ws in groups for w in ws]
        assert len(words) == len(set(words))
