"""DRF throttles that count the client's real address (core.client_address) and read their rates from settings."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from rest_framework import throttling
from rest_framework.request import Request

from otklik.core.client_address import client_bucket


def throttle_rate(scope: str) -> str | None:
    """The rate of `scope` from REST_FRAMEWORK at call time (DRF binds its table once at import)."""
    rates: dict[str, str | None] = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]  # type: ignore[assignment]
    if scope not in rates:
        raise ImproperlyConfigured(f"No throttle rate set for scope {scope!r} in REST_FRAMEWORK")
    return rates[scope]


class ClientAddressMixin:
    """Anonymous callers are told apart by the address our trusted proxies vouch for, never by a header they send."""

    scope: str | None

    def get_ident(self, request: Request) -> str:
        return client_bucket(request._request)

    def get_rate(self) -> str | None:
        return throttle_rate(self.scope) if self.scope else None


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(ClientAddressMixin, throttling.ScopedRateThrottle):
    pass
