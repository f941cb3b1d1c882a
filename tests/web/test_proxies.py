"""The client's address: the socket peer, unless the peer is a trusted
proxy; then the right-most X-Forwarded-For entry that is not trusted.
X-Forwarded-For from anyone else is ignored."""

from __future__ import annotations

import doctest

import pytest

from luoshi.web import proxies
from luoshi.web.proxies import TrustedProxies

BEHIND_NGINX = TrustedProxies.parse(["127.0.0.1", "10.0.0.0/8"])


def test_the_module_examples_hold():
    assert doctest.testmod(proxies).failed == 0


def test_forwarded_for_from_an_untrusted_peer_is_ignored():
    assert BEHIND_NGINX.client_address("198.51.100.7", ["127.0.0.1"]) == "198.51.100.7"
    assert TrustedProxies().client_address("127.0.0.1", ["203.0.113.9"]) == "127.0.0.1"


def test_behind_a_trusted_proxy_the_client_is_the_address_it_saw():
    assert BEHIND_NGINX.client_address("127.0.0.1", ["203.0.113.9"]) == "203.0.113.9"


def test_what_the_client_wrote_left_of_the_proxys_entry_is_never_read():
    forged = "1.1.1.1, 127.0.0.1, 203.0.113.9"  # the client sent the first two
    assert BEHIND_NGINX.client_address("127.0.0.1", [forged]) == "203.0.113.9"


def test_a_chain_of_trusted_proxies_is_walked_through():
    assert BEHIND_NGINX.client_address("127.0.0.1", ["203.0.113.9", "10.1.2.3"]) == "203.0.113.9"
    assert BEHIND_NGINX.client_address("127.0.0.1", ["10.9.9.9, 10.1.2.3"]) == "10.9.9.9"


def test_an_entry_that_is_no_address_stops_at_the_proxy_that_passed_it():
    assert BEHIND_NGINX.client_address("127.0.0.1", ["unknown"]) == "127.0.0.1"
    assert BEHIND_NGINX.client_address("127.0.0.1", ["<script>, 10.1.2.3"]) == "10.1.2.3"


def test_ports_brackets_and_mapped_addresses_are_read_as_proxies_write_them():
    assert BEHIND_NGINX.client_address("::ffff:127.0.0.1", ["203.0.113.9:51234"]) == "203.0.113.9"
    assert BEHIND_NGINX.client_address("127.0.0.1", ["[2001:db8::1]:443"]) == "2001:db8::1"


def test_a_peer_without_an_ip_address_is_itself():
    assert BEHIND_NGINX.client_address("testclient", ["203.0.113.9"]) == "testclient"
    assert BEHIND_NGINX.client_address(None) == "?"


def test_the_setting_takes_addresses_and_networks_separated_by_commas_or_spaces(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LUOSHI_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8 ::1")
    assert [str(n) for n in TrustedProxies.from_env().networks] == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]


def test_a_value_that_is_no_address_is_refused_by_name():
    with pytest.raises(ValueError, match="'10.0.0.0/33'.*不是 IP 地址或网段"):
        TrustedProxies.parse(["127.0.0.1", "10.0.0.0/33"])
