"""Serving the app from a thread of the calling process: for notebooks,
browser tests and benchmarks that need a real HTTP server beside them.

    >>> with BackgroundServer(create_app(store)) as url:      # doctest: +SKIP
    ...     urllib.request.urlopen(url + "/api/v1/me")
"""

from __future__ import annotations

import threading
import time
from typing import Any

import uvicorn


class BackgroundServer:
    """uvicorn serving ``app`` on a free 127.0.0.1 port in a daemon thread;
    entering gives the base URL, leaving stops the server."""

    def __init__(self, app: Any, start_timeout: float = 30.0) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="luoshi-uvicorn", daemon=True)
        self.start_timeout = start_timeout

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + self.start_timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        host, port = self.server.servers[0].sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
