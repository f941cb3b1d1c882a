"""The store itself, written once over a ``Backend``: DuckDB and PostgreSQL
differ only in how they connect, insert in bulk and stream."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any

from luoshi.store import links_table, statement_order
from luoshi.store.backend import BIGRAM_COLUMNS, Backend, driver_errors
from luoshi.store.base import AddResult, SearchHit, StatementQuery, Store, StoredDocument, StoreError
from luoshi.store.links_table import LinkRow, Partition, Unit, part_of
from luoshi.store.migrations import MIGRATIONS, Migration, applied, migrate
from luoshi.store.names import like_pattern, next_label
from luoshi.store.rows import (
    DOCUMENT_COLUMNS,
    LISTED_COLUMNS,
    STATEMENT_FIELDS,
    STORED_COLUMNS,
    column_type,
    document_from_row,
    document_row,
    one_of,
    quoted,
    statement_from_row,
    stored_rows,
)
from luoshi.store.search import bigrams, keeps_bigrams
from luoshi.store.search import search as search_texts
from luoshi.types import Kind, Statement

_PREFIX = re.compile(r"[0-9a-f]{6,64}")
# Statements carry their document's name (``doc_name``, written with them
# and never changed: documents are not renamed), so reading them joins
# nothing and a page of them is ordered within the statements alone.
_SELECT_STATEMENTS = f"SELECT s.doc_name, s.doc_id, s.seq, {quoted(STATEMENT_FIELDS, 's.')} FROM statements s"
_ORDER_STATEMENTS = ' ORDER BY s.doc_name, s."start", s.doc_id, s.seq'
_ROWIDS = "SELECT s.rowid FROM statements s"
_AT_PLACES = (
    " JOIN (SELECT unnest(?::TEXT[]) AS doc_id, unnest(?::INTEGER[]) AS seq) w"
    " ON s.doc_id = w.doc_id AND s.seq = w.seq WHERE TRUE"
)
_BY_ROWID = (
    f"SELECT s.doc_name, s.doc_id, s.seq, {quoted(STATEMENT_FIELDS, 's.')}, s.rowid"
    " FROM statements s WHERE s.rowid = ANY(?::BIGINT[])"
)
_SELECT_LISTED = f"SELECT {quoted(LISTED_COLUMNS)} FROM documents"
_INSERT_DOCUMENT = (
    f"INSERT INTO documents ({quoted(DOCUMENT_COLUMNS)}, statement_count)"
    f" VALUES ({', '.join('?' * (len(DOCUMENT_COLUMNS) + 1))}) ON CONFLICT (id) DO NOTHING RETURNING doc_no"
)
_SET_COUNT = "UPDATE documents SET statement_count = ? WHERE id = ?"
_NAMES_LIKE = "SELECT name FROM documents WHERE name = ? OR name LIKE ? ESCAPE '\\'"
# Another writer may take the label chosen between choosing and inserting
# (PostgreSQL): the insert then fails on the unique name and is tried again.
_NAME_ATTEMPTS = 5
_STATEMENT_TYPES = [(c, column_type(c)) for c in STORED_COLUMNS]
_DOCUMENT_TYPES = [
    *((c, {"published": "DATE", "ingested_at": "TIMESTAMP", "confirmed_at": "TIMESTAMP"}.get(c, "TEXT"))
      for c in DOCUMENT_COLUMNS),
    ("statement_count", "INTEGER"),
]  # fmt: skip
_ANY = StatementQuery()
_LINKABLE_TERMS = "s.indicator IS NOT NULL AND s.kind <> 'event'"
_LINKABLE = " WHERE " + _LINKABLE_TERMS
_WITH_INDICATORS = (
    " JOIN (SELECT unnest(?::TEXT[]) AS region, unnest(?::TEXT[]) AS part, unnest(?::TEXT[]) AS indicator) w"
    " ON s.region = w.region AND substr(s.period, 1, 4) = w.part AND s.indicator = w.indicator WHERE "
)


class SqlStore(Store):
    """A ``Store`` over any ``Backend``; opening it migrates the schema.

    Every write of statements brings the stored links of the partitions it
    touches up to date in its own transaction (``luoshi.track.stored_links``)
    while ``keeps_links`` is true; a bulk load sets it false and runs
    ``luoshi relink`` once at the end."""

    keeps_links = True

    def __init__(self, backend: Backend, migrations: Sequence[Migration] | None = MIGRATIONS) -> None:
        """``migrations=None``: the schema is known to be current (a fork)."""
        self._db = backend
        self.url = backend.url
        try:
            with self._guard("cannot prepare the store's tables"):
                if migrations is not None:
                    migrate(backend, migrations)
                self._bigrams = keeps_bigrams(backend)  # see luoshi.store.search
        except BaseException:
            backend.close()
            raise

    def _guard(self, doing: str) -> AbstractContextManager[None]:
        return driver_errors(self._db, doing)

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    @property
    def backend(self) -> Backend:
        """The database connection, for tables kept beside the store's own
        (accounts, progress reports, the audit log)."""
        return self._db

    def fork(self) -> SqlStore:
        """Another handle on this store for another thread (a web server's
        workers); close it when done."""
        return SqlStore(self._db.fork(), migrations=None)

    def schema_version(self) -> int:
        with self._guard("cannot read the schema version"):
            return len(applied(self._db))

    # -- writing -------------------------------------------------------------
    def add_document(self, doc: StoredDocument, statements: Sequence[Statement]) -> AddResult:
        if doc.id != hashlib.sha256(doc.text.encode("utf-8")).hexdigest():
            raise ValueError(f"{doc.name}: document id is not the SHA-256 of its text")
        for attempt in range(1, _NAME_ATTEMPTS + 1):
            try:
                return self._insert_document(doc, statements)
            except StoreError:
                if attempt == _NAME_ATTEMPTS or not self._name_taken_meanwhile(doc):
                    raise
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _insert_document(self, doc: StoredDocument, statements: Sequence[Statement]) -> AddResult:
        with self._guard(f"cannot store {doc.name}; nothing of it was stored"), self._db.transaction():
            name = self._free_name(doc.name)
            rows = stored_rows(doc.id, name, statements)
            inserted = self._db.execute(_INSERT_DOCUMENT, [*document_row(replace(doc, name=name)), len(rows)])
            if not inserted:
                (stored,) = self._db.execute("SELECT name, statement_count FROM documents WHERE id = ?", [doc.id])
                return AddResult(added=False, doc_id=doc.id, statements=int(stored[1]), name=str(stored[0]))
            self._insert_statements(rows)
            if self._bigrams:
                self._db.insert_bigrams(int(inserted[0][0]), bigrams(doc.text))
            self._relink(statements)
        return AddResult(added=True, doc_id=doc.id, statements=len(rows), name=name)

    def _free_name(self, name: str) -> str:
        """``name``, or ``name (n)`` when a stored document holds it."""
        taken = {str(n) for (n,) in self._db.execute(_NAMES_LIKE, [name, like_pattern(name)])}
        return next_label(name, taken)

    def _name_taken_meanwhile(self, doc: StoredDocument) -> bool:
        """Whether an insert may have failed on the unique name: the document
        is still absent and its name is held (so another writer was first)."""
        with self._guard(f"cannot store {doc.name}; nothing of it was stored"):
            return not self._db.execute("SELECT 1 FROM documents WHERE id = ?", [doc.id]) and bool(
                self._db.execute("SELECT 1 FROM documents WHERE name = ?", [doc.name])
            )

    def add_documents(self, items: Sequence[tuple[StoredDocument, Sequence[Statement]]]) -> list[AddResult]:
        """Many documents in one transaction, each as ``add_document`` stores
        it (a stored id left as it is, a taken name made ``NAME (n)``): a
        bulk upload's batch then costs one commit, not one a document. When
        the batch fails as a whole (another writer took a name meanwhile),
        nothing of it is stored and each document is tried on its own."""
        for doc, _ in items:
            if doc.id != hashlib.sha256(doc.text.encode("utf-8")).hexdigest():
                raise ValueError(f"{doc.name}: document id is not the SHA-256 of its text")
        if not items:
            return []
        try:
            doing = f"cannot store {len(items)} documents ({items[0][0].name}…); none of them was stored"
            with self._guard(doing), self._db.transaction():
                return self._insert_documents(items)
        except StoreError:
            return [self.add_document(doc, statements) for doc, statements in items]

    def _insert_documents(self, items: Sequence[tuple[StoredDocument, Sequence[Statement]]]) -> list[AddResult]:
        # Everything in bulk: one row at a time, DuckDB spends milliseconds
        # on each INSERT (more with ON CONFLICT), as long as the rest of the
        # batch together. Without ON CONFLICT, a document another writer
        # stores meanwhile fails the batch, which add_documents then retries
        # document by document.
        ids = [doc.id for doc, _ in items]
        known = {
            str(i): (str(n), int(c))
            for i, n, c in self._db.execute("SELECT id, name, statement_count FROM documents WHERE id = ANY(?)", [ids])
        }
        names = list({doc.name for doc, _ in items if doc.id not in known})
        taken = {str(n) for (n,) in self._db.execute("SELECT name FROM documents WHERE name = ANY(?)", [names])}
        results: list[AddResult] = []
        documents: list[tuple[Any, ...]] = []
        statements: list[tuple[Any, ...]] = []
        added: list[StoredDocument] = []
        written: list[Statement] = []
        for doc, found in items:
            if doc.id in known:  # stored before, or earlier in this batch
                name, count = known[doc.id]
                results.append(AddResult(added=False, doc_id=doc.id, statements=count, name=name))
                continue
            name = doc.name
            if name in taken:
                like = {str(n) for (n,) in self._db.execute(_NAMES_LIKE, [name, like_pattern(name)])}
                name = next_label(name, like | taken)
            rows = stored_rows(doc.id, name, found)
            documents.append((*document_row(replace(doc, name=name)), len(rows)))
            statements.extend(rows)
            written.extend(found)
            added.append(doc)
            taken.add(name)
            known[doc.id] = (name, len(rows))
            results.append(AddResult(added=True, doc_id=doc.id, statements=len(rows), name=name))
        if added:
            self._db.insert("documents", _DOCUMENT_TYPES, documents)
            if self._bigrams:
                self._insert_bigrams(added)
            self._insert_statements(statements)
            self._relink(written)
        return results

    def _insert_statements(self, rows: Sequence[tuple[Any, ...]]) -> None:
        self._db.insert("statements", _STATEMENT_TYPES, rows)
        statement_order.note_written(self._db, len(rows))

    def _insert_bigrams(self, added: Sequence[StoredDocument]) -> None:
        numbered = self._db.execute("SELECT id, doc_no FROM documents WHERE id = ANY(?)", [[d.id for d in added]])
        numbers = {str(i): int(n) for i, n in numbered}
        grams = [(gram, numbers[d.id]) for d in added for gram in bigrams(d.text)]
        self._db.insert("doc_bigrams", BIGRAM_COLUMNS, grams)

    def replace_statements(self, doc_id: str, statements: Sequence[Statement]) -> int:
        with self._guard(f"cannot replace the statements of {doc_id}; they are unchanged"), self._db.transaction():
            named = self._db.execute("SELECT name FROM documents WHERE id = ?", [doc_id])
            if not named:
                raise StoreError(f"{self._db.target}: no document {doc_id} to replace statements of")
            rows = stored_rows(doc_id, str(named[0][0]), statements)
            before = self.partitions_of_document(doc_id)
            self._db.execute("DELETE FROM statements WHERE doc_id = ?", [doc_id])
            self._insert_statements(rows)
            self._db.execute(_SET_COUNT, [len(rows), doc_id])
            self._relink(statements, before)
        return len(rows)

    # -- the stored links ------------------------------------------------------
    def relink(self, partitions: Iterable[Partition]) -> None:
        """Relink ``partitions`` inside the caller's transaction: after a
        write outside the store's own (statements deleted, a document
        confirmed, an owner assigned)."""
        self._relink((), partitions)

    def _relink(self, statements: Sequence[Statement], also: Iterable[Partition] = ()) -> None:
        """Inside a write's transaction: relink what its statements (and the
        whole partitions ``also``) may change, or, while links are not kept,
        mark them stale."""
        if not self.keeps_links:
            links_table.mark(self._db, complete=False)
            return
        # the linker builds on the store: imported when first needed
        from luoshi.track.stored_links import relink_written

        relink_written(self, statements, set(also))

    def reorder_if_due(self) -> bool:
        """After a run of writes: rewrite the statements in the order pages
        read them when enough arrived since the last time (DuckDB; see
        ``luoshi.store.statement_order``); whether it did."""
        with self._guard("cannot rewrite the statements in order; they are as they were"):
            return statement_order.reorder_if_due(self._db)

    def partitions_of_document(self, doc_id: str) -> set[Partition]:
        """The partitions a stored document's statements fall in."""
        sql = "SELECT DISTINCT region, period FROM statements WHERE doc_id = ? AND indicator IS NOT NULL"
        return {(str(r), part_of(str(p))) for r, p in self._db.execute(sql, [doc_id])}

    def partition_statements(
        self, partitions: Collection[Partition], indicators: Mapping[Partition, Collection[str]] | None = None
    ) -> dict[Partition, list[Statement]]:
        """The statements that may link within each partition (see
        ``luoshi.store.links_table``): of its region, with an indicator (one
        of the partition's ``indicators``, if given), not events, of a
        period beginning with its year; in one query."""
        found: dict[Partition, list[Statement]] = {p: [] for p in partitions}
        asked = sorted(p for p in found if indicators is None or indicators.get(p))
        if not asked:
            return found
        regions, region_params = one_of("s.region", sorted({r for r, _ in asked}))
        if indicators is None:
            select = _SELECT_STATEMENTS + _LINKABLE + " AND substr(s.period, 1, 4) = ANY(?)"
            params: list[Any] = [sorted({p for _, p in asked})]
        else:
            # joined with each partition's own indicators: the same indicators
            # in every partition read a partition's share of the others' too
            # (half the rows, for a document's targets of 2027 and outcomes of 2026)
            wanted = [(r, p, i) for r, p in asked for i in sorted(indicators[(r, p)])]
            select = _SELECT_STATEMENTS + _WITH_INDICATORS + _LINKABLE_TERMS
            params = [[r for r, _, _ in wanted], [p for _, p, _ in wanted], [i for _, _, i in wanted]]
        with self._guard("cannot read the statements to link"):
            rows = self._db.execute(select + f" AND {regions}" + _ORDER_STATEMENTS, [*params, *region_params])
        for row in rows:
            s = statement_from_row(row[0], row[1], row[3:], row[2])
            group = found.get((s.region, part_of(s.period)))
            if group is not None:
                group.append(s)
        return found

    def indicators_in(self, partitions: Collection[Partition], prefix: str = "") -> set[str]:
        """The indicators (starting with ``prefix``) statements of the
        partitions name; a superset where partitions share regions and years."""
        if not partitions:
            return set()
        regions, region_params = one_of("s.region", sorted({r for r, _ in partitions}))
        sql = (
            "SELECT DISTINCT s.indicator FROM statements s" + _LINKABLE
            + f" AND {regions} AND substr(s.period, 1, 4) = ANY(?) AND s.indicator LIKE ?"
        )  # fmt: skip
        params = [*region_params, sorted({p for _, p in partitions}), prefix + "%"]
        with self._guard("cannot read the indicators to link"):
            return {str(i) for (i,) in self._db.execute(sql, params)}

    def iter_partitions(self, batch: int = 10_000) -> Iterator[tuple[Partition, list[Statement]]]:
        """Every partition with its statements, as ``partition_statements``
        gives them, streamed one partition at a time."""
        order = ' ORDER BY s.region, substr(s.period, 1, 4), s.doc_name, s."start", s.doc_id, s.seq'
        current: Partition | None = None
        group: list[Statement] = []
        with self._guard("cannot read the statements to link"):
            for rows in self._db.stream(_SELECT_STATEMENTS + _LINKABLE + order, (), batch):
                for row in rows:
                    s = statement_from_row(row[0], row[1], row[3:], row[2])
                    at = (s.region, part_of(s.period))
                    if at != current:
                        if current is not None:
                            yield current, group
                        current, group = at, []
                    group.append(s)
        if current is not None:
            yield current, group

    def statements_at(
        self, places: Collection[tuple[str, int]], regions: Collection[str] | None = None
    ) -> dict[tuple[str, int], Statement]:
        """The statements at these (doc_id, seq) places, by place; where the
        caller knows them, ``regions`` are the statements' regions (DuckDB
        then reads only their rows, see ``luoshi.store.statement_order``)."""
        if not places:
            return {}
        wanted = set(places)
        if self._db.dialect == "duckdb":
            # joined with the places: two ANY lists (a document's ids, the
            # seqs) match every pair of them, at ten million statements
            # 90,000 rows read for the 15,000 of a board
            where = _AT_PLACES
            params: list[Any] = [[d for d, _ in wanted], [n for _, n in wanted]]
        else:
            where = " WHERE s.doc_id = ANY(?) AND s.seq = ANY(?)"
            params = [sorted({d for d, _ in wanted}), sorted({n for _, n in wanted})]
        if regions is not None:
            within, region_params = one_of("s.region", sorted(regions))
            where += f" AND {within}"
            params += region_params
        with self._guard("cannot read statements"):
            rows = self._db.execute(_SELECT_STATEMENTS + where, params)
        return {
            (row[1], row[2]): statement_from_row(row[0], row[1], row[3:], row[2])
            for row in rows
            if (row[1], row[2]) in wanted
        }

    def partitions(self) -> list[Partition]:
        """Every partition holding statements that may link."""
        sql = (
            "SELECT DISTINCT region, substr(period, 1, 4) FROM statements"
            " WHERE indicator IS NOT NULL AND kind <> 'event' ORDER BY 1, 2"
        )
        with self._guard("cannot read the partitions of the statements"):
            return [(str(r), str(p)) for r, p in self._db.execute(sql)]

    def listed_documents(self, ids: Sequence[str]) -> list[StoredDocument]:
        """Some documents by id, without their texts."""
        if not ids:
            return []
        with self._guard("cannot read documents"):
            rows = self._db.execute(_SELECT_LISTED + " WHERE id = ANY(?)", [list(ids)])
        return [document_from_row(row) for row in rows]

    def replace_links(self, units: Collection[Unit], rows: Sequence[LinkRow]) -> None:
        """Swap the stored links of ``units`` (partitions, or some indicator
        families of them) for ``rows``, inside the caller's transaction."""
        links_table.replace_units(self._db, units, rows)

    def link_rows(self, regions: Sequence[str] | None, period: str | None = None) -> list[LinkRow]:
        with self._guard("cannot read the stored links"):
            return links_table.rows_of(self._db, regions, period)

    def links_complete(self) -> bool:
        """Whether every partition is linked (else ``luoshi relink`` first)."""
        with self._guard("cannot read the stored links"):
            return links_table.is_complete(self._db)

    # -- reading -------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        with self._guard("cannot read documents"):
            return bool(self._db.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]))

    def documents(self) -> list[StoredDocument]:
        with self._guard("cannot read documents"):
            rows = self._db.execute(_SELECT_LISTED + " ORDER BY ingested_at DESC, name, id")
        return [document_from_row(row) for row in rows]

    def document(self, ref: str) -> StoredDocument | None:
        with self._guard(f"cannot read document {ref}"):
            doc_id = self._resolve(ref)
            if doc_id is None:
                return None
            (row,) = self._db.execute(_SELECT_LISTED + " WHERE id = ?", [doc_id])
            text = self._text(doc_id)
        return document_from_row(row, text)

    def document_id(self, name: str) -> str | None:
        with self._guard(f"cannot read document {name}"):
            found = self._db.execute("SELECT id FROM documents WHERE name = ?", [name])
        return str(found[0][0]) if found else None

    def _text(self, doc_id: str) -> str:
        # One id at a time: DuckDB answers `id = ?` from the primary key but
        # `id IN (...)` by decompressing every text.
        return str(self._db.execute("SELECT text FROM documents WHERE id = ?", [doc_id])[0][0])

    def _resolve(self, ref: str) -> str | None:
        """A document id from an id, a name (unique: ``luoshi.store.names``)
        or an id prefix of at least six hex digits that fits one document."""
        if self._db.execute("SELECT 1 FROM documents WHERE id = ?", [ref]):
            return ref
        named = self._db.execute("SELECT id FROM documents WHERE name = ?", [ref])
        if named:
            return str(named[0][0])
        if _PREFIX.fullmatch(ref.lower()):
            found = self._db.execute("SELECT id FROM documents WHERE id LIKE ? LIMIT 2", [ref.lower() + "%"])
            if len(found) == 1:
                return str(found[0][0])
        return None

    def statements(self, query: StatementQuery = _ANY) -> list[Statement]:
        with self._guard("cannot read statements"):
            where, params = self._where(query)
            if where is None:
                return []
            page = ""
            if query.limit is not None:
                page += " LIMIT ?"
                params.append(query.limit)
            if query.offset:
                page += " OFFSET ?"
                params.append(query.offset)
            if page and self._db.dialect == "duckdb":
                rows = self._duckdb_page(where, page, params, query.region is not None and query.kind is not None)
            else:
                rows = self._db.execute(_SELECT_STATEMENTS + where + _ORDER_STATEMENTS + page, params)
        return [statement_from_row(row[0], row[1], row[3:], row[2]) for row in rows]

    def _duckdb_page(self, where: str, page: str, params: list[Any], one_run: bool) -> list[Any]:
        """One page of statements in two steps: DuckDB sorts every matching
        row whole before applying a limit, so sorting only row ids and then
        fetching the page's rows by id takes half the time on a large store.
        ``one_run``: the filter names a region and a kind, whose rows a store
        in reading order keeps together in page order; then no sort at all."""
        if one_run:
            # one statement, so one snapshot: the order checked is the order read
            sql = f"{statement_order.IN_ORDER_ROW} UNION ALL ({_SELECT_STATEMENTS}{where}{page})"
            rows = self._db.execute(sql, params)
            if statement_order.in_order(rows[0]):
                return rows[1:]
        ids = self._db.execute(_ROWIDS + where + _ORDER_STATEMENTS + page, params)
        if not ids:
            return []
        found = self._db.execute(_BY_ROWID, [[i for (i,) in ids]])
        position = {rowid: n for n, (rowid,) in enumerate(ids)}
        return [row[:-1] for row in sorted(found, key=lambda row: position[row[-1]])]

    def _where(self, query: StatementQuery) -> tuple[str | None, list[Any]]:
        """The WHERE clause of a query and its parameters; None when it names
        a document that is not stored (nothing can match)."""
        terms: list[str] = []
        params: list[Any] = []
        for column, value in (("region", query.region), ("period", query.period)):
            if value is not None:
                terms.append(f"s.{column} = ?")
                params.append(value)
        if query.kind is not None:
            terms.append("s.kind = ?")
            params.append(Kind(query.kind).value)
        if query.indicator is not None:
            terms.append("(s.indicator = ? OR s.indicator_name = ?)")
            params += [query.indicator, query.indicator]
        if query.doc is not None:
            doc_id = self._resolve(query.doc)
            if doc_id is None:
                return None, []
            terms.append("s.doc_id = ?")
            params.append(doc_id)
        return (" WHERE " + " AND ".join(terms) if terms else ""), params

    def event_statements(self) -> list[Statement]:
        # `indicator IS NULL`: PostgreSQL then reads them along the index on
        # (indicator, kind), not the whole table; events have no indicator.
        # in the order documents were stored (an event's id is its first source's)
        where = (
            " JOIN documents d ON d.id = s.doc_id"
            " WHERE s.indicator IS NULL AND s.kind = 'event' ORDER BY d.doc_no, s.seq"
        )
        with self._guard("cannot read the events"):
            rows = self._db.execute(_SELECT_STATEMENTS + where)
        return [statement_from_row(row[0], row[1], row[3:], row[2]) for row in rows]

    def statements_of_documents(self, doc_ids: Collection[str]) -> list[Statement]:
        if not doc_ids:
            return []
        with self._guard("cannot read statements"):
            rows = self._db.execute(
                _SELECT_STATEMENTS + " WHERE s.doc_id = ANY(?)" + _ORDER_STATEMENTS, [sorted(doc_ids)]
            )
        return [statement_from_row(row[0], row[1], row[3:], row[2]) for row in rows]

    def iter_statements(self, batch: int = 10_000) -> Iterator[Statement]:
        with self._guard("cannot read statements"):
            for rows in self._db.stream(_SELECT_STATEMENTS + _ORDER_STATEMENTS, (), batch):
                for row in rows:
                    yield statement_from_row(row[0], row[1], row[3:], row[2])

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        if not text or limit <= 0:
            return []
        with self._guard(f"cannot search for {text}"):
            return search_texts(self._db, text, limit, self._bigrams)

    def counts(self) -> dict[str, int]:
        with self._guard("cannot count documents"):
            docs, stmts = self._db.execute("SELECT count(*), coalesce(sum(statement_count), 0) FROM documents")[0]
        return {"documents": int(docs), "statements": int(stmts)}
