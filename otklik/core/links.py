"""Public links: every address a person receives by mail or in a document is built here from PUBLIC_BASE_URL."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def public_url(path: str) -> str:
    """The absolute public address of a site path ("/o/minfin/"): a link without a host is useless in a letter."""
    base = str(settings.PUBLIC_BASE_URL or "").rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise ImproperlyConfigured("PUBLIC_BASE_URL (OTKLIK_PUBLIC_URL) must be an absolute http(s) address")
    if not path.startswith("/"):
        path = f"/{path}"
    return f"{base}{path}"
