"""The public «интернет-приёмная»: a citizen submits an appeal and sees its number and access code."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from otklik.appeals.models import Appeal
from otklik.appeals.services import Registration, appeal_register
from otklik.core.challenge import challenge_new
from otklik.core.client_address import client_ip
from otklik.core.errors import ApplicationError, RateLimitedError
from otklik.core.submission_limits import SubmissionGuard
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


STALE_FORM = gettext_lazy(
    "Эта форма уже была отправлена раньше (например, страница открыта кнопкой «Назад»). "
    "Проверьте обращение и отправьте его ещё раз."
)


@never_cache
def appeal_new(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    # Per address (trusted proxies only) and per e-mail; near the budget the form asks a question first.
    guard = SubmissionGuard("appeal", address=client_ip(request))
    form = AppealForm(request.POST, request.FILES) if request.method == "POST" else AppealForm()
    if guard.challenge_due():
        form.challenge_ask(challenge_new())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                guard.admit(email=form.cleaned_data["email"], reply=form.challenge_reply)
                registration = appeal_register(actor=None, organisation=organisation, intake=form.intake())
            except ApplicationError as exc:
                # A known key with another text is a stale form (the «Back» button), not a double submit.
                stale = exc.field == "submission_key"
                form.add_service_error(str(STALE_FORM) if stale else exc.message, exc.field)
                status = 429 if isinstance(exc, RateLimitedError) else 200
            else:
                _remember(request, registration)
                return redirect("portal:appeal_done", slug=organisation.slug, pk=registration.appeal.pk)
        if request.FILES:
            messages.warning(
                request, _("Введённое сохранено, но файлы браузер не сохраняет — приложите их ещё раз, пожалуйста.")
            )
    return render(request, "portal/appeal_new.html", {"organisation": organisation, "form": form}, status=status)


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
