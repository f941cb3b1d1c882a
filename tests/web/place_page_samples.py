"""The store the place pages are tested on: the web tests' samples
(web_samples) and the team-written texts of places_texts/ — plans and
outcomes of three leagues (兴安盟, 乌兰察布市, 呼和浩特市), two ports
(满洲里, 二连浩特) and events with two partners (山东, 北京) — none of them
read from ../shared."""

from __future__ import annotations

from pathlib import Path

from web_samples import fill

from luoshi.ingest import ingest
from luoshi.store import Store, open_store

PLACE_TEXTS = Path(__file__).parent / "places_texts"


def fill_with_places(store: Store) -> None:
    fill(store)
    summary = ingest([str(PLACE_TEXTS)], store)
    assert summary.failed == [] and summary.new == len(list(PLACE_TEXTS.glob("*.md"))), summary


def places_store(folder: Path) -> Path:
    """A DuckDB file in ``folder`` holding the samples and the place texts."""
    path = folder / "places.duckdb"
    with open_store(path) as store:
        fill_with_places(store)
    return path
