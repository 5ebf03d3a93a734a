"""The developer page of an organisation: register an application and get an API key at once (shown once)."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otklik.api.services import api_key_issue
from otklik.core.client_address import client_bucket
from otklik.core.errors import ApplicationError
from otklik.core.forms import SubmissionKeyForm
from otklik.core.ratelimit import over_limit
from otklik.orgs.selectors import public_organisation

KEYS_PER_HOUR = 20


class ApplicationForm(SubmissionKeyForm):
    name = forms.CharField(label=gettext_lazy("Название приложения"), max_length=200)
    contact_email = forms.EmailField(
        label=gettext_lazy("Электронная почта разработчика"),
        help_text=gettext_lazy("По ней организация свяжется с вами, если с ключом что-то не так."),
    )


def _too_many(request: HttpRequest) -> bool:
    return over_limit(f"portal-keys:{client_bucket(request)}", limit=KEYS_PER_HOUR, seconds=3600)


def developers_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = public_organisation(slug)
    if organisation is None:
        raise Http404
    form = ApplicationForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        if _too_many(request):
            form.add_error(None, _("Слишком много ключей с одного адреса. Попробуйте через час."))
        else:
            try:
                issued = api_key_issue(organisation=organisation, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_service_error(exc)
            else:
                form = ApplicationForm()
    base = request.build_absolute_uri("/")[:-1]
    return render(
        request,
        "portal/developers.html",
        {"organisation": organisation, "form": form, "issued": issued, "base": base},
    )
