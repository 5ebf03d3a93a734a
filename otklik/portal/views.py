"""Public pages of an organisation: its card and its published touchpoint registry with versions and files."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

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
