"""What the batch tests read and compare: the samples, the real seed and
reports (tests of them are left out where ../shared is absent), statements
as the contract's JSON, and a store's documents, statements and links."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from luoshi.batch.output import connect, iter_statements
from luoshi.extract import extract_document
from luoshi.load import iter_paths, load_path
from luoshi.store import Store
from luoshi.types import Statement


def contract_rows(statements: Iterable[Statement]) -> list[str]:
    """Each statement as its contract JSON, sorted: the order of files and
    partitions is no part of the answer."""
    return sorted(json.dumps(s.to_dict(), ensure_ascii=False, sort_keys=True) for s in statements)


def jsonl_rows(text: str) -> list[str]:
    return sorted(json.dumps(json.loads(line), ensure_ascii=False, sort_keys=True) for line in text.splitlines())


def batch_statements(output: Path) -> list[Statement]:
    con = connect(output)
    try:
        return list(iter_statements(con))
    finally:
        con.close()


def batch_rows(output: Path, sql: str) -> list[tuple[Any, ...]]:
    con = connect(output)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpus" / "seed" / "000_39f8f6a33f179f43.txt"
REPORTS = SHARED / "corpus" / "gwr2026"


def sample_documents() -> list[str]:
    """The names of the documents the samples folder holds, as the loaders
    read them (a bulk CSV gives one a row): counted, not written down, so
    that a new sample changes no test."""
    return sorted(doc.name for path in iter_paths([str(SAMPLES)]) for doc in load_path(path))


def sample_statements() -> int:
    """How many statements the extractor finds in the samples."""
    return sum(len(extract_document(doc)) for path in iter_paths([str(SAMPLES)]) for doc in load_path(path))


def real_inputs() -> list[str]:
    """The seed and the 31 reports, as ``luoshi ingest`` would be given them."""
    return [str(SEED), *map(str, sorted(REPORTS.glob("2026_*.csv")))]


_WHEN = ("ingested_at", "confirmed_at")  # when it was stored: differs between two loads


def store_content(store: Store) -> dict[str, list[Any]]:
    """Everything a load decides: documents (every field, text included, but
    the moments of storing), statements (every field, with doc_id and seq)
    and the stored links."""
    documents = []
    for listed in store.documents():
        full = store.document(listed.id)
        assert full is not None
        fields = dataclasses.asdict(full)
        documents.append(tuple((k, v) for k, v in sorted(fields.items()) if k not in _WHEN))
    statements = [(json.dumps(s.to_dict(), ensure_ascii=False), s.doc_id, s.seq) for s in store.iter_statements()]
    links = [row.row() for row in store.link_rows(None)]  # type: ignore[attr-defined]
    return {"documents": sorted(documents), "statements": sorted(statements), "links": sorted(links, key=repr)}
