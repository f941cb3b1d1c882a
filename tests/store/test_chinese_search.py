"""Search that works on Chinese: the database names the documents that may
hold the text (DuckDB by scanning, PostgreSQL through a pg_trgm index or,
without the extension, the bigram table), Python confirms every match and
gives its offsets. Every behaviour holds both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_samples import PG_URL, RUN_ID, TRAINS_TEXT, Opener, postgres_or_skip, stored_document, trains_document

import luoshi
from luoshi.store import SearchHit, Store
from luoshi.store import migrations as migrations_module
from luoshi.store import search as search_module
from luoshi.store.migrations import MIGRATIONS
from luoshi.store.postgres_store import PostgresStore
from luoshi.store.search import SNIPPET_CHARS, bigrams, keeps_bigrams, snippet

COOPERATION = Path(__file__).resolve().parents[2] / "samples" / "nmg_cooperation_2025.md"


# A store as PostgreSQL keeps it without pg_trgm, or as written before
# 0015: every migration but that one (later ones change other tables).
WITHOUT_0015 = [m for m in MIGRATIONS if not m.name.startswith("0015")]


@pytest.fixture(params=["scan or trigrams", "bigram table"])
def store(request: pytest.FixtureRequest, open_same: Opener) -> Store:
    """A store as opened today, and one that searches by the bigram table
    (opened without migration 0015, as PostgreSQL keeps it without pg_trgm)."""
    return open_same() if request.param == "scan or trigrams" else open_same(migrations=WITHOUT_0015)


def _news(store: Store) -> str:
    """The sample news, stored without statements."""
    [doc] = luoshi.load_path(COOPERATION)
    store.add_document(stored_document(doc.text, doc.name), [])
    return doc.text


def _offsets(text: str, query: str) -> list[int]:
    return [i for i in range(len(text)) if text.startswith(query, i)]


@pytest.mark.parametrize("query", ["中欧班列", "口岸货运量"])
def test_a_news_text_is_found_at_every_offset(store: Store, query: str):
    text = _news(store)
    hits = store.search(query)
    assert hits, query
    assert [h.start for h in hits] == _offsets(text, query)
    for hit in hits:
        assert text[hit.start : hit.end] == query
        assert query in hit.snippet and "\n" not in hit.snippet


def test_matches_come_from_every_document_holding_the_text(store: Store):
    doc, stmts = trains_document("trains.txt")
    store.add_document(doc, stmts)
    store.add_document(stored_document("没有相关内容的文件。", "none.txt"), [])
    store.add_document(stored_document("中欧班列：一列，中欧班列：两列。", "a.txt"), [])
    hits = store.search("中欧班列")
    assert [(h.name, h.start, h.end) for h in hits] == [("a.txt", 0, 4), ("a.txt", 8, 12), ("trains.txt", 4, 8)]
    assert hits[2] == SearchHit(doc.id, "trains.txt", 4, 8, TRAINS_TEXT[:40])


def test_all_bigrams_are_not_enough_the_text_must_be_there(store: Store):
    # 中欧 and 欧班 and 班列 are all in it, but never 中欧班列
    store.add_document(stored_document("中欧合作，欧班次，班列开行。", "scattered.txt"), [])
    assert store.search("中欧班列") == []


def test_one_character_is_searched_by_scanning(store: Store):
    store.add_document(stored_document("粮食产量，粮仓。", "grain.txt"), [])
    store.add_document(stored_document("没有。", "none.txt"), [])
    assert [(h.name, h.start) for h in store.search("粮")] == [("grain.txt", 0), ("grain.txt", 5)]


def test_queries_across_line_breaks_and_spaces_are_exact(store: Store):
    store.add_document(stored_document("口岸\n货运量 1.3 亿吨", "lines.txt"), [])
    assert [h.start for h in store.search("岸\n货")] == [1]
    assert [h.start for h in store.search("1.3 亿吨")] == [7]
    assert store.search("口岸货运量") == []
    assert [h.start for h in store.search(" ")] == [6, 10]


def test_search_respects_its_limit(store: Store):
    store.add_document(stored_document("班列" * 30, "many.txt"), [])
    assert len(store.search("班列", limit=5)) == 5
    assert len(store.search("班列")) == 30
    assert store.search("班列", limit=0) == []


def test_nothing_is_found_for_nothing(store: Store):
    doc, stmts = trains_document()
    store.add_document(doc, stmts)
    assert store.search("") == []
    assert store.search("高铁") == []


def test_backslashes_quotes_and_percent_signs_are_plain_text(store: Store):
    text = "路径C:\\data\\50%的'引号'和\"双引号\"_下划线"
    store.add_document(stored_document(text, "odd.txt"), [])
    for query in ("\\data\\", "50%的", "'引号'", '"双引号"', "_下划", "%"):
        assert [h.start for h in store.search(query)] == _offsets(text, query), query


# -- the pieces ---------------------------------------------------------------
BIGRAMS = [
    ("中欧班列", {"中欧", "欧班", "班列"}),
    ("班列 开行", {"班列", "开行"}),
    ("口岸\n货运\u3000量", {"口岸", "货运"}),
    ("粮", set()),
    ("", set()),
    ("aa aa", {"aa"}),
]


@pytest.mark.parametrize(("text", "expected"), BIGRAMS)
def test_bigrams_skip_whitespace(text: str, expected: set[str]):
    assert bigrams(text) == expected


def test_a_snippet_is_about_forty_characters_around_the_match():
    text = "一二三四五六七八九十" * 10
    cut = snippet(text, 50, 54)
    assert len(cut) == SNIPPET_CHARS and cut[18:22] == text[50:54]
    assert snippet(text, 0, 2) == text[:40]  # near an end: shifted, not cut
    assert snippet(text, 98, 100) == text[60:]
    assert snippet("短\n文", 0, 1) == "短 文"
    assert snippet(text, 10, 60) == text[10:60]  # a long match whole


@pytest.mark.parametrize("text", ["", "粮", " \n "])
def test_a_document_without_bigrams_adds_nothing_to_the_index(open_same: Opener, text: str):
    store = open_same(migrations=WITHOUT_0015)
    store.add_document(stored_document(text, "tiny.txt"), [])
    assert store._db.execute("SELECT count(*) FROM doc_bigrams") == [(0,)]  # type: ignore[attr-defined]
    assert [h.name for h in store.search("粮")] == (["tiny.txt"] if "粮" in text else [])


def test_the_first_documents_holding_the_text_are_enough_for_the_limit(store: Store):
    for name in ("c.txt", "a.txt", "b.txt", "d.txt"):
        store.add_document(stored_document(f"{name}：中欧班列开行。", name), [])
    assert [(h.name, h.start) for h in store.search("中欧班列", limit=2)] == [("a.txt", 6), ("b.txt", 6)]
    assert [h.name for h in store.search("中欧班列", limit=10**18)] == ["a.txt", "b.txt", "c.txt", "d.txt"]


@pytest.mark.parametrize(("holders", "limit"), [(("a.txt",), 1), (("c.txt", "d.txt"), 1), (("b.txt", "d.txt"), 3)])
def test_a_first_look_at_a_few_documents_changes_no_answer(
    store: Store, monkeypatch: pytest.MonkeyPatch, holders: tuple[str, ...], limit: int
):
    """PostgreSQL first reads the first documents by name (two here)."""
    monkeypatch.setattr(search_module, "FIRST_DOCUMENTS", 2)
    for name in ("d.txt", "c.txt", "b.txt", "a.txt"):
        text = "中欧班列开行，中欧班列。" if name in holders else "没有相关内容。"
        store.add_document(stored_document(f"{name}：{text}", name), [])
    expected = [(n, at) for n in holders for at in (6, 13)][:limit]
    assert [(h.name, h.start) for h in store.search("中欧班列", limit=limit)] == expected


# -- what ingest writes for search ----------------------------------------------
def test_a_new_store_writes_no_bigrams(open_same: Opener, backend: str):
    """DuckDB scans the texts; PostgreSQL indexes them with pg_trgm (on the
    test server, where the extension can be created)."""
    store = open_same()
    doc, stmts = trains_document()
    store.add_document(doc, stmts)
    db = store._db  # type: ignore[attr-defined]
    assert not keeps_bigrams(db)
    if backend == "postgres":
        indexes = db.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        assert "documents_text_trigrams" in {name for (name,) in indexes}
    assert [h.start for h in store.search("中欧班列")] == [4]


def test_an_upgraded_store_finds_what_it_found_before(open_same: Opener):
    old = open_same(migrations=WITHOUT_0015)
    doc, stmts = trains_document()
    old.add_document(doc, stmts)
    text = _news(old)
    before = [old.search(q) for q in ("中欧班列", "口岸货运量", "粮", "没有的词")]
    old.close()

    new = open_same()
    assert not keeps_bigrams(new._db)  # type: ignore[attr-defined]
    assert [new.search(q) for q in ("中欧班列", "口岸货运量", "粮", "没有的词")] == before
    assert [h.start for h in new.search("口岸货运量") if h.name != "trains.txt"] == _offsets(text, "口岸货运量")


def test_postgresql_without_pg_trgm_keeps_the_bigram_table(pg_schemas: list[str], monkeypatch: pytest.MonkeyPatch):
    postgres_or_skip()
    schema = f"{RUN_ID}_no_trgm_{len(pg_schemas)}"
    pg_schemas.append(schema)
    with PostgresStore(PG_URL, schema=schema, migrations=WITHOUT_0015) as old:
        old.add_document(*trains_document("trains.txt"))
    monkeypatch.setattr(migrations_module, "_trigram_ops", lambda db: None)  # not installed, or no right
    with PostgresStore(PG_URL, schema=schema) as store:
        db = store._db
        assert keeps_bigrams(db)
        store.add_document(stored_document("中欧班列：一列。", "a.txt"), [])
        assert db.execute("SELECT count(DISTINCT doc_no) FROM doc_bigrams") == [(2,)]
        assert [(h.name, h.start) for h in store.search("中欧班列")] == [("a.txt", 0), ("trains.txt", 4)]
