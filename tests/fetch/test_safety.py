"""Only http(s), and no loopback, private, link-local or reserved address
unless allowed — on the first URL, on every redirect hop, and at connect
time on the address actually connected to."""

from __future__ import annotations

import ipaddress

import pytest
from site_server import SiteServer

from luoshi.fetch import AddressPolicy, Fetcher, FetchFailed, FetchLimits, Page
from luoshi.fetch.safety import UnsafeAddress, address_kind, check_url

FAST = FetchLimits(per_host_rate=None, retries=0, connect_timeout=2, read_timeout=2)


def failure(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(FetchFailed) as failed:
        fetcher.fetch(url)
    return failed.value.reason


@pytest.mark.parametrize(
    ("address", "kind"),
    [("127.0.0.1", "本机回环地址"), ("::1", "本机回环地址"), ("::ffff:127.0.0.1", "本机回环地址"),
     ("10.2.3.4", "内网地址"), ("192.168.1.10", "内网地址"), ("172.16.0.5", "内网地址"),
     ("169.254.169.254", "链路本地地址"), ("224.0.0.1", "组播地址"), ("0.0.0.0", "未指定地址"),
     ("100.64.0.1", "保留地址"), ("240.0.0.1", "保留地址"), ("223.5.5.5", None)],
)  # fmt: skip
def test_addresses_are_named_by_kind(address, kind):
    assert address_kind(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a.txt", "gopher://x", "javascript:alert(1)"])
def test_only_http_and_https_urls_are_fetched(url):
    with pytest.raises(UnsafeAddress) as refused:
        check_url(url)
    assert refused.value.reason.startswith("只能抓取 http 或 https 网址")


def test_a_loopback_url_is_refused_in_chinese_without_allow_private(site: SiteServer):
    with Fetcher(limits=FAST, trust_env=False) as fetcher:
        reason = failure(fetcher, site.url("/nmg/zwyw/202605/t20260512_1001.html"))
    assert reason.startswith("本机回环地址 127.0.0.1，不抓取")
    assert "--allow-private" in reason
    assert site.requests == []  # not even robots.txt was asked for


def test_allow_private_lets_the_loopback_site_be_fetched(site: SiteServer):
    with Fetcher(AddressPolicy(allow_private=True), FAST, trust_env=False) as fetcher:
        assert isinstance(fetcher.fetch(site.url("/nmg/zwyw/202605/t20260512_1001.html")), Page)


def test_a_name_resolving_to_loopback_is_refused(site: SiteServer):
    with Fetcher(limits=FAST, trust_env=False) as fetcher:
        reason = failure(fetcher, f"http://localhost:{site.port}/nmg/zwyw/202605/t20260512_1001.html")
    assert reason.startswith("localhost 解析为本机回环地址")


def test_a_redirect_to_127_0_0_1_from_an_allowed_host_is_refused():
    # The site on 127.0.0.2 is the configured exception; its redirect to 127.0.0.1 is not.
    with SiteServer("127.0.0.2") as site, Fetcher(AddressPolicy.allowing(["127.0.0.2"]), FAST, trust_env=False) as f:
        assert isinstance(f.fetch(site.url("/nmg/zwyw/202605/t20260512_1001.html")), Page)
        reason = failure(f, site.url("/to-loopback"))
    target = f"http://127.0.0.1:{site.port}/nmg/zwyw/202605/t20260512_1001.html"
    assert reason.startswith(f"{target}：本机回环地址 127.0.0.1")


def test_the_address_connected_to_is_the_one_checked_so_dns_rebinding_fails(site: SiteServer):
    # A name that resolves to a public address when first asked and to the
    # site on loopback afterwards: the backend connects only to what it checked.
    answers = iter([["223.5.5.5"], ["127.0.0.1"], ["127.0.0.1"], ["127.0.0.1"]])
    policy = AddressPolicy(resolve=lambda host, port: next(answers))
    with Fetcher(policy, FAST, trust_env=False, obey_robots=False) as fetcher:
        reason = failure(fetcher, f"http://news.example:{site.port}/nmg/zwyw/202605/t20260512_1001.html")
    assert reason.startswith("news.example 解析为本机回环地址 127.0.0.1")
    assert site.requests == []


def test_a_name_with_one_private_address_among_public_ones_is_refused():
    policy = AddressPolicy(resolve=lambda host, port: ["223.5.5.5", "10.0.0.7"])
    with pytest.raises(UnsafeAddress) as refused:
        policy.vetted("mixed.example", 80)
    assert refused.value.reason.startswith("mixed.example 解析为内网地址 10.0.0.7")
