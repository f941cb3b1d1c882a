"""Where luoshi keeps documents and statements: a DuckDB file by default,
PostgreSQL for a shared server, behind one interface (``Store``).

    >>> with open_store("luoshi.duckdb") as store:            # doctest: +SKIP
    ...     store.statements(StatementQuery(indicator="gdp_growth", kind=Kind.TARGET))

Modules: ``base`` (the interface), ``sql`` (the store written once over a
``backend.Backend``), ``duckdb_store`` and ``postgres_store`` (the two
back ends), ``migrations`` (named schema migrations), ``rows`` (records ↔
rows), ``search`` (the bigram index for Chinese).
"""

from __future__ import annotations

import os
from pathlib import Path

from luoshi.store.base import AddResult, SearchHit, StatementQuery, Store, StoredDocument, StoreError

__all__ = ["AddResult", "SearchHit", "StatementQuery", "Store", "StoreError", "StoredDocument", "open_store"]

DEFAULT_PATH = "luoshi.duckdb"
_POSTGRES = ("postgresql://", "postgres://")


def open_store(target: str | Path | None = None, *, schema: str | None = None) -> Store:
    """Open a store, migrating its schema to the latest version.

    ``target``: a ``postgresql://`` (or ``postgres://``) URL, else the path of
    a DuckDB file (created if missing); None means ``$LUOSHI_DB``, else
    ``luoshi.duckdb`` in the working directory. ``schema``: for PostgreSQL,
    the schema to keep the tables in (created if missing). Raises StoreError.
    """
    if target is None:
        target = os.environ.get("LUOSHI_DB") or DEFAULT_PATH
    text = str(target)
    if text.startswith(_POSTGRES):
        from luoshi.store.postgres_store import PostgresStore  # psycopg only when asked for

        return PostgresStore(text, schema=schema)
    if schema is not None:
        raise StoreError(f"{text}: a schema applies to PostgreSQL stores only")
    from luoshi.store.duckdb_store import DuckDBStore

    return DuckDBStore(text)
