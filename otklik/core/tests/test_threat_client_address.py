"""The client's address: REMOTE_ADDR, unless a configured trusted proxy forwarded the request (X-Forwarded-For)."""

import pytest
from django.test import RequestFactory

from otklik.core.client_address import address_bucket, client_ip


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_an_untrusted_peer_cannot_name_another_address(settings):
    settings.OTKLIK_TRUSTED_PROXIES = []
    assert client_ip(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"
    settings.OTKLIK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from("198.51.100.7", "203.0.113.1, 10.0.0.3")) == "198.51.100.7"


def test_behind_trusted_proxies_the_first_untrusted_hop_from_the_right_is_the_client(settings):
    settings.OTKLIK_TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.10/32"]
    # The client wrote «1.2.3.4» itself; our proxies appended the address they saw and each other's.
    request = request_from("10.0.0.5", "1.2.3.4, 203.0.113.9, 192.0.2.10, 10.1.2.3")
    assert client_ip(request) == "203.0.113.9"
    assert client_ip(request_from("10.0.0.5", "203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_from("10.0.0.5")) == "10.0.0.5"  # a proxy's own call (a health check)
    assert client_ip(request_from("10.0.0.5", "10.0.0.9, 10.0.0.8")) == "10.0.0.9"  # all ours: the leftmost


def test_a_malformed_hop_falls_back_to_the_proxy_itself(settings):
    settings.OTKLIK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from("10.0.0.5", "203.0.113.9, not-an-address")) == "10.0.0.5"
    assert client_ip(request_from("10.0.0.5", "[2001:db8::1]:443, 10.0.0.7")) == "10.0.0.5"


def test_ipv6_trusted_proxies_and_clients(settings):
    settings.OTKLIK_TRUSTED_PROXIES = ["2001:db8:ffff::/48"]
    assert client_ip(request_from("2001:db8:ffff::2", "2001:db8:1:2::77")) == "2001:db8:1:2::77"


def test_limits_count_an_ipv6_client_by_its_network_not_by_each_address():
    """One IPv6 subscriber holds a whole /64: rotating inside it must not open new budgets."""
    assert address_bucket("2001:db8:1:2::1") == address_bucket("2001:db8:1:2:ffff:ffff:ffff:fffe")
    assert address_bucket("2001:db8:1:2::1") != address_bucket("2001:db8:1:3::1")
    assert address_bucket("203.0.113.9") != address_bucket("203.0.113.10")
    assert address_bucket("::ffff:203.0.113.9") == address_bucket("203.0.113.9")


@pytest.mark.parametrize("value", ["10.0.0.0/33", "proxy.internal", "10.0.0.0/8,"])
def test_a_wrong_trusted_proxy_setting_is_refused_at_start(value):
    from otklik.core.client_address import parse_trusted_proxies

    if value.endswith(","):
        assert [str(net) for net in parse_trusted_proxies(value.split(","))] == ["10.0.0.0/8"]
        return
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="OTKLIK_TRUSTED_PROXIES"):
        parse_trusted_proxies([value])
