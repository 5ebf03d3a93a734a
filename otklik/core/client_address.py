"""The client's network address: REMOTE_ADDR, or X-Forwarded-For only as far as our own trusted proxies wrote it."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_trusted_proxies(values: Iterable[str]) -> tuple[Network, ...]:
    """The proxies' networks from OTKLIK_TRUSTED_PROXIES (addresses or CIDRs); a wrong entry stops the start."""
    networks = []
    for value in values:
        value = value.strip()
        if not value:
            continue
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(f"OTKLIK_TRUSTED_PROXIES: {value!r} is not an address or a network") from exc
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_trusted_proxies(values)


def _address(value: str) -> Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address every limit counts: the peer itself, unless the peer is one of our trusted proxies.

    Behind trusted proxies X-Forwarded-For is read from the right: each proxy appends the address it saw, so the
    first hop that is not ours is the client. Anything further left was written by the client and is ignored.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    networks = _trusted(tuple(settings.OTKLIK_TRUSTED_PROXIES))
    peer = _address(remote)
    if peer is None or not networks or not _is_trusted(peer, networks):
        return remote
    hops = [hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",") if hop.strip()]
    client = peer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:  # our proxy would never write this: do not guess, count the proxy itself
            return remote
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)


def address_bucket(address: str) -> str:
    """What a per-address limit counts: the IPv4 address, or the /64 network of an IPv6 one (one subscriber)."""
    parsed = _address(address)
    if parsed is None:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def client_bucket(request: HttpRequest) -> str:
    """The per-address budget this request counts against."""
    return address_bucket(client_ip(request))
