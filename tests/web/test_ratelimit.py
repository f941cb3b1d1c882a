"""Log-in limits per (account, address), per address and per account: five
failures make that address wait for that name; many from one address make it
wait for every name; failures from elsewhere never stop a clean address with
the right password; memory stays at its cap whatever is tried."""

from __future__ import annotations

from luoshi.web.ratelimit import LoginLimiter, account_key, address_bucket


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_sixth_try_waits_until_the_first_failure_leaves_the_window():
    clock = Clock()
    limiter = LoginLimiter(per_pair=5, window=300, clock=clock)
    for _ in range(5):
        assert limiter.wait("zhang", "203.0.113.9") == 0
        limiter.failed("zhang", "203.0.113.9")
        clock.now += 10
    assert limiter.wait("zhang", "203.0.113.9") == 300 - 50
    clock.now += 250
    assert limiter.wait("zhang", "203.0.113.9") == 0


def test_five_failures_for_one_name_leave_other_names_at_that_address_free():
    limiter = LoginLimiter(clock=Clock())
    for _ in range(5):
        limiter.failed("zhang", "10.0.0.5")
    assert limiter.wait("zhang", "10.0.0.5") > 0
    assert limiter.wait("wang", "10.0.0.5") == 0  # a colleague behind the same NAT


def test_many_failures_from_one_address_make_it_wait_for_every_name():
    limiter = LoginLimiter(per_address=20, clock=Clock())
    for i in range(19):
        limiter.failed(f"user{i}", "198.51.100.7")
    assert limiter.wait("wang", "198.51.100.7") == 0
    limiter.failed("user19", "198.51.100.7")
    assert limiter.wait("wang", "198.51.100.7") == 300
    assert limiter.wait("wang", "198.51.100.8") == 0


def test_an_attackers_failures_for_admin_never_stop_admin_from_a_clean_address():
    clock = Clock()
    limiter = LoginLimiter(clock=clock)
    for n in range(200):  # many attacking addresses, each under the pair limit
        for _ in range(4):
            limiter.failed("admin", f"198.51.100.{n % 250}")
            clock.now += 0.01
    assert limiter.wait("admin", "203.0.113.9") == 0
    assert limiter.wait("Admin ", "203.0.113.9") == 0


def test_failing_addresses_wait_longer_as_the_account_fails_everywhere():
    clock = Clock()
    limiter = LoginLimiter(account_free=5, account_delay=1, account_delay_cap=300, clock=clock)
    for n in range(5):
        limiter.failed("admin", f"198.51.100.{n}")
    assert limiter.wait("admin", "198.51.100.0") == 1  # 5 account failures: the first step
    limiter.failed("admin", "198.51.100.9")
    limiter.failed("admin", "198.51.100.10")
    assert limiter.wait("admin", "198.51.100.0") == 4


def test_the_owner_who_mistyped_waits_at_most_the_cap_however_long_the_attack():
    clock = Clock()
    limiter = LoginLimiter(account_delay_cap=60, clock=clock)
    limiter.failed("admin", "203.0.113.9")  # the admin's own typo
    mistyped = clock.now
    for n in range(50):
        clock.now += 1
        limiter.failed("admin", f"198.51.100.{n}")
    assert limiter.wait("admin", "203.0.113.9") == mistyped + 60 - clock.now
    clock.now = mistyped + 60
    assert limiter.wait("admin", "203.0.113.9") == 0


def test_a_success_forgets_the_pair_but_not_the_addresss_other_failures():
    clock = Clock()
    limiter = LoginLimiter(per_pair=2, per_address=3, clock=clock)

    def attempt(name: str, right: bool) -> None:
        clock.now += 1
        admitted = limiter.admit(name, "198.51.100.7")
        if right:
            limiter.succeeded(admitted)

    attempt("admin", False)
    attempt("admin", True)
    attempt("admin", False)
    assert limiter.wait("admin", "198.51.100.7") == 0  # one failure since the success
    attempt("wang", False)
    attempt("zhang", True)  # a valid account of one's own resets nothing
    assert limiter.wait("li", "198.51.100.7") > 0  # three failures from the address stand


def test_an_attempt_counts_as_failed_from_the_moment_it_is_admitted():
    limiter = LoginLimiter(per_pair=5, clock=Clock())
    burst = [limiter.admit("admin", "198.51.100.7") for _ in range(8)]  # all in flight at once
    assert [a.wait == 0 for a in burst] == [True] * 5 + [False] * 3


def test_successful_log_ins_never_add_up_against_an_address():
    limiter = LoginLimiter(per_address=20, clock=Clock())
    for i in range(50):  # a busy office behind one NAT
        attempt = limiter.admit(f"user{i}", "10.0.0.1")
        assert attempt.wait == 0
        limiter.succeeded(attempt)
    assert len(limiter.addresses) == len(limiter.accounts) == len(limiter.pairs) == 0


def test_ipv6_addresses_of_one_subscriber_share_a_limit():
    limiter = LoginLimiter(clock=Clock())
    for i in range(5):
        limiter.failed("admin", f"2001:db8:1:2::{i + 1}")
    assert limiter.wait("admin", "2001:db8:1:2:ffff::9") > 0
    assert limiter.wait("admin", "2001:db8:1:3::1") == 0
    assert address_bucket("::ffff:192.0.2.1") == "192.0.2.1"


def test_a_hundred_thousand_distinct_names_keep_every_table_at_its_cap():
    clock = Clock()
    limiter = LoginLimiter(max_entries=1000, clock=clock)
    for i in range(100_000):
        limiter.failed(f"用户{i}", f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}")
        clock.now += 0.001
    assert len(limiter.pairs) == len(limiter.accounts) == len(limiter.addresses) == 1000
    # the entries kept are the latest: the newest name is still limited, the first forgotten
    assert limiter.accounts.get(account_key("用户99999")) is not None
    assert limiter.accounts.get(account_key("用户0")) is None


def test_a_huge_name_is_kept_as_a_short_key():
    assert len(account_key("甲" * 1_000_000)) == 33
    assert account_key(" ZHANG ") == "zhang"


def test_entries_are_forgotten_when_their_failures_leave_the_window():
    clock = Clock()
    limiter = LoginLimiter(window=300, clock=clock)
    for i in range(100):
        limiter.failed(f"user{i}", "198.51.100.7")
    assert len(limiter.pairs) == 100
    clock.now += 301
    limiter.failed("late", "203.0.113.9")
    assert len(limiter.pairs) == len(limiter.accounts) == len(limiter.addresses) == 1
    assert limiter.wait("user0", "198.51.100.7") == 0
