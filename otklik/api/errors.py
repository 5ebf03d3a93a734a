"""One error format for the whole API: every error body is {"errors": [{"field": …, "message": …}]}, 500 included."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.log import log_response
from django.views import defaults
from django.views.csrf import csrf_failure as django_csrf_failure
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from otklik.core.errors import ApplicationError, PermissionDeniedError, RateLimitedError

from .open311.writer import error as open311_error

API_PREFIX = "/api/"
OPEN311_PREFIX = "/open311/"


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


def _body(message: Any) -> dict[str, Any]:
    return {"errors": [{"field": None, "message": str(message)}]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    if isinstance(exc, PermissionDeniedError):
        return Response(_body(exc.message), status=status.HTTP_403_FORBIDDEN)
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
    # Anything else is our fault: the client gets the documented body, the log gets the traceback.
    set_rollback()
    response = Response(_body(exceptions.APIException.default_detail), status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    request = context.get("request")
    path = request.path if request is not None else "?"
    log_response("Internal Server Error: %s", path, response=response, request=request, exception=exc)
    return response


def _error_view(
    status_code: int, message: Callable[[Any], Any], html_view: Callable[..., HttpResponse]
) -> Callable[..., HttpResponse]:
    """A handler that answers the API's format under /api/, Open311's under /open311/, and the HTML page elsewhere."""

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        detail = args[0] if args else kwargs.get("exception", kwargs.get("reason", ""))
        if request.path.startswith(API_PREFIX):
            return JsonResponse(_body(message(detail)), status=status_code)
        if request.path.startswith(OPEN311_PREFIX):
            fmt = "xml" if request.path.endswith(".xml") else "json"
            return open311_error(fmt, status_code, str(message(detail)))
        return html_view(request, *args, **kwargs)

    return view


# Django's own error paths (the URL resolver's 404, a refused host, a CSRF failure, an exception outside DRF);
# the messages are DRF's, so that they read (and are translated) the same as the API's own errors.
bad_request = _error_view(400, lambda _: exceptions.ParseError.default_detail, defaults.bad_request)
permission_denied = _error_view(403, lambda _: exceptions.PermissionDenied.default_detail, defaults.permission_denied)
page_not_found = _error_view(404, lambda _: exceptions.NotFound.default_detail, defaults.page_not_found)
server_error = _error_view(500, lambda _: exceptions.APIException.default_detail, defaults.server_error)
csrf_failure = _error_view(403, lambda reason: f"CSRF Failed: {reason}", django_csrf_failure)
