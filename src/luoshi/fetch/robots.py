"""robots.txt, read once per site and obeyed for every URL fetched there.

Parsed by the standard library's ``urllib.robotparser``: the sites luoshi
follows (government portals, newspapers) write plain ``Disallow`` path
prefixes, which it reads as every crawler does; a third-party parser
(protego) would only add ``*``/``$`` wildcards and longest-match ordering,
not worth a dependency here. luoshi fetches the file itself, through its
own guarded client, so the same address rules, limits and User-Agent apply.

What an answer means (RFC 9309): 2xx, the rules in it; 4xx, no rules (the
site has no robots.txt); 5xx or no answer at all, nothing may be fetched
there for now (the site may be down, or its rules unreadable).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

import httpx

ROBOTS_BYTES = 512 * 1024  # Google reads the first 500 KiB


@dataclass(frozen=True, slots=True)
class RobotsAnswer:
    """What fetching a site's robots.txt gave: its status and body, or
    ``unreachable`` with why."""

    status: int | None
    body: bytes = b""
    unreachable: str | None = None


@dataclass(frozen=True, slots=True)
class SiteRules:
    parser: RobotFileParser | None  # None: everything allowed
    refused: str | None = None  # why nothing may be fetched on the site for now

    def allows(self, agent: str, url: str) -> bool:
        if self.refused is not None:
            return False
        return self.parser is None or self.parser.can_fetch(agent, url)


def rules_of(answer: RobotsAnswer) -> SiteRules:
    if answer.unreachable is not None:
        return SiteRules(None, f"无法读取 robots.txt（{answer.unreachable}），暂不抓取该网站")
    assert answer.status is not None
    if answer.status >= 500:
        return SiteRules(None, f"robots.txt 返回 HTTP {answer.status}，暂不抓取该网站")
    if answer.status >= 400:
        return SiteRules(None)
    parser = RobotFileParser()
    parser.parse(answer.body[:ROBOTS_BYTES].decode("utf-8", errors="replace").splitlines())
    return SiteRules(parser)


class RobotsCache:
    """Each site's rules, fetched with ``get`` the first time a URL of the
    site is asked about (one fetch per site, however many threads ask)."""

    def __init__(self, agent: str, get: Callable[[str], RobotsAnswer]) -> None:
        self.agent = agent
        self._get = get
        self._sites: dict[str, SiteRules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def refusal(self, url: httpx.URL) -> str | None:
        """Why robots.txt forbids ``url``, in Chinese; None when it allows it."""
        rules = self.rules(url)
        if rules.allows(self.agent, str(url)):
            return None
        return rules.refused or "robots.txt 不允许抓取这个网址"

    def rules(self, url: httpx.URL) -> SiteRules:
        site = f"{url.scheme}://{url.netloc.decode('ascii')}"
        with self._lock:
            known = self._sites.get(site)
            if known is not None:
                return known
            lock = self._locks.setdefault(site, threading.Lock())
        with lock:
            with self._lock:
                known = self._sites.get(site)
            if known is None:
                known = rules_of(self._get(site + "/robots.txt"))
                with self._lock:
                    self._sites[site] = known
        return known
