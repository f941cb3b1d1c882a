"""Documents stored many at a time (``Store.add_documents``, a bulk
upload's batch) come back exactly as documents stored one by one: text,
metadata, statements, search; a stored text is left as it is and a taken
name is numbered, within the batch as against the store."""

from __future__ import annotations

from datetime import date

from store_samples import statement, stored_document, trains_document

from luoshi.store import StatementQuery, Store
from luoshi.types import Kind

REPORT = "2026年自治区地区生产总值增长5.5%左右，粮食产量稳定在800亿斤以上。"
NEWS = "满洲里口岸全年开行中欧班列1500列。"


def _facts(store: Store, ref: str) -> list[tuple[object, ...]]:
    return [
        (s.doc, s.start, s.end, s.quote, s.kind, s.indicator, s.value, s.unit, s.owner, s.parties)
        for s in store.statements(StatementQuery(doc=ref))
    ]


def test_a_batch_is_stored_as_its_documents_would_be_one_by_one(store: Store) -> None:
    trains, trains_statements = trains_document("trains.txt")
    report = stored_document(REPORT, "报告.txt", title="政府工作报告", region="内蒙古自治区",
                             published=date(2026, 1, 20), loader="text", skip=((0, 5),))  # fmt: skip
    report_statements = [
        statement("报告.txt", REPORT, "地区生产总值增长5.5%左右", kind=Kind.TARGET, period="2026", value=5.5),
        statement("报告.txt", REPORT, "粮食产量稳定在800亿斤以上", kind=Kind.TARGET, period="2026", value=800.0),
    ]
    results = store.add_documents([(trains, trains_statements), (report, report_statements)])
    assert [(r.added, r.doc_id, r.statements, r.name) for r in results] == [
        (True, trains.id, 3, "trains.txt"),
        (True, report.id, 2, "报告.txt"),
    ]
    found = store.document(report.id)
    assert found is not None and found.text == REPORT
    assert (found.name, found.title, found.region, found.published, found.loader, found.skip) == (
        "报告.txt", "政府工作报告", "内蒙古自治区", date(2026, 1, 20), "text", ((0, 5),)
    )  # fmt: skip
    assert found.ingested_at is not None and found.statement_count == 2
    assert [f[3] for f in _facts(store, report.id)] == ["地区生产总值增长5.5%左右", "粮食产量稳定在800亿斤以上"]
    trains_back = _facts(store, trains.id)
    assert [(f[3], f[6], f[8], f[9]) for f in trains_back] == [
        (s.quote, s.value, s.owner, s.parties) for s in trains_statements
    ]
    assert [(h.doc_id, h.start) for h in store.search("中欧班列")] == [(trains.id, TRAINS_AT)]
    assert [h.doc_id for h in store.search("粮食产量")] == [report.id]


TRAINS_AT = trains_document()[0].text.index("中欧班列")


def test_texts_already_stored_are_left_as_they_are_in_the_store_and_in_the_batch(store: Store) -> None:
    first = store.add_document(stored_document(NEWS, "news.txt"), [])
    again = stored_document(NEWS, "news-copy.txt")
    report = stored_document(REPORT, "报告.txt")
    results = store.add_documents([(again, []), (report, []), (stored_document(REPORT, "报告副本.txt"), [])])
    assert [(r.added, r.doc_id, r.name) for r in results] == [
        (False, first.doc_id, "news.txt"),
        (True, report.id, "报告.txt"),
        (False, report.id, "报告.txt"),
    ]
    assert sorted(d.name for d in store.documents()) == ["news.txt", "报告.txt"]


def test_taken_names_are_numbered_against_the_store_and_the_batch(store: Store) -> None:
    store.add_document(stored_document("第一版", "bulk.csv"), [])
    results = store.add_documents(
        [(stored_document("第二版", "bulk.csv"), []), (stored_document("第三版", "bulk.csv"), []),
         (stored_document("第四版", "other.csv"), [])]
    )  # fmt: skip
    assert [r.name for r in results] == ["bulk.csv (2)", "bulk.csv (3)", "other.csv"]
    document = store.document("bulk.csv (3)")
    assert document is not None and document.text == "第三版"


def test_an_empty_batch_stores_nothing(store: Store) -> None:
    assert store.add_documents([]) == []
    assert store.documents() == []
