"""Extraction on the team's multi-genre gold (tests/gold/genres): texts of every
genre the cooperation action produces — league, banner, city and county
reports and plans, statistics communiqués, monthly news, press conferences,
task breakdowns, 督查通报, events, traditional-script reprints — written by the
team and labelled figure by figure before luoshi read them.

``dev/`` is what the rules were tuned on; ``heldout/`` was only scored. The
floors below are the measured figures less a small margin: a change that
loses ground on any genre fails here. ``luoshi evaluate tests/gold/genres/dev``
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
        ("value_recall", 0.97),
        ("precision", 0.96),
        ("all_fields", 0.75),
        ("region_agree", 0.94),
        ("period_agree", 0.95),
        ("kind_agree", 0.95),
        ("owner_agree", 0.9),
    ],
)
def test_the_dev_genres_keep_their_scores(dev: dict[str, Tally], field: str, floor: float):
    assert dev["all"].figures()[field] >= floor


@pytest.mark.parametrize(
    ("field", "floor"),
    [("value_recall", 0.9), ("precision", 0.9), ("all_fields", 0.5), ("region_agree", 0.85)],
)
def test_the_held_out_genres_keep_their_scores(heldout: dict[str, Tally], field: str, floor: float):
    assert heldout["all"].figures()[field] >= floor


def test_few_numerals_that_are_not_quantities_become_figures(dev: dict[str, Tally]):
    tally = dev["all"]
    assert len(tally.not_figures_taken) <= 0.05 * tally.not_figures, tally.not_figures_taken
