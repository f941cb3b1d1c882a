"""Migration 0013's data: the ``preliminary`` flag of the outcomes stored
before statements carried it, decided from each stored document's text as
the extractor decides it (``luoshi.extract.preliminary``), so that an
upgraded store links exactly as one filled anew."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter
from typing import Any

from luoshi.store.backend import Backend

# Documents read at a time: their texts and outcomes are held in memory.
_BATCH = 200
_OUTCOMES = (
    'SELECT doc_id, seq, "start", "end", quote FROM statements'
    " WHERE kind = 'actual' AND doc_id = ANY(?) ORDER BY doc_id, seq"
)
# One update for all: flagged outcomes are few, and DuckDB answers an
# update a document with a scan of the whole table.
_FLAG = (
    "UPDATE statements SET preliminary = TRUE"
    " FROM (SELECT unnest(?::TEXT[]) AS doc_id, unnest(?::INTEGER[]) AS seq) AS flagged"
    " WHERE statements.doc_id = flagged.doc_id AND statements.seq = flagged.seq"
)


def backfill_preliminary(db: Backend) -> None:
    """Flag the stored outcomes whose sentence says a preliminary cue."""
    # imported here: the extractor's package loads the whole pipeline
    from luoshi.extract.preliminary import cue_words

    cues = list(cue_words())
    said = " OR ".join("strpos(text, ?) > 0" for _ in cues)
    # a document saying no cue word anywhere holds no preliminary figure
    docs = db.execute(f"SELECT id, loader FROM documents WHERE {said} ORDER BY id", cues)
    flagged: list[tuple[str, int]] = []
    for i in range(0, len(docs), _BATCH):
        loaders = {str(doc_id): str(loader) for doc_id, loader in docs[i : i + _BATCH]}
        ids = list(loaders)
        texts = {str(d): str(t) for d, t in db.execute("SELECT id, text FROM documents WHERE id = ANY(?)", [ids])}
        for doc_id, rows in groupby(db.execute(_OUTCOMES, [ids]), key=itemgetter(0)):
            flagged += ((doc_id, seq) for seq in _flagged(texts[doc_id], loaders[doc_id], rows))
    if flagged:
        db.execute(_FLAG, [[d for d, _ in flagged], [seq for _, seq in flagged]])


def _flagged(text: str, loader: str, rows: Iterable[tuple[Any, ...]]) -> list[int]:
    """The seq of each outcome of one document that is preliminary."""
    from luoshi.extract.preliminary import preliminary_spans, says_preliminary

    says = preliminary_spans(text)
    return [
        int(seq)
        for _, seq, start, end, quote in rows
        # a statistics row is its own sentence (luoshi.stats); a span that is
        # not its quote (never written so, but an old store may hold one)
        # has only its quote to go by, as linking once decided
        if (says_preliminary(quote) if loader == "stats" or text[start:end] != quote else says(start, end))
    ]
