"""Login attempts, limited: after ``attempts`` failures within ``window``
seconds from one address or for one user name, further tries wait until the
oldest failure leaves the window. Kept in memory: one server process."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Hashable


class LoginLimiter:
    def __init__(self, attempts: int = 5, window: float = 300.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.attempts = attempts
        self.window = window
        self._clock = clock
        self._failures: dict[Hashable, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def wait(self, *keys: Hashable) -> float:
        """Seconds to wait before the next try (0: go ahead)."""
        now = self._clock()
        longest = 0.0
        with self._lock:
            for key in keys:
                times = self._failures.get(key)
                if not times:
                    continue
                while times and times[0] <= now - self.window:
                    times.popleft()
                if len(times) >= self.attempts:
                    longest = max(longest, times[0] + self.window - now)
        return longest

    def failed(self, *keys: Hashable) -> None:
        now = self._clock()
        with self._lock:
            for key in keys:
                self._failures[key].append(now)

    def succeeded(self, *keys: Hashable) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
