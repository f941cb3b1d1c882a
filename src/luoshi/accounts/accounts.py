"""``Accounts``: every part together, over one store."""

from __future__ import annotations

from luoshi.accounts.progress import Progress
from luoshi.accounts.provenance import Provenance
from luoshi.accounts.sessions import Sessions
from luoshi.accounts.tokens import Tokens


class Accounts(Progress, Provenance, Sessions, Tokens):
    """Users with roles, API tokens, sessions, owner assignment of targets,
    progress reports, uploads and their confirmation, and the audit log, in
    the tables of a ``SqlStore`` (DuckDB or PostgreSQL) beside its documents.

        >>> accounts = Accounts(store)                        # doctest: +SKIP
        >>> admin = accounts.add_user("root", "a long secret", Role.ADMIN)
        >>> accounts.authenticate("root", "a long secret") == admin
        True
    """
