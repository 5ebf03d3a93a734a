"""Staff page of the organisation's API keys: who registered which application, and revoking a key."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otklik.core.errors import ApplicationError
from otklik.orgs.staff_access import StaffRequest, staff_view

from .selectors import api_keys_for_staff
from .services import api_key_revoke


@staff_view(refusal=404)
def key_list(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    keys = api_keys_for_staff(user=request.user, organisation=organisation)
    return render(request, "api/key_list.html", {"organisation": organisation, "keys": keys})


@staff_view(refusal=404)
@require_POST
def key_revoke(request: StaffRequest, pk: int) -> HttpResponse:
    key = api_keys_for_staff(user=request.user, organisation=request.organisation).filter(pk=pk).first()
    if key is None:
        raise Http404
    try:
        api_key_revoke(actor=request.user, key=key)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Ключ %(p)s… отозван.") % {"p": key.prefix})
    return redirect("apikeys:list")
