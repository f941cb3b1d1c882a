"""Where luoshi keeps documents and statements: a DuckDB file by default,
PostgreSQL for a shared server, behind one interface (``Store``)."""

from luoshi.store.base import AddResult, SearchHit, StatementQuery, Store, StoredDocument, StoreError

__all__ = ["AddResult", "SearchHit", "StatementQuery", "Store", "StoreError", "StoredDocument"]
