"""The public «интернет-приёмная»: a citizen submits an appeal and sees its number and access code."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from otklik.appeals.models import Appeal
from otklik.appeals.services import Registration, appeal_register
from otklik.core.errors import ApplicationError
from otklik.orgs.models import Organisation
from otklik.orgs.selectors import public_organisation

from .appeal_forms import AppealForm


def _organisation(slug: str) -> Organisation:
    organisation = public_organisation(slug)
    if organisation is None:
        raise Http404
    return organisation


def _session_key(appeal_id: int) -> str:
    return f"portal.appeal.{appeal_id}"


def _remember(request: HttpRequest, registration: Registration) -> None:
    """This browser may see the confirmation; a repeated submit keeps the code the first one stored."""
    appeal = registration.appeal
    key = _session_key(appeal.pk)
    if registration.duplicate and key in request.session:
        return
    request.session[key] = {
        "number": appeal.number,
        "code": registration.access_code,
        "due": appeal.due_date.isoformat(),
    }


def _fresh_form(request: HttpRequest) -> AppealForm:
    data = request.POST.copy()
    data["submission_key"] = uuid.uuid4().hex
    form = AppealForm(data)
    form.is_valid()
    form.add_error(
        None,
        _(
            "Эта форма уже была отправлена раньше (например, страница открыта кнопкой «Назад»). "
            "Проверьте обращение и отправьте его ещё раз."
        ),
    )
    return form


@never_cache
def appeal_new(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    if request.method == "POST":
        form = AppealForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                registration = appeal_register(actor=None, organisation=organisation, intake=form.intake())
            except ApplicationError as exc:
                if exc.field == "submission_key":  # a stale form (the «Back» button), not a double submit
                    form = _fresh_form(request)
                else:
                    form.add_service_error(exc)
            else:
                _remember(request, registration)
                return redirect("portal:appeal_done", slug=organisation.slug, pk=registration.appeal.pk)
        if request.FILES:
            messages.warning(
                request, _("Введённое сохранено, но файлы браузер не сохраняет — приложите их ещё раз, пожалуйста.")
            )
    else:
        form = AppealForm()
    return render(request, "portal/appeal_new.html", {"organisation": organisation, "form": form})


@never_cache
def appeal_done(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Only the browser that submitted the appeal sees this page."""
    organisation = _organisation(slug)
    stored = request.session.get(_session_key(pk))
    if not isinstance(stored, dict):
        raise Http404
    appeal = Appeal.objects.select_related("author").filter(pk=pk, organisation=organisation).first()
    if appeal is None:
        raise Http404
    return render(
        request,
        "portal/appeal_done.html",
        {"organisation": organisation, "appeal": appeal, "code": stored.get("code"), "email": appeal.author.email},
    )
