"""Authentication and throttling by a client application's API key (`Authorization: Api-Key …` or `X-Api-Key`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiKey
from .services import api_key_hash, api_key_touch
from .throttling import ClientAddressMixin


class ApiKeyClient:
    """The caller behind an API key: an application, never a staff user (no memberships, no roles)."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def __init__(self, key: ApiKey):
        self.key = key

    def __str__(self) -> str:
        return str(self.key)

    def get_username(self) -> str:
        return f"api-key:{self.key.prefix}"


def raw_key_from(request: Request) -> str | None:
    header = str(request.META.get("HTTP_AUTHORIZATION", ""))
    if header.startswith("Api-Key "):
        return header[len("Api-Key ") :].strip()
    return request.META.get("HTTP_X_API_KEY") or None


def active_key(raw: str) -> ApiKey | None:
    return ApiKey.objects.select_related("organisation").filter(key_hash=api_key_hash(raw), revoked_at=None).first()


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        raw = raw_key_from(request)
        if not raw:
            return None
        key = active_key(raw)
        if key is None:
            raise exceptions.AuthenticationFailed("Ключ API неизвестен или отозван.")
        api_key_touch(key)
        return ApiKeyClient(key), key

    def authenticate_header(self, request: Request) -> str:
        return "Api-Key"


class HasApiKey(BasePermission):
    message = "Нужен ключ API: заголовок «Authorization: Api-Key …» или «X-Api-Key»."

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, ApiKey)


def key_rate() -> str:
    rates: dict[str, str] = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]  # type: ignore[assignment]
    return rates["api_key"]


class ApiKeyRateThrottle(ClientAddressMixin, SimpleRateThrottle):
    """A budget of calls per key (API_THROTTLE_KEY), apart from the anonymous and staff budgets."""

    scope = "api_key"

    def get_rate(self) -> str | None:
        return key_rate()

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiKey):
            return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ApiKeyScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]  # drf-spectacular's registry hook is untyped
    target_class = "otklik.api.keys.ApiKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "header", "name": "X-Api-Key"}
