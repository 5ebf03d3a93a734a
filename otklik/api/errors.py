"""One error format for the whole API: 4xx bodies are {"errors": [{"field": …, "message": …}]}."""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from otklik.core.errors import ApplicationError, PermissionDeniedError, RateLimitedError


def _flatten(detail: Any, field: str | None = None) -> list[dict[str, Any]]:
    if isinstance(detail, dict):
        items: list[dict[str, Any]] = []
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "detail") else (f"{field}.{key}" if field else str(key))
            items.extend(_flatten(value, name))
        return items
    if isinstance(detail, list):
        return [item for value in detail for item in _flatten(value, field)]
    return [{"field": field, "message": str(detail)}]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, PermissionDeniedError):
        return Response({"errors": [{"field": None, "message": exc.message}]}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, RateLimitedError):
        limited = Response({"errors": [{"field": exc.field, "message": exc.message}]}, status=429)
        limited["Retry-After"] = str(exc.retry_after)
        return limited
    if isinstance(exc, ApplicationError):
        return Response({"errors": [{"field": exc.field, "message": exc.message}]}, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = {"errors": _flatten(response.data)}
    return response
