"""Staff page of the organisation's API keys: who registered which application, and revoking a key."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.orgs.models import Organisation

from .models import ApiKey
from .selectors import api_keys_for_staff
from .services import api_key_revoke


def _keys(request: HttpRequest) -> tuple[Organisation, QuerySet[ApiKey]]:
    organisation = request.organisation  # type: ignore[attr-defined]
    if organisation is None:
        raise Http404
    try:
        return organisation, api_keys_for_staff(user=request.user, organisation=organisation)
    except PermissionDeniedError as exc:
        raise Http404 from exc


@login_required
def key_list(request: HttpRequest) -> HttpResponse:
    organisation, keys = _keys(request)
    return render(request, "api/key_list.html", {"organisation": organisation, "keys": keys})


@login_required
@require_POST
def key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _organisation, keys = _keys(request)
    key = keys.filter(pk=pk).first()
    if key is None:
        raise Http404
    try:
        api_key_revoke(actor=request.user, key=key)  # type: ignore[arg-type]
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Ключ %(p)s… отозван.") % {"p": key.prefix})
    return redirect("apikeys:list")
