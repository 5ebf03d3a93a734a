"""Public pages of an organisation: its card and its published touchpoint registry with versions and files."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from otklik.knowledge.selectors import published_faq
from otklik.orgs.models import Organisation
from otklik.orgs.selectors import channel_list, public_organisation
from otklik.touchpoints import selectors as registry
from otklik.touchpoints.exports import CONTENT_TYPES, EXPORTERS
from otklik.touchpoints.models import RegistryVersion
from otklik.touchpoints.snapshots import diff_snapshots, template_rows


def _organisation(slug: str) -> Organisation:
    organisation = public_organisation(slug)
    if organisation is None:
        raise Http404
    return organisation


def _version(organisation: Organisation, raw_number: str | None) -> RegistryVersion:
    number = None
    if raw_number:
        try:
            number = int(raw_number)
        except ValueError as exc:
            raise Http404 from exc
    version = registry.published_version(organisation, number)
    if version is None:
        raise Http404
    return version


def organisation_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    return render(
        request,
        "portal/organisation.html",
        {
            "organisation": organisation,
            "channels": channel_list(organisation),
            "version": registry.published_version(organisation),
        },
    )


def registry_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    version = _version(organisation, request.GET.get("version"))
    latest = registry.published_version(organisation)
    return render(
        request,
        "portal/registry.html",
        {
            "organisation": organisation,
            "version": version,
            "is_latest": latest is not None and latest.pk == version.pk,
            "rows": template_rows(version.snapshot),
            "versions": registry.published_versions(organisation),
            "formats": list(EXPORTERS),
        },
    )


def registry_diff(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    newer = _version(organisation, request.GET.get("to"))
    older_number = request.GET.get("from") or str(max(newer.number - 1, 1))
    older = _version(organisation, older_number)
    if older.number > newer.number:
        older, newer = newer, older
    return render(
        request,
        "portal/registry_diff.html",
        {
            "organisation": organisation,
            "older": older,
            "newer": newer,
            "diff": diff_snapshots(older.snapshot, newer.snapshot),
            "versions": registry.published_versions(organisation),
        },
    )


def registry_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    organisation = _organisation(slug)
    if fmt not in EXPORTERS:
        raise Http404
    version = _version(organisation, request.GET.get("version"))
    response = HttpResponse(EXPORTERS[fmt](version), content_type=CONTENT_TYPES[fmt])
    filename = f"registry-{organisation.slug}-v{version.number}.{fmt}"
    response["Content-Disposition"] = f'{"inline" if fmt in ("pdf", "json") else "attachment"}; filename="{filename}"'
    return response


LOW_VISION_COOKIE = "otklik_low_vision"


@require_POST
def view_mode_toggle(request: HttpRequest) -> HttpResponse:
    """Switch the low-vision mode (large type, high contrast) on or off; a cookie keeps it for a year."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    if request.POST.get("low_vision") == "1":
        response.set_cookie(LOW_VISION_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(LOW_VISION_COOKIE, samesite="Lax")
    return response


def faq_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    return render(request, "portal/faq.html", {"organisation": organisation, "entries": published_faq(organisation)})
