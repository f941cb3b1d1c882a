"""Run as a second luoshi process by the locking tests:

    python store_holder.py PATH NAME HOLD_SECONDS

opens the DuckDB store at PATH, stores a document named NAME, prints
"stored" and keeps the store open HOLD_SECONDS before closing it. With
HOLD_SECONDS < 0 it keeps storing documents until killed."""

from __future__ import annotations

import hashlib
import sys
import time

from luoshi.store import StoredDocument, open_store


def document(name: str, i: int = 0) -> StoredDocument:
    text = f"{name}：全年开行中欧班列{i}列。" * 200
    return StoredDocument(
        id=hashlib.sha256(text.encode()).hexdigest(), name=name if i == 0 else f"{name}#{i}", text=text
    )


def main(path: str, name: str, hold: float) -> None:
    with open_store(path) as store:
        store.add_document(document(name), [])
        print("stored", flush=True)
        if hold >= 0:
            time.sleep(hold)
            return
        for i in range(1, 1_000_000):
            store.add_document(document(name, i), [])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
