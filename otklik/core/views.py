"""Operational endpoints: /health/ for load balancers and monitoring."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_report


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    report = health_report(ask_workers=request.GET.get("workers") == "1")
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
