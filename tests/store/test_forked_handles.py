"""A forked handle is the same store seen from another thread: what one
writes the other reads, and both can work at once (a web server's workers)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from store_samples import statement, stored_document, trains_document

from luoshi.store import StatementQuery, Store


def test_a_fork_reads_what_the_parent_wrote_and_the_parent_what_the_fork_wrote(store: Store) -> None:
    doc, statements = trains_document()
    store.add_document(doc, statements)
    fork = store.fork()
    try:
        assert fork.counts() == store.counts() == {"documents": 1, "statements": len(statements)}
        text = "口岸货运量完成1.32亿吨。"
        fork.add_document(stored_document(text, "stats.txt"), [statement("stats.txt", text, "1.32亿吨")])
    finally:
        fork.close()
    assert store.counts() == {"documents": 2, "statements": len(statements) + 1}


def test_forks_answer_queries_from_several_threads_at_once(store: Store) -> None:
    doc, statements = trains_document()
    store.add_document(doc, statements)
    expected = store.statements(StatementQuery(doc=doc.id))

    def read(_: int) -> int:
        fork = store.fork()
        try:
            return sum(len(fork.statements(StatementQuery(doc=doc.id))) for _ in range(20))
        finally:
            fork.close()

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(read, range(8))) == [20 * len(expected)] * 8


def test_closing_a_fork_leaves_the_store_open(store: Store) -> None:
    store.fork().close()
    assert store.counts() == {"documents": 0, "statements": 0}
