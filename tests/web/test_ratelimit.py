"""Log-in attempts: five failures within the window make the next wait
until the oldest leaves it; a success forgets the failures."""

from __future__ import annotations

from luoshi.web.ratelimit import LoginLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_sixth_try_waits_until_the_first_failure_leaves_the_window():
    clock = Clock()
    limiter = LoginLimiter(attempts=5, window=300, clock=clock)
    for _ in range(5):
        assert limiter.wait(("ip", "a")) == 0
        limiter.failed(("ip", "a"))
        clock.now += 10
    assert limiter.wait(("ip", "a")) == 300 - 50
    clock.now += 250
    assert limiter.wait(("ip", "a")) == 0


def test_any_blocked_key_blocks_and_others_are_free():
    limiter = LoginLimiter(attempts=2, window=60, clock=Clock())
    limiter.failed(("user", "admin"))
    limiter.failed(("user", "admin"))
    assert limiter.wait(("ip", "b"), ("user", "admin")) == 60
    assert limiter.wait(("ip", "b"), ("user", "zhang")) == 0


def test_a_success_forgets_the_failures():
    limiter = LoginLimiter(attempts=2, window=60, clock=Clock())
    limiter.failed(("user", "admin"))
    limiter.succeeded(("user", "admin"))
    limiter.failed(("user", "admin"))
    assert limiter.wait(("user", "admin")) == 0
