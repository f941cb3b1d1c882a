"""Log-in attempts, limited three ways, in bounded memory.

Failures are counted per (account, address) pair, per address and per
account, each over a sliding ``window`` (five minutes by default):

- **Pair**: ``per_pair`` failures (5) for one name from one address make that
  address wait, for that name, until the oldest of them leaves the window.
  This is the usual guessing limit, and it touches no one else: a colleague
  behind the same office NAT or TLS proxy, or the account's owner elsewhere.
- **Address**: ``per_address`` failures (20) from one address, whatever the
  names, make that address wait likewise. The threshold is higher than the
  pair's, since an office behind one NAT shares it; it stops one address
  from trying a few passwords on every account (credential stuffing).
- **Account**: when failures for one account come from many addresses (a
  distributed guess, each address staying under the pair limit), an address
  that has itself failed for that account waits ``account_delay`` seconds,
  doubling with every account failure past ``account_free``, up to
  ``account_delay_cap`` — counted from *its own* latest failure. Never a
  lock: an address with no failures for the account is not delayed at all,
  so an attacker cannot keep the admin out (a correct password from another
  address still works), and the owner who mistyped once waits at most the
  cap, however many failures the attacker adds.

A success forgets the pair's failures only: clearing the address or the
account would let anyone holding one valid account reset the limits they
are guessing others' passwords under.

Checking a password takes tens of milliseconds and requests run in parallel,
so a check then a count would let a burst of requests all pass the check
before any failure is counted. ``admit`` does both at once: an attempt let
through counts as a failure from the start, and ``succeeded`` takes it back.

Addresses are bucketed as clients can vary them: an IPv4 address is itself,
an IPv6 address is its /64 (one subscriber's usual allocation, which it can
cycle through freely). Account names are normalised as log-in does, and a
name longer than any valid one is kept as its hash, so a megabyte of name
costs 33 characters.

Memory: each of the three tables holds at most ``max_entries`` entries, each
a deque no longer than its limit, and forgets an entry ``window`` seconds
after its latest failure (by then every failure in it has left the window,
so nothing is lost). When a table is full the entry failed least recently is
dropped first: the one nearest to expiring anyway. Only an attacker with
more addresses than ``max_entries`` / ``per_address`` could push out live
entries, and one address alone cannot fill a table past ``per_address``.
Kept in one server process; several workers each keep their own.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from luoshi.accounts.users import normal_username
from luoshi.web.proxies import parse_address

K = TypeVar("K", bound=Hashable)

MAX_NAME = 64  # the longest valid user name (accounts/users.py)


class ExpiringTable(Generic[K]):
    """Failure times by key: at most ``max_entries`` keys, each forgotten
    ``ttl`` seconds after its latest failure; when full, the key that failed
    least recently goes first. Not locked: its owner locks."""

    def __init__(self, max_entries: int, ttl: float, depth: int, clock: Callable[[], float]) -> None:
        self.max_entries = max_entries
        self.ttl = ttl
        self.depth = depth  # failures kept per key: more never change a decision
        self._clock = clock
        self._entries: OrderedDict[K, deque[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: K) -> deque[float] | None:
        times = self._entries.get(key)
        if times is not None and times[-1] <= self._clock() - self.ttl:
            del self._entries[key]
            return None
        return times

    def add(self, key: K, when: float) -> None:
        times = self._entries.get(key)
        if times is None:
            times = self._entries[key] = deque(maxlen=self.depth)
        else:
            self._entries.move_to_end(key)
        times.append(when)
        self._forget_old(when)

    def pop(self, key: K) -> None:
        self._entries.pop(key, None)

    def take_back(self, key: K, when: float) -> None:
        """Forget the failure counted at ``when`` (if still kept)."""
        times = self._entries.get(key)
        if times is not None and when in times:
            times.remove(when)
            if not times:
                del self._entries[key]

    def _forget_old(self, now: float) -> None:
        # Latest failure first to last: the stale ones are all at the front.
        while self._entries:
            oldest_key, oldest = next(iter(self._entries.items()))
            if oldest[-1] > now - self.ttl and len(self._entries) <= self.max_entries:
                return
            del self._entries[oldest_key]


def address_bucket(address: str) -> str:
    """The unit one client controls: an IPv4 address, an IPv6 /64."""
    parsed = parse_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed) if parsed is not None else address[:64]


def account_key(username: str) -> str:
    name = normal_username(username)
    if len(name) > MAX_NAME:  # no such account can exist; keep memory per name small
        return "#" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return name


@dataclass(frozen=True)
class Attempt:
    """A log-in attempt as ``admit`` saw it: ``wait`` seconds before trying
    again, or 0 and the attempt counted as a failure at ``at``."""

    account: str
    address: str
    at: float
    wait: float


class LoginLimiter:
    def __init__(
        self,
        *,
        per_pair: int = 5,
        per_address: int = 20,
        window: float = 300.0,
        account_free: int = 5,
        account_delay: float = 1.0,
        account_delay_cap: float = 300.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_pair = per_pair
        self.per_address = per_address
        self.window = window
        self.account_free = account_free
        self.account_delay = account_delay
        self.account_delay_cap = account_delay_cap
        self._clock = clock
        self._lock = threading.Lock()
        # Past this many account failures the delay is at its cap: older ones need not be kept.
        doublings = math.ceil(math.log2(account_delay_cap / account_delay)) if account_delay > 0 else 0
        self.pairs: ExpiringTable[tuple[str, str]] = ExpiringTable(max_entries, window, per_pair, clock)
        self.addresses: ExpiringTable[str] = ExpiringTable(max_entries, window, per_address, clock)
        self.accounts: ExpiringTable[str] = ExpiringTable(max_entries, window, account_free + doublings + 1, clock)

    def admit(self, username: str, address: str) -> Attempt:
        """Whether ``address`` may try ``username`` now; if so the attempt is
        counted as a failure until ``succeeded`` takes it back."""
        account, bucket = account_key(username), address_bucket(address)
        now = self._clock()
        with self._lock:
            wait = self._wait(account, bucket, now)
            if wait == 0:
                self._count(account, bucket, now)
        return Attempt(account, bucket, now, wait)

    def succeeded(self, attempt: Attempt) -> None:
        """The password was right: the pair's failures are forgotten, and
        this attempt no longer counts against the address and the account."""
        with self._lock:
            self.pairs.pop((attempt.account, attempt.address))
            self.addresses.take_back(attempt.address, attempt.at)
            self.accounts.take_back(attempt.account, attempt.at)

    def wait(self, username: str, address: str) -> float:
        """Seconds ``address`` must wait before trying ``username`` again (0: go ahead)."""
        now = self._clock()
        with self._lock:
            return self._wait(account_key(username), address_bucket(address), now)

    def failed(self, username: str, address: str) -> None:
        """Count a failure (``admit`` counts its own)."""
        now = self._clock()
        with self._lock:
            self._count(account_key(username), address_bucket(address), now)

    def _wait(self, account: str, bucket: str, now: float) -> float:
        pair = self.pairs.get((account, bucket))
        waits = [
            self._full(self.addresses.get(bucket), self.per_address, now),
            self._full(pair, self.per_pair, now),
            self._account_wait(account, pair, now),
        ]
        return max(0.0, *waits)

    def _count(self, account: str, bucket: str, now: float) -> None:
        self.pairs.add((account, bucket), now)
        self.addresses.add(bucket, now)
        self.accounts.add(account, now)

    def _in_window(self, times: deque[float] | None, now: float) -> int:
        return sum(1 for t in times if t > now - self.window) if times else 0

    def _full(self, times: deque[float] | None, limit: int, now: float) -> float:
        """Until the oldest of the last ``limit`` failures leaves the window,
        when all of them are in it."""
        if not times or len(times) < limit or times[-limit] <= now - self.window:
            return 0.0
        return times[-limit] + self.window - now

    def _account_wait(self, account: str, pair: deque[float] | None, now: float) -> float:
        if self._in_window(pair, now) == 0 or pair is None:
            return 0.0  # this address has not failed for the account: never delayed by others' failures
        failures = self._in_window(self.accounts.get(account), now)
        if failures < self.account_free or self.account_delay <= 0:
            return 0.0
        delay = min(self.account_delay_cap, self.account_delay * 2 ** (failures - self.account_free))
        return pair[-1] + delay - now
