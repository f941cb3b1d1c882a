"""Which address a request comes from, given the proxies this server trusts.

The socket peer is the client, unless the peer is one of the configured
trusted proxies (addresses or CIDR networks: ``luoshi serve --trusted-proxy
10.0.0.0/8``, or ``$LUOSHI_TRUSTED_PROXIES``). Then ``X-Forwarded-For`` is
read from the right: each trusted proxy appends the address it saw, so the
right-most entry that is not itself a trusted proxy is the client. Entries
further left were written by the client and can say anything, so they are
never read; and without a trusted peer the header is ignored altogether,
since anyone can send it.

    >>> proxies = TrustedProxies.parse(["127.0.0.1", "10.0.0.0/8"])
    >>> proxies.client_address("127.0.0.1", ["203.0.113.9, 10.1.2.3"])  # through two proxies
    '203.0.113.9'
    >>> proxies.client_address("127.0.0.1", ["198.51.100.7, 203.0.113.9"])  # the first one forged
    '203.0.113.9'
    >>> proxies.client_address("203.0.113.9", ["127.0.0.1"])
    '203.0.113.9'
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ENV = "LUOSHI_TRUSTED_PROXIES"
_SEPARATORS = re.compile(r"[\s,]+")


def parse_address(text: str) -> IPAddress | None:
    """An IP address as proxies write it (``1.2.3.4``, ``1.2.3.4:5678``,
    ``[2001:db8::1]:443``, ``::ffff:1.2.3.4``), or None. IPv4-mapped IPv6
    addresses become IPv4, so one client has one address whichever socket
    family the server listens on."""
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else text[1:]
    elif text.count(":") == 1:  # IPv4 with a port; an IPv6 address has at least two colons
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


@dataclass(frozen=True)
class TrustedProxies:
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, values: Iterable[str]) -> TrustedProxies:
        """Networks from addresses or CIDRs; each value may hold several,
        separated by commas or spaces (as ``$LUOSHI_TRUSTED_PROXIES`` does).
        A value that is neither is an error naming it."""
        networks: list[IPNetwork] = []
        for value in values:
            for item in _SEPARATORS.split(value.strip()):
                if not item:
                    continue
                try:
                    networks.append(ipaddress.ip_network(item, strict=False))
                except ValueError:
                    raise ValueError(f"可信代理 {item!r} 不是 IP 地址或网段（例如 127.0.0.1、10.0.0.0/8）") from None
        return cls(tuple(networks))

    @classmethod
    def from_env(cls) -> TrustedProxies:
        return cls.parse([os.environ.get(ENV, "")])

    def trusts(self, address: IPAddress | None) -> bool:
        return address is not None and any(address in network for network in self.networks)

    def client_address(self, peer: str | None, forwarded_for: Sequence[str] = ()) -> str:
        """The client's address: ``peer`` (the socket's), or, when it is a
        trusted proxy, the right-most ``X-Forwarded-For`` entry (all the
        header's lines, in order) that is not. If every entry is trusted, the
        left-most is the client; an entry that is no address stops the walk at
        the proxy that passed it on, since what it stands for is unknown."""
        if not peer:
            return "?"
        current = parse_address(peer)
        if not self.trusts(current):
            return str(current) if current is not None else peer
        hops = [hop for line in forwarded_for for hop in line.split(",") if hop.strip()]
        for hop in reversed(hops):
            address = parse_address(hop)
            if address is None:
                break
            current = address
            if not self.trusts(current):
                break
        return str(current)
