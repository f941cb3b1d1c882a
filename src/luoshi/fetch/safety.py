"""What luoshi may connect to: http(s) URLs of hosts on the public internet.

A URL a user pastes, or one a fetched page links to or redirects to, must
not make luoshi (perhaps running as a server inside an office network)
reach services that only it can reach: the machine itself (loopback), the
local network (private, link-local — cloud metadata at 169.254.169.254),
multicast, or reserved ranges. So:

* ``check_url`` refuses any scheme but http and https before anything is
  sent, and a URL without a host;
* ``GuardedBackend`` resolves the host itself at connect time, refuses the
  connection if *any* address it resolves to is refused by the policy, and
  connects to an address it checked. httpx never resolves names on its own
  for a direct connection, so a name that resolves to a public address once
  and to 127.0.0.1 the next time (DNS rebinding) cannot slip through
  between a check and the connect: there is only one resolution. Every
  redirect hop opens its connection through the same backend.

Through a proxy from the environment (HTTP(S)_PROXY), the proxy resolves
the target's name: luoshi checks the name's addresses before sending
(``AddressPolicy.check_host``) but cannot stop a rebinding between that
check and the proxy's own lookup; the proxy itself is the administrator's
choice and may sit on a private address.

``AddressPolicy.allow_private`` lifts the rule (``--allow-private``, a
source's ``allow_private``); ``allowed_networks`` lifts it for named
networks only (the test server on 127.0.0.2, an intranet site).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
from httpcore._backends.sync import SyncBackend

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]
SCHEMES = ("http", "https")
_HOW_TO_ALLOW = "内网和本机地址需明确允许：命令行 --allow-private，或 sources.yaml 的 allow_private"


class UnsafeAddress(Exception):  # noqa: N818 - what it names, not that it is an error
    """A URL or address luoshi refuses to fetch; ``reason`` says why, in Chinese."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def check_url(url: str) -> httpx.URL:
    """``url`` parsed, if it is an absolute http(s) URL with a host; else
    UnsafeAddress saying what is wrong."""
    text = url.strip()
    scheme = urlsplit(text).scheme.lower()
    if scheme not in SCHEMES:
        shown = f"“{scheme}:”" if scheme else "（没有协议）"
        raise UnsafeAddress(f"只能抓取 http 或 https 网址，这个网址的协议是 {shown}")
    try:
        parsed = httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise UnsafeAddress(f"网址格式有误（{exc}）") from None
    if not parsed.host:
        raise UnsafeAddress("网址没有主机名")
    return parsed


def address_kind(ip: IPAddress) -> str | None:
    """What kind of non-public address ``ip`` is, in Chinese; None for a public one."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if ip.is_loopback:
        return "本机回环地址"
    if ip.is_link_local:
        return "链路本地地址"
    if ip.is_multicast:
        return "组播地址"
    if ip.is_unspecified:
        return "未指定地址"
    if ip.is_reserved:
        return "保留地址"
    if ip.is_private:
        return "内网地址"
    if not ip.is_global:
        return "保留地址"
    return None


def system_resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6), in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for info in infos:
        seen.setdefault(str(info[4][0]), None)
    return list(seen)


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses may be connected to (see the module docstring)."""

    allow_private: bool = False
    allowed_networks: tuple[IPNetwork, ...] = ()
    resolve: Resolver = field(default=system_resolve, compare=False)

    @classmethod
    def allowing(cls, networks: Iterable[str], allow_private: bool = False) -> AddressPolicy:
        """A policy allowing ``networks`` (``127.0.0.2``, ``10.1.0.0/16``)
        besides public addresses; ValueError for one that is no network."""
        return cls(allow_private, tuple(ipaddress.ip_network(n, strict=False) for n in networks))

    def refusal(self, ip: IPAddress) -> str | None:
        """Why ``ip`` may not be connected to, in Chinese; None if it may."""
        if self.allow_private:
            return None
        kind = address_kind(ip)
        if kind is None or any(ip in network for network in self.allowed_networks):
            return None
        return f"{kind} {ip}，不抓取（{_HOW_TO_ALLOW}）"

    def vetted(self, host: str, port: int) -> list[str]:
        """The addresses of ``host`` to connect to, each allowed; UnsafeAddress
        when it resolves to none, or to any address the policy refuses
        (a name with one private address among public ones is refused: the
        system may pick either)."""
        try:
            literal = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            literal = None
        if literal is not None:
            addresses = [str(literal)]
        else:
            try:
                addresses = self.resolve(host, port)
            except (OSError, UnicodeError) as exc:
                raise UnsafeAddress(f"无法解析主机名 {host}（{exc}）") from None
            if not addresses:
                raise UnsafeAddress(f"主机名 {host} 没有地址")
        for address in addresses:
            reason = self.refusal(ipaddress.ip_address(address.split("%")[0]))
            if reason is not None:
                named = "" if literal is not None else f"{host} 解析为"
                raise UnsafeAddress(named + reason)
        return addresses

    def check_host(self, url: httpx.URL) -> None:
        """Refuse ``url`` now if its host resolves to a refused address."""
        self.vetted(url.host, url.port or (443 if url.scheme == "https" else 80))


class GuardedBackend(SyncBackend):
    """httpcore's synchronous network backend, connecting only to addresses
    the policy allows, resolved once by the backend itself."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:  # fmt: skip
        addresses = self.policy.vetted(host, port)
        last: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None  # vetted() returns at least one address
        raise last


def guarded_transport(policy: AddressPolicy, max_connections: int, verify: bool = True) -> httpx.HTTPTransport:
    """An httpx transport whose direct connections go through ``GuardedBackend``."""
    transport = httpx.HTTPTransport(verify=verify, retries=0)
    # The pool httpx made, rebuilt the same way but with the guarded backend:
    # HTTPTransport takes no network backend of its own.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(verify=verify),
        max_connections=max_connections,
        max_keepalive_connections=max_connections,
        keepalive_expiry=5.0,
        retries=0,
        network_backend=GuardedBackend(policy),
    )
    return transport
