"""Staff page of the organisation's API keys: who registered which application, and revoking a key."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otklik.core.errors import ApplicationError
from otklik.orgs.models import Organisation
from otklik.orgs.permissions import has_role

from .models import ApiKey
from .services import REVOKER_ROLES, api_key_revoke


def _organisation(request: HttpRequest) -> Organisation:
    organisation = request.organisation  # type: ignore[attr-defined]
    if organisation is None or not has_role(request.user, organisation, *REVOKER_ROLES):
        raise Http404
    return organisation


@login_required
def key_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    keys = ApiKey.objects.filter(organisation=organisation)
    return render(request, "api/key_list.html", {"organisation": organisation, "keys": keys})


@login_required
@require_POST
def key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request)
    key = ApiKey.objects.filter(organisation=organisation, pk=pk).first()
    if key is None:
        raise Http404
    try:
        api_key_revoke(actor=request.user, key=key)  # type: ignore[arg-type]
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Ключ %(p)s… отозван.") % {"p": key.prefix})
    return redirect("apikeys:list")
