"""The web scoreboard and REST API (``luoshi serve``), a thin layer over
``luoshi.track``, ``luoshi.store`` and ``luoshi.accounts``.

Modules: ``app`` (the FastAPI app and its middleware), ``server_state``
(the store handles, the linked targets and the cached answers a server
keeps), ``auth`` (sessions, tokens, CSRF), ``ratelimit`` (login attempts),
``api`` (/api/v1), ``pages`` (HTML, a module per page), ``board_rows`` (the
scoreboard's rows, filters and counts), ``links`` (links to a figure's span,
a statement's JSON), ``charts`` (map and chart data), ``highlight`` (a text
cut around its figures), ``writes`` (what the web may change: uploads,
progress, owners), ``uploads`` (size limits), ``targets_by_key`` (owners
and targets by target key), ``downloads`` (CSV and Excel), ``background``
(serving from a thread), ``errors``.
"""

from luoshi.web.app import create_app

__all__ = ["create_app"]
