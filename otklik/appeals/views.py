"""Staff pages of appeals: the queue with filters, staff registration, the card and its actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otklik.calendars.selectors import today_for
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation
from otklik.orgs.permissions import has_role

from . import selectors, services
from .choices import AppealStatus
from .forms import ExtendForm, ForwardForm, NoticeForm, QueueFilterForm, StaffRegistrationForm
from .models import Appeal
from .queries import OPEN_STATES, filtered_queue

PAGE_SIZE = 50
FORWARDER_ROLES = (RoleCode.REGISTRAR, *services.DECIDER_ROLES)
NOTICE_ROLES = (RoleCode.REGISTRAR, RoleCode.EXECUTOR, *services.DECIDER_ROLES)
ACTION_FORMS: dict[str, type[Form]] = {"extend": ExtendForm, "forward": ForwardForm, "notice": NoticeForm}


def _no_organisation(request: HttpRequest) -> HttpResponse:
    return render(request, "orgs/no_organisation.html", status=403)


def _staff_appeals(request: HttpRequest) -> tuple[Organisation, QuerySet[Appeal]] | None:
    """The current organisation and its appeals, or None when the person works in no organisation."""
    organisation = request.organisation  # type: ignore[attr-defined]
    if organisation is None:
        return None
    try:
        return organisation, selectors.appeals_for_staff(user=request.user, organisation=organisation)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc


def _days_left_text(days: int) -> str:
    if days < 0:
        return _("просрочено на %(n)s дн.") % {"n": -days}
    return _("осталось %(n)s дн.") % {"n": days}


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    found = _staff_appeals(request)
    if found is None:
        return _no_organisation(request)
    organisation, appeals = found
    today = today_for(organisation)
    form = QueueFilterForm(request.GET, organisation=organisation)
    queryset = filtered_queue(appeals.select_related("author", "unit", "executor"), form.filters(), today)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for appeal in page.object_list:
        governing: dt.date = appeal.governing
        days = (governing - today).days
        is_open = appeal.status in OPEN_STATES
        rows.append(
            {
                "appeal": appeal,
                "governing": governing,
                "days_left": days,
                "days_text": _days_left_text(days) if is_open else "—",
                "overdue": is_open and days < 0,
            }
        )
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "today": today,
        "can_register": has_role(request.user, organisation, *services.REGISTRAR_ROLES),
    }
    return render(request, "appeals/queue.html", context)


@login_required
def register(request: HttpRequest) -> HttpResponse:
    found = _staff_appeals(request)
    if found is None:
        return _no_organisation(request)
    organisation = found[0]
    if not has_role(request.user, organisation, *services.REGISTRAR_ROLES):
        raise PermissionDenied(_("Регистрировать обращения может регистратор или администратор организации."))
    form = StaffRegistrationForm(request.POST or None, request.FILES or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.appeal_register(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                **form.service_arguments(),
            )
        except ApplicationError as exc:
            form.add_service_error(exc.message, exc.field)
        else:
            appeal = registration.appeal
            if registration.duplicate:
                messages.info(request, _("Это обращение уже зарегистрировано: № %(n)s.") % {"n": appeal.number})
            else:
                messages.success(
                    request,
                    _("Обращение зарегистрировано: № %(n)s от %(d)s.")
                    % {"n": appeal.number, "d": appeal.registered_on.strftime("%d.%m.%Y")},
                )
            return redirect("appeals:card", pk=appeal.pk)
    return render(request, "appeals/register.html", {"form": form})


@login_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """An attached file, for members only (files are not served from a public media URL); an audited read."""
    try:
        appeal = selectors.appeal_for_staff(user=request.user, pk=pk)
    except PermissionDeniedError as exc:
        raise Http404 from exc
    found = next((item for item in appeal.attachments.all() if item.pk == attachment_id), None)
    if found is None or not found.file.storage.exists(found.file.name):
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


def _session_key(pk: int, action: str) -> str:
    return f"otklik_appeal_{pk}_{action}"


@login_required
def card(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        appeal = selectors.appeal_for_staff(user=request.user, pk=pk)
    except PermissionDeniedError as exc:
        raise Http404 from exc
    organisation = appeal.organisation
    today = today_for(organisation)
    governing = appeal.governing_due_date
    days = (governing - today).days
    is_open = appeal.status in OPEN_STATES
    # An action refused on its own page comes back here with what the person typed (see _act).
    kept = {action: request.session.pop(_session_key(pk, action), None) for action in ACTION_FORMS}
    forms = {
        action: form_class(kept[action], auto_id=f"{action}_%s") if kept[action] else form_class(auto_id=f"{action}_%s")
        for action, form_class in ACTION_FORMS.items()
    }
    for form in forms.values():
        if form.is_bound:
            form.is_valid()
    user = request.user
    context: dict[str, Any] = {
        "appeal": appeal,
        "today": today,
        "governing": governing,
        "days_left": days,
        "days_text": _days_left_text(days) if is_open else "",
        "overdue": is_open and days < 0,
        "is_open": is_open,
        "questions": list(appeal.questions.all()),
        "attachments": list(appeal.attachments.all()),
        "notices": list(appeal.notices.all()),
        "events": list(appeal.events.select_related("actor")),
        "extend_form": forms["extend"],
        "forward_form": forms["forward"],
        "notice_form": forms["notice"],
        "can_extend": is_open
        and appeal.extended_due_date is None
        and has_role(user, organisation, *services.DECIDER_ROLES),
        "can_forward": is_open and has_role(user, organisation, *FORWARDER_ROLES),
        "can_notice": appeal.status != AppealStatus.FORWARDED and has_role(user, organisation, *NOTICE_ROLES),
    }
    return render(request, "appeals/card.html", context)


def _form_problems(form: Form) -> str:
    problems = [
        f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    ]
    return " ".join(problems) or _("Проверьте заполнение формы.")


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Validate the action form, call its service, and go back to the card with the outcome."""
    appeal = Appeal.objects.select_related("organisation").filter(pk=pk).first()
    if appeal is None:
        raise Http404
    try:
        selectors.appeals_for_staff(user=request.user, organisation=appeal.organisation)
    except PermissionDeniedError as exc:
        raise Http404 from exc
    form = ACTION_FORMS[action](request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(_form_problems(form))
        data = form.cleaned_data
        actor: Any = request.user
        if action == "extend":
            appeal = services.appeal_extend(actor=actor, appeal=appeal, days=data["days"], reason=data["reason"])
            assert appeal.extended_due_date is not None
            messages.success(
                request,
                _("Срок рассмотрения продлён до %(d)s; автор уведомлён.")
                % {"d": appeal.extended_due_date.strftime("%d.%m.%Y")},
            )
        elif action == "forward":
            appeal = services.appeal_forward(actor=actor, appeal=appeal, to_body=data["to_body"], reason=data["reason"])
            messages.success(
                request, _("Обращение переадресовано в %(b)s; автор уведомлён.") % {"b": appeal.forwarded_to}
            )
        else:
            notice = services.appeal_notice_send(
                actor=actor, appeal=appeal, kind=data["kind"], explanation=data["explanation"]
            )
            messages.success(request, _("Уведомление направлено автору: %(k)s.") % {"k": notice.get_kind_display()})
    except ApplicationError as exc:
        messages.error(request, exc.message)
        request.session[_session_key(pk, action)] = {
            name: value for name, value in request.POST.items() if name != "csrfmiddlewaretoken"
        }
    return redirect("appeals:card", pk=pk)


@login_required
@require_POST
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "extend")


@login_required
@require_POST
def forward(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "forward")


@login_required
@require_POST
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "notice")
