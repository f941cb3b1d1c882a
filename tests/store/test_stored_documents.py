"""Documents: stored once by the hash of their text, found by id, id prefix
or name, listed newest first, their text kept exactly."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from store_samples import TRAINS_TEXT, real_report, stored_document, trains_document

from luoshi.source_types import SourceType
from luoshi.store import AddResult, Store, StoredDocument


def test_a_document_goes_in_with_its_statements(store: Store):
    doc, stmts = trains_document()
    result = store.add_document(doc, stmts)
    assert result == AddResult(added=True, doc_id=doc.id, statements=3, name="trains.txt")
    assert store.has_document(doc.id)
    assert store.counts() == {"documents": 1, "statements": 3}


def test_the_same_text_twice_changes_nothing(store: Store):
    doc, stmts = trains_document()
    store.add_document(doc, stmts)
    before = (store.counts(), store.documents(), store.statements())
    again = store.add_document(doc, stmts[:1])  # even with other statements
    assert again == AddResult(added=False, doc_id=doc.id, statements=3, name="trains.txt")
    assert (store.counts(), store.documents(), store.statements()) == before


def test_the_same_text_under_another_name_is_the_same_document(store: Store):
    doc, stmts = trains_document("a.txt")
    other, _ = trains_document("b.txt")
    store.add_document(doc, stmts)
    again = store.add_document(other, [])
    assert not again.added and again.name == "a.txt"
    assert [d.name for d in store.documents()] == ["a.txt"]


@pytest.mark.real_texts  # a report of ../shared: hundreds of statements
def test_a_real_report_twice_is_stored_once(store: Store):
    doc, stmts = real_report()
    assert store.add_document(doc, stmts).added
    assert not store.add_document(doc, stmts).added
    assert store.counts() == {"documents": 1, "statements": len(stmts)}


def test_a_document_id_must_be_the_hash_of_its_text(store: Store):
    forged = replace(stored_document("正文"), name="forged.txt", text="别的正文")
    with pytest.raises(ValueError, match="forged.txt"):
        store.add_document(forged, [])
    assert store.counts() == {"documents": 0, "statements": 0}


def test_text_and_metadata_come_back_exactly(store: Store):
    # line ends, a full-width space, characters outside the BMP and a NUL-free control character
    text = "第一行\r\n第二行\u3000𠮷野家😀\x1f末尾 "
    moment = datetime(2026, 2, 12, 9, 30, 15, 123456, tzinfo=UTC)
    doc = stored_document(
        text,
        "报告.txt",
        source="/data/报告.txt",
        title="政府工作报告",
        region="内蒙古自治区",
        published=date(2026, 2, 12),
        loader="text",
        skip=((0, 3), (5, 8)),
        ingested_at=moment,
        source_type=SourceType.GOVERNMENT_WORK_REPORT,
    )
    store.add_document(doc, [])
    got = store.document(doc.id)
    assert got == doc
    assert got is not None and got.text[9:11] == "𠮷野"


def test_ingested_at_defaults_to_now_in_utc(store: Store):
    before = datetime.now(UTC)
    doc = stored_document("现在", ingested_at=None)
    store.add_document(doc, [])
    got = store.document(doc.id)
    assert got is not None and got.ingested_at is not None
    assert got.ingested_at.tzinfo is UTC
    assert before.replace(microsecond=0) <= got.ingested_at <= datetime.now(UTC)


def test_documents_are_listed_newest_first_without_text_with_counts(store: Store):
    old, old_stmts = trains_document("old.txt")
    store.add_document(_at(old, 2025), old_stmts)
    new = stored_document("另一份文件", "new.txt")
    store.add_document(_at(new, 2026), [])
    listed = store.documents()
    assert [(d.name, d.statement_count, d.text) for d in listed] == [("new.txt", 0, ""), ("old.txt", 3, "")]
    assert listed[1].region == "内蒙古自治区" and listed[1].published == date(2026, 1, 20)


def test_a_document_is_found_by_id_prefix_or_name(store: Store):
    doc, stmts = trains_document("trains.txt")
    store.add_document(doc, stmts)
    for ref in (doc.id, doc.id[:6], doc.id[:12].upper(), "trains.txt"):
        found = store.document(ref)
        assert found is not None and found.id == doc.id, ref
        assert found.text == TRAINS_TEXT and found.statement_count == 3


@pytest.mark.parametrize("ref", ["", "nothing.txt", "zzzzzz", "0000000000"])
def test_an_unknown_reference_finds_nothing(store: Store, ref: str):
    doc, stmts = trains_document()
    store.add_document(doc, stmts)
    assert store.document(ref) is None


def test_a_prefix_shorter_than_six_digits_is_not_enough(store: Store):
    doc, _ = trains_document()
    store.add_document(doc, [])
    assert store.document(doc.id[:5]) is None


def test_a_prefix_that_fits_two_documents_finds_neither(store: Store):
    docs = _two_with_common_prefix()
    for doc in docs:
        store.add_document(doc, [])
    prefix = docs[0].id[:6]
    assert store.document(prefix) is None
    assert {store.document(d.id[:7]).id for d in docs} == {d.id for d in docs}  # type: ignore[union-attr]


def test_counts_of_an_empty_store(store: Store):
    assert store.counts() == {"documents": 0, "statements": 0}
    assert store.documents() == []
    assert not store.has_document("0" * 64)


def _at(doc: StoredDocument, year: int) -> StoredDocument:
    return replace(doc, ingested_at=datetime(year, 1, 1, tzinfo=UTC))


def _two_with_common_prefix() -> list[StoredDocument]:
    """Two texts whose ids share their first six hex digits (found by trying)."""
    seen: dict[str, StoredDocument] = {}
    for i in range(1_000_000):
        doc = stored_document(f"文件{i}", f"f{i}.txt")
        key = doc.id[:6]
        if key in seen and seen[key].id[:7] != doc.id[:7]:
            return [seen[key], doc]
        seen[key] = doc
    raise AssertionError("no collision found")


def test_a_document_stored_without_a_source_type_reads_back_as_unknown(store: Store):
    doc = stored_document("全年到发中欧班列300列。", "无来源.txt", loader="text")
    store.add_document(doc, [])
    got = store.document(doc.id)
    assert got is not None and got.source_type is SourceType.UNKNOWN
