"""Operational endpoints: /health/ for load balancers and monitoring, security.txt for vulnerability reports."""

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_report


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    report = health_report(ask_workers=request.GET.get("workers") == "1")
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


# RFC 9116 wants an expiry under a year away; the contact comes from the live settings, so the file never goes stale.
SECURITY_TXT_VALID_DAYS = 180


def security_contact_uri(contact: str) -> str:
    """A bare e-mail address becomes a mailto: URI; https: and other URIs stay as the operator wrote them."""
    return f"mailto:{contact}" if "@" in contact and ":" not in contact else contact


@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    """/.well-known/security.txt (RFC 9116): where to report a vulnerability (SECURITY_CONTACT)."""
    if not settings.SECURITY_CONTACT:
        raise Http404("SECURITY_CONTACT is not set")
    today = timezone.now().astimezone(dt.UTC).date()
    expires = dt.datetime.combine(today + dt.timedelta(days=SECURITY_TXT_VALID_DAYS), dt.time(), tzinfo=dt.UTC)
    lines = [f"Contact: {security_contact_uri(contact)}" for contact in settings.SECURITY_CONTACT]
    lines += [
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: ru, en",
        f"Canonical: {settings.PUBLIC_BASE_URL}/.well-known/security.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
