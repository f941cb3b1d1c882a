"""The polite client: one ``Fetcher`` downloads pages and files for luoshi.

Polite to the sites (government portals are slow, and blocking luoshi's
User-Agent would end the project's use of them):

* robots.txt read once per site and obeyed (``luoshi.fetch.robots``);
* at most ``per_host_rate`` requests a second (2) and ``per_host_connections``
  at once (2) to one host, whatever the number of threads;
* a conditional GET (If-None-Match / If-Modified-Since) when the page's
  ETag or Last-Modified from its last fetch is known: an unchanged page
  costs one short 304;
* a User-Agent saying what luoshi is (``$LUOSHI_FETCH_CONTACT`` may add an
  address to write to).

Robust for luoshi: retries with exponential backoff (and the server's own
Retry-After, up to ``max_backoff``) on 5xx, 429, timeouts and dropped
connections; redirects followed by hand, at most ``max_redirects``, each
hop checked like the first URL (scheme, address, robots.txt); a response
over ``max_bytes`` — declared, sent, or unpacked from gzip/deflate — or
taking longer than ``max_seconds`` in all is dropped; proxies from the
environment (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) are used.

Safe for whoever runs it: only http(s), and no connection to loopback,
private, link-local, multicast or reserved addresses unless allowed
(``luoshi.fetch.safety``).

Every failure is a ``FetchFailed`` naming the URL with a reason in Chinese.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import importlib.metadata
import os
import random
import threading
import time
import urllib.request
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from luoshi.fetch.robots import ROBOTS_BYTES, RobotsAnswer, RobotsCache
from luoshi.fetch.safety import AddressPolicy, UnsafeAddress, check_url, guarded_transport

AGENT_NAME = "luoshi"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRIED = frozenset({429, 500, 502, 503, 504})
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf,*/*;q=0.8"
_CHUNK = 64 * 1024


def user_agent() -> str:
    try:
        version = importlib.metadata.version("luoshi")
    except importlib.metadata.PackageNotFoundError:
        version = "dev"
    contact = os.environ.get("LUOSHI_FETCH_CONTACT", "").strip()
    extra = f"; {contact}" if contact and contact.isascii() else ""
    return f"{AGENT_NAME}/{version} (government document tracker; obeys robots.txt{extra})"


@dataclass(frozen=True)
class FetchLimits:
    """How much the client may ask of a site and take from it."""

    per_host_rate: float | None = 2.0  # requests a second to one host; None: unlimited
    per_host_connections: int = 2
    connections: int = 8  # threads fetching at once, over all hosts
    max_bytes: int = 50 * 1024 * 1024  # of one response, unpacked
    max_seconds: float = 120.0  # one response, first byte sent to last byte read
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # between two reads
    max_redirects: int = 5
    retries: int = 2  # after the first try
    backoff: float = 1.0  # seconds before the first retry; doubled each time
    max_backoff: float = 30.0

    def lifted(self) -> FetchLimits:
        """The same limits without the per-host rate (a local server, a bench)."""
        return FetchLimits(**{**self.__dict__, "per_host_rate": None})


@dataclass(frozen=True, slots=True)
class Validators:
    """What the last fetch of a URL said to ask with next time."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        found = {}
        if self.etag:
            found["If-None-Match"] = self.etag
        if self.last_modified:
            found["If-Modified-Since"] = self.last_modified
        return found


@dataclass(frozen=True)
class Page:
    """A response with its body: what was asked for, where it was found in
    the end, and the HTTP headers kept as provenance."""

    url: str
    final_url: str
    status: int
    body: bytes
    fetched_at: datetime
    content_type: str | None = None  # the media type, lower case (text/html)
    charset: str | None = None  # as the Content-Type header declares it
    http_date: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def validators(self) -> Validators:
        return Validators(self.etag, self.last_modified)


@dataclass(frozen=True)
class NotModified:
    """The server answered 304: the page is as it was last time."""

    url: str
    final_url: str
    fetched_at: datetime
    http_date: str | None = None
    etag: str | None = None
    last_modified: str | None = None


class FetchFailed(Exception):
    """A URL that could not be fetched, and why (Chinese)."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class _Retry(Exception):  # noqa: N818 - a signal inside the retry loop
    def __init__(self, reason: str, wait: float | None = None) -> None:
        self.reason = reason
        self.wait = wait
        super().__init__(reason)


@dataclass
class _HostGate:
    """One host's share: a connection cap and the time its next request may start."""

    slots: threading.BoundedSemaphore
    interval: float
    next_start: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        with self.slots:
            with self.lock:
                now = time.monotonic()
                start = max(now, self.next_start)
                self.next_start = start + self.interval
            if start > now:
                time.sleep(start - now)
            yield


class Fetcher:
    """Downloads URLs politely and safely (see the module docstring); safe
    to use from several threads. Close it (or use it as a context) when done."""

    def __init__(
        self, policy: AddressPolicy | None = None, limits: FetchLimits | None = None, *,
        trust_env: bool = True, verify: bool = True, obey_robots: bool = True,
    ) -> None:  # fmt: skip
        self.policy = policy or AddressPolicy()
        self.limits = limits or FetchLimits()
        self.agent = user_agent()
        self.obey_robots = obey_robots
        limits_ = self.limits
        transport = guarded_transport(self.policy, max(limits_.connections, limits_.per_host_connections), verify)
        self._proxies = EnvProxies.read() if trust_env else EnvProxies()
        self._client = httpx.Client(
            transport=transport,
            mounts=self._proxies.mounts(verify),
            follow_redirects=False,
            timeout=httpx.Timeout(limits_.read_timeout, connect=limits_.connect_timeout, pool=limits_.max_seconds),
            headers={
                "User-Agent": self.agent,
                "Accept": _ACCEPT,
                "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
                "Accept-Encoding": "gzip, deflate",
            },
            trust_env=False,  # proxies are mounted above, each checked like the rest
        )
        self._gates: dict[str, _HostGate] = {}
        self._gates_lock = threading.Lock()
        self.robots = RobotsCache(AGENT_NAME, self._robots_answer)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- fetching --------------------------------------------------------------
    def fetch(self, url: str, validators: Validators | None = None) -> Page | NotModified:
        """The page at ``url``, following redirects; NotModified when the
        server says it is unchanged since ``validators``; FetchFailed else."""
        try:
            first = check_url(url)
        except UnsafeAddress as exc:
            raise FetchFailed(url, exc.reason) from None
        return self._follow(url, first, (validators or Validators()).headers(), self.limits.max_bytes)

    def _follow(self, url: str, at: httpx.URL, headers: dict[str, str], max_bytes: int) -> Page | NotModified:
        seen = {str(at)}
        for _hop in range(self.limits.max_redirects + 1):
            self._check(url, at)
            response_url, status, response_headers, body = self._with_retries(url, at, headers, max_bytes)
            if status in REDIRECTS and "location" in response_headers:
                try:
                    at = check_url(str(response_url.join(response_headers["location"])))
                except UnsafeAddress as exc:
                    raise FetchFailed(url, f"重定向到不允许的网址：{exc.reason}") from None
                if str(at) in seen:
                    raise FetchFailed(url, f"重定向循环（回到 {at}）")
                seen.add(str(at))
                continue
            now = datetime.now(UTC)
            kept = _provenance(response_headers)
            if status == 304:
                return NotModified(url, str(response_url), now, **kept)
            if status >= 400:
                raise FetchFailed(url, _status_reason(status))
            if status >= 300:
                raise FetchFailed(url, f"HTTP {status}，没有可用的内容")
            media, charset = _content_type(response_headers.get("content-type"))
            return Page(url, str(response_url), status, body, now, media, charset, **kept)
        raise FetchFailed(url, f"重定向超过 {self.limits.max_redirects} 次")

    def _check(self, url: str, at: httpx.URL) -> None:
        """Refuse ``at`` before any request: a refused address, or robots.txt."""
        try:
            if self._proxies.used_for(at):
                self._check_proxied(at)
            else:
                self.policy.check_host(at)
        except UnsafeAddress as exc:
            raise FetchFailed(url, exc.reason if str(at) == url else f"{at}：{exc.reason}") from None
        if self.obey_robots:
            refused = self.robots.refusal(at)
            if refused is not None:
                raise FetchFailed(url, refused if str(at) == url else f"{at}：{refused}")

    def _check_proxied(self, at: httpx.URL) -> None:
        """Through a proxy the proxy resolves names: a name that does not
        resolve here is let through, an address it resolves to is checked."""
        try:
            self.policy.check_host(at)
        except UnsafeAddress as exc:
            if not exc.reason.startswith("无法解析"):
                raise

    def _with_retries(
        self, url: str, at: httpx.URL, headers: dict[str, str], max_bytes: int
    ) -> tuple[httpx.URL, int, httpx.Headers, bytes]:
        limits = self.limits
        for attempt in range(limits.retries + 1):
            try:
                return self._once(url, at, headers, max_bytes)
            except _Retry as signal:
                if attempt == limits.retries:
                    tries = f"（共试 {attempt + 1} 次）" if attempt else ""
                    raise FetchFailed(url, signal.reason + tries) from None
                wait = signal.wait if signal.wait is not None else limits.backoff * 2**attempt
                time.sleep(min(wait, limits.max_backoff) * (1 + random.random() / 4))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _once(
        self, url: str, at: httpx.URL, headers: dict[str, str], max_bytes: int
    ) -> tuple[httpx.URL, int, httpx.Headers, bytes]:
        deadline = time.monotonic() + self.limits.max_seconds
        try:
            with self._gate(at.host).turn(), self._client.stream("GET", at, headers=headers) as response:
                status = response.status_code
                if status in RETRIED:
                    raise _Retry(_status_reason(status), _retry_after(response.headers.get("retry-after")))
                body = b""
                if 200 <= status < 300:
                    body = read_body(response, max_bytes, deadline)
                return response.url, status, response.headers, body
        except UnsafeAddress as exc:  # the connect-time check (GuardedBackend)
            raise FetchFailed(url, exc.reason) from None
        except _BodyTimeout:
            raise _Retry(f"超时：{self.limits.max_seconds:g} 秒内未读完响应") from None
        except httpx.TimeoutException as exc:
            raise _Retry(_timeout_reason(exc, self.limits)) from None
        except (httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError) as exc:
            raise _Retry(f"连接失败（{_short(exc)}）") from None
        except httpx.HTTPError as exc:
            raise FetchFailed(url, f"请求失败（{_short(exc)}）") from None
        except _TooLarge as exc:
            raise FetchFailed(url, exc.reason) from None

    def _gate(self, host: str) -> _HostGate:
        with self._gates_lock:
            gate = self._gates.get(host)
            if gate is None:
                rate = self.limits.per_host_rate
                gate = _HostGate(threading.BoundedSemaphore(self.limits.per_host_connections), 1 / rate if rate else 0)
                self._gates[host] = gate
            return gate

    def _robots_answer(self, robots_url: str) -> RobotsAnswer:
        """The site's robots.txt, fetched like any page but without asking
        robots.txt about itself."""
        try:
            at = check_url(robots_url)
            seen = 0
            while True:
                response_url, status, headers, body = self._with_retries(robots_url, at, {}, ROBOTS_BYTES * 4)
                if status in REDIRECTS and "location" in headers and seen < self.limits.max_redirects:
                    seen += 1
                    at = check_url(str(response_url.join(headers["location"])))
                    self.policy.check_host(at)
                    continue
                return RobotsAnswer(status, body)
        except FetchFailed as exc:
            return RobotsAnswer(None, unreachable=exc.reason)
        except UnsafeAddress as exc:
            return RobotsAnswer(None, unreachable=exc.reason)


class _TooLarge(Exception):  # noqa: N818
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class _BodyTimeout(Exception):
    pass


def read_body(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    """The body, unpacked from gzip or deflate by hand so that no chunk
    unpacks past ``max_bytes`` (a zip bomb stops at the limit, not in
    memory); _TooLarge past the limit, _BodyTimeout past ``deadline``."""
    limit_mb = f"{max_bytes / 2**20:g} MB"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _TooLarge(f"响应有 {int(declared) / 2**20:,.1f} MB，超过 {limit_mb} 上限")
    coding = response.headers.get("content-encoding", "identity").strip().lower()
    if coding not in ("identity", "", "gzip", "x-gzip", "deflate"):
        raise _TooLarge(f"不支持的内容编码 {coding}")
    unpack = None if coding in ("identity", "") else zlib.decompressobj(zlib.MAX_WBITS | 32)
    out = bytearray()
    raw = 0
    try:
        for chunk in response.iter_raw(_CHUNK):
            if time.monotonic() > deadline:
                raise _BodyTimeout
            raw += len(chunk)
            if raw > max_bytes:
                raise _TooLarge(f"响应超过 {limit_mb} 上限")
            if unpack is None:
                out += chunk
            else:
                data = chunk
                while data:
                    out += unpack.decompress(data, max_bytes - len(out) + 1)
                    if len(out) > max_bytes:
                        raise _TooLarge(f"解压后超过 {limit_mb} 上限")
                    data = unpack.unconsumed_tail
    except zlib.error as exc:
        raise _TooLarge(f"无法解压响应（{exc}）") from None
    if len(out) > max_bytes:
        raise _TooLarge(f"响应超过 {limit_mb} 上限")
    return bytes(out)


@dataclass(frozen=True)
class EnvProxies:
    """The proxies the environment names (HTTP_PROXY, HTTPS_PROXY,
    ALL_PROXY), and the hosts NO_PROXY leaves direct."""

    by_scheme: dict[str, str] = field(default_factory=dict)
    direct: tuple[str, ...] = ()  # host names, a leading dot dropped; "*": every host

    @classmethod
    def read(cls) -> EnvProxies:
        env = urllib.request.getproxies()
        by_scheme = {s: p for s in ("http", "https") if (p := env.get(s) or env.get("all"))}
        direct = tuple(h.strip().lstrip(".").lower() for h in (env.get("no") or "").split(",") if h.strip())
        return cls(by_scheme, direct)

    def used_for(self, url: httpx.URL) -> bool:
        if url.scheme not in self.by_scheme or "*" in self.direct:
            return False
        host = url.host.lower()
        return not any(host == d or host.endswith("." + d) for d in self.direct)

    def mounts(self, verify: bool) -> dict[str, httpx.BaseTransport | None]:
        """httpx mounts: a proxy transport per scheme, NO_PROXY's hosts
        left to the default (guarded) transport."""
        if "*" in self.direct:
            return {}
        mounts: dict[str, httpx.BaseTransport | None] = {
            f"{scheme}://": httpx.HTTPTransport(proxy=proxy, verify=verify) for scheme, proxy in self.by_scheme.items()
        }
        for host in self.direct:
            mounts[f"all://{host}"] = None
            mounts[f"all://*.{host}"] = None
        return mounts


def _provenance(headers: httpx.Headers) -> dict[str, str | None]:
    return {
        "http_date": headers.get("date"),
        "etag": headers.get("etag"),
        "last_modified": headers.get("last-modified"),
    }


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'").lower()
    return media.strip().lower() or None, charset


_STATUS_WORDS = {
    400: "请求无效",
    401: "需要登录",
    403: "禁止访问",
    404: "页面不存在",
    410: "页面已删除",
    429: "请求过多，网站要求放慢",
    500: "网站服务器内部错误",
    502: "网关错误",
    503: "网站暂时不可用",
    504: "网关超时",
}


def _status_reason(status: int) -> str:
    words = _STATUS_WORDS.get(status) or ("网站服务器错误" if status >= 500 else "请求被拒绝")
    return f"HTTP {status} {words}"


def _retry_after(value: str | None) -> float | None:
    """Seconds the server asks to wait (a number or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds()) if when.tzinfo else None


def _timeout_reason(exc: httpx.TimeoutException, limits: FetchLimits) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"超时：{limits.connect_timeout:g} 秒内连不上"
    if isinstance(exc, httpx.PoolTimeout):
        return "超时：等待空闲连接太久"
    return f"超时：{limits.read_timeout:g} 秒没有收到数据"


def _short(exc: BaseException) -> str:
    message = " ".join(str(exc).split())
    return message[:160] or type(exc).__name__
