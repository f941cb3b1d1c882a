"""The web scoreboard and REST API (``luoshi serve``), a thin layer over
``luoshi.track``, ``luoshi.store`` and ``luoshi.accounts``.

Modules: ``app`` (the FastAPI app and its middleware), ``state`` (the store
handles and the linked targets a server keeps), ``auth`` (sessions, tokens,
CSRF), ``ratelimit`` (login attempts), ``api`` (/api/v1), ``pages`` (HTML),
``views`` (figures with links to their spans), ``charts`` (map and chart
data), ``highlight`` (a text cut around its figures), ``actions`` (uploads,
progress, owners), ``uploads`` (size limits), ``lookups`` (owners, targets
by key), ``downloads`` (CSV and Excel), ``background`` (serving from a
thread), ``errors``.
"""

from luoshi.web.app import create_app

__all__ = ["create_app"]
