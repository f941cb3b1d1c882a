"""Where luoshi keeps documents and statements: a DuckDB file by default,
PostgreSQL for a shared server, behind one interface (``Store``).

    >>> with open_store("luoshi.duckdb") as store:            # doctest: +SKIP
    ...     store.statements(StatementQuery(indicator="gdp_growth", kind=Kind.TARGET))

Modules: ``base`` (the interface), ``sql`` (the store written once over a
``backend.Backend``), ``duckdb_store`` and ``postgres_store`` (the two
back ends), ``migrations`` (named schema migrations), ``rows`` (records ↔
rows), ``search`` (Chinese text search: a scan, pg_trgm or bigrams).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from luoshi.store.base import AddResult, SearchHit, StatementQuery, Store, StoredDocument, StoreError

__all__ = ["AddResult", "SearchHit", "StatementQuery", "Store", "StoreError", "StoredDocument", "open_store"]

DEFAULT_PATH = "luoshi.duckdb"


def _split_schema(url: str) -> tuple[str, str | None]:
    """'postgresql://h/db?schema=s&x=1' -> ('postgresql://h/db?x=1', 's')."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), None)
    rest = urlencode([(k, v) for k, v in query if k != "schema"])
    return urlunsplit(parts._replace(query=rest)), schema


_POSTGRES = ("postgresql://", "postgres://")


def open_store(target: str | Path | None = None, *, schema: str | None = None) -> Store:
    """Open a store, migrating its schema to the latest version.

    ``target``: a ``postgresql://`` (or ``postgres://``) URL, else the path of
    a DuckDB file (created if missing); None means ``$LUOSHI_DB``, else
    ``luoshi.duckdb`` in the working directory. ``schema``: for PostgreSQL,
    the schema to keep the tables in (created if missing); a URL may give it
    as ``?schema=NAME`` too. Raises StoreError.
    """
    if target is None:
        target = os.environ.get("LUOSHI_DB") or DEFAULT_PATH
    text = str(target)
    if text.startswith(_POSTGRES):
        from luoshi.store.postgres_store import PostgresStore  # psycopg only when asked for

        text, named = _split_schema(text)
        return PostgresStore(text, schema=schema or named)
    if schema is not None:
        raise StoreError(f"{text}: a schema applies to PostgreSQL stores only")
    from luoshi.store.duckdb_store import DuckDBStore

    return DuckDBStore(text)
