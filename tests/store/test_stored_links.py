"""Links and statuses kept in the store as documents arrive are exactly
what a full ``relink`` computes, whatever the order the documents came in,
on DuckDB and PostgreSQL; a write and the links it changes are one
transaction."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from luoshi.extract import extract_document
from luoshi.ingest import links_deferred, stored, trusted
from luoshi.load import load_path
from luoshi.store import Store, StoredDocument
from luoshi.store.links_table import LinkRow
from luoshi.store.sql import SqlStore
from luoshi.track import stored_links
from luoshi.track.stored_links import relink
from luoshi.types import Statement

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
Arrival = tuple[StoredDocument, list[Statement]]


def _arrivals(paths: Sequence[Path]) -> list[Arrival]:
    return [(trusted(stored(doc)), extract_document(doc)) for p in paths for doc in load_path(p)]


@pytest.fixture(scope="module")
def real_arrivals() -> list[Arrival]:
    paths = sorted((CORPUS / "gwr2026").glob("2026_*.csv")) + sorted((CORPUS / "seed").glob("*.txt"))
    if not paths:
        pytest.skip(f"the seed and the 2026 reports are not under {CORPUS}")
    return _arrivals(paths)


@pytest.fixture(scope="module")
def sample_arrivals() -> list[Arrival]:
    return _arrivals(sorted((ROOT / "samples").glob("*.md")) + [ROOT / "samples" / "demo_bulk.csv"])


def _rows(store: Store) -> list[LinkRow]:
    assert isinstance(store, SqlStore)
    return sorted(store.link_rows(None), key=repr)


def _arrive(store: Store, arrivals: Sequence[Arrival]) -> None:
    for doc, statements in arrivals:
        assert store.add_document(doc, statements).added


def _relinked(store: Store) -> list[LinkRow]:
    assert isinstance(store, SqlStore)
    relink(store)
    return _rows(store)


@pytest.mark.real_texts
def test_links_kept_as_the_32_real_documents_arrive_equal_a_full_relink(store: Store, real_arrivals) -> None:
    _arrive(store, real_arrivals)
    kept = _rows(store)
    assert len(kept) > 1500  # every target statement of the seed and the 31 reports has its row
    assert kept == _relinked(store)
    assert isinstance(store, SqlStore) and store.links_complete()


@pytest.mark.real_texts
@pytest.mark.parametrize("seed", [1, 2])
def test_any_order_of_arrival_keeps_the_same_links(store: Store, real_arrivals, seed: int) -> None:
    # Dates and authority decide which outcome settles a target, not the order
    # documents were stored in: reports arriving shuffled, a later one first.
    # (ingested_at differs by arrival, so only the order of arrival varies.)
    shuffled = list(real_arrivals)
    random.Random(seed).shuffle(shuffled)
    _arrive(store, shuffled)
    assert _rows(store) == _relinked(store)


@pytest.mark.real_texts
def test_real_documents_arriving_in_chunks_of_any_size_keep_the_links_of_a_full_relink(store, real_arrivals) -> None:
    # `luoshi ingest` stores a chunk of documents a transaction, relinking what the chunk touches once
    assert isinstance(store, SqlStore)
    shuffled, chunks = list(real_arrivals), random.Random(3)
    chunks.shuffle(shuffled)
    while shuffled:
        size = chunks.randint(1, 12)
        assert all(r.added for r in store.add_documents(shuffled[:size]))
        shuffled = shuffled[size:]
    assert _rows(store) == _relinked(store)


def test_sample_documents_in_any_order_link_as_a_full_relink(store: Store, sample_arrivals) -> None:
    shuffled = list(sample_arrivals)
    random.Random(7).shuffle(shuffled)
    _arrive(store, shuffled[: len(shuffled) // 2])
    assert isinstance(store, SqlStore)
    store.add_documents(shuffled[len(shuffled) // 2 :])  # the rest as one batch, as an upload job stores them
    kept = _rows(store)
    assert any(row.is_primary and row.candidates for row in kept)  # some target has an outcome among the samples
    assert kept == _relinked(store)


def test_a_failed_relink_stores_nothing_of_the_document(store: Store, sample_arrivals, monkeypatch) -> None:
    first, second = sample_arrivals[0], sample_arrivals[1]
    _arrive(store, [first])
    before = _rows(store)

    def broken(*_: object) -> list[object]:
        raise RuntimeError("linking failed")

    monkeypatch.setattr(stored_links, "link_partition", broken)
    with pytest.raises(RuntimeError):
        store.add_document(*second)
    assert not store.has_document(second[0].id)
    assert _rows(store) == before


def test_a_bulk_load_leaves_links_stale_until_relinked(store: Store, sample_arrivals) -> None:
    assert isinstance(store, SqlStore)
    with links_deferred(store):
        store.add_documents(sample_arrivals)
        assert not store.links_complete()
        assert _rows(store) == []
    assert store.links_complete()
    assert _rows(store) != []


def test_extracting_a_document_again_relinks_what_it_left(store: Store, sample_arrivals) -> None:
    _arrive(store, sample_arrivals)
    doc, statements = max(sample_arrivals, key=lambda a: sum(s.kind.value == "target" for s in a[1]))
    targets = {(s.start, s.end) for s in statements if s.kind.value == "target"}
    ours = [row for row in _rows(store) if row.doc_id == doc.id]
    assert {(row.start, row.end) for row in ours} <= targets and ours
    store.replace_statements(doc.id, [s for s in statements if s.kind.value != "target"])
    assert [row for row in _rows(store) if row.doc_id == doc.id] == []
    assert _rows(store) == _relinked(store)


def test_confirming_an_owners_upload_and_assigning_owners_relink_what_they_change(store: Store, sample_arrivals):
    from luoshi.accounts import Accounts
    from luoshi.accounts.records import Role
    from luoshi.source_types import SourceType

    assert isinstance(store, SqlStore)
    accounts = Accounts(store)
    admin = accounts.add_user("guanli", "a-long-password-1", Role.ADMIN)
    (news, found), *rest = sorted(sample_arrivals, key=lambda a: -len(a[1]))
    _arrive(store, rest)
    # the news arrives as an owner's upload nobody vouched for: its outcomes wait
    upload = replace(news, source_type=SourceType.OWNER_REPORT, owner="自治区商务厅", confirmed_by=None)
    store.add_document(upload, found)
    waiting = _rows(store)
    assert waiting == _relinked(store)
    accounts.confirm_document(admin, upload.id)
    assert _rows(store) != waiting
    assert _rows(store) == _relinked(store)
    target = next(s for s in store.statements() if s.kind.value == "target" and s.indicator)
    accounts.assign_owner(target, "自治区发展改革委", by=admin)
    assert _rows(store) == _relinked(store)


def _boards(store: Store, questions) -> list[tuple[list[object], list[object]]]:
    from luoshi.track.board import places_within, scoreboard
    from luoshi.track.scopes import scoped_index
    from luoshi.track.stored_board import stored_scoreboard

    assert isinstance(store, SqlStore)
    day = date(2026, 6, 30)
    return [
        (
            scoreboard(scoped_index(store, places_within(r) if r else None, p), r, p, o, as_of=day),
            stored_scoreboard(store, r, p, o, as_of=day),
        )
        for r, p, o in questions
    ]


@pytest.mark.real_texts
def test_the_scoreboard_read_from_stored_links_is_the_one_linked_from_statements(store: Store, real_arrivals):
    _arrive(store, real_arrivals)
    questions = [("内蒙古自治区", "2025", None), ("内蒙古自治区", "2026", None), ("广东省", "2026", None),
                 (None, "2026", None), ("内蒙古自治区", None, None), ("内蒙古自治区", "2025", "商务厅")]  # fmt: skip
    for linked, read in _boards(store, questions):
        assert read == linked
    assert len(_boards(store, [(None, "2026", None)])[0][1]) > 1500


def test_the_samples_scoreboard_read_from_stored_links_is_the_one_linked_from_statements(store, sample_arrivals):
    _arrive(store, sample_arrivals)
    for linked, read in _boards(store, [("内蒙古自治区", "2025", None), ("内蒙古自治区", None, None)]):
        assert read == linked and read
    assert any(a.chosen for a in read)
