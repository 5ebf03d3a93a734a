"""Staff pages of the contact centre: the call log, the call card, one call with «Зарегистрировать обращение»,
and the upload of a call log from the phone system."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otklik.core.errors import ApplicationError
from otklik.orgs.staff_access import StaffRequest, staff_view

from . import calls_selectors as selectors
from . import calls_services as services
from .calls_forms import CallAppealForm, CallFilterForm, CallForm, CallImportForm
from .calls_import import CSV_COLUMNS, calls_file_import
from .models import CallRecord

PAGE_SIZE = 50
ROLES = services.CALL_ROLES


@staff_view(roles=ROLES)
def calls(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    lines = selectors.lines_for(user=request.user, organisation=organisation)
    form = CallFilterForm(
        request.GET,
        lines=[(line.pk, line.name) for line in lines],
        operators=selectors.operator_choices(user=request.user, organisation=organisation),
    )
    chosen: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    page = selectors.calls_page(
        user=request.user,
        organisation=organisation,
        line_id=chosen.get("line"),
        operator_id=chosen.get("operator"),
        date_from=chosen.get("date_from"),
        date_to=chosen.get("date_to"),
        page=request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "channels/calls/list.html", {"form": form, "page": page, "query": query.urlencode()})


@staff_view(roles=ROLES)
def call_new(request: StaffRequest) -> HttpResponseBase:
    """The call card: logged during the call, with the greeting to say and the scripts for typical questions."""
    organisation = request.organisation
    lines = selectors.lines_for(user=request.user, organisation=organisation)
    initial: dict[str, Any] = {
        "started_at": timezone.localtime(timezone.now(), organisation.tz).replace(tzinfo=None, second=0, microsecond=0)
    }
    if "line" in request.GET:
        initial["line"] = lines.filter(code=request.GET["line"]).first()
    form = CallForm(request.POST or None, organisation=organisation, lines=lines, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record, is_new = services.call_record_create(
                actor=request.user,
                organisation=organisation,
                values=form.values(),
                submission_key=form.cleaned_data["submission_key"],
            )
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            if is_new:
                messages.success(request, _("Звонок внесён в журнал."))
            else:
                messages.info(request, _("Этот звонок уже был внесён."))
            return redirect("calls:detail", pk=record.pk)
    return render(
        request,
        "channels/calls/card.html",
        {
            "form": form,
            "greeting": selectors.greeting_for(user=request.user, organisation=organisation),
            "scripts": selectors.scripts_for(user=request.user, organisation=organisation),
        },
        status=400 if form.is_bound else 200,
    )


def _detail(request: StaffRequest, record: CallRecord, *, appeal_form: CallAppealForm | None = None) -> HttpResponse:
    if appeal_form is None:
        topic = f"\n{_('Тематика')}: {record.topic_code}" if record.topic_code else ""
        appeal_form = CallAppealForm(initial={"text": (record.notes + topic).strip()})
    return render(
        request,
        "channels/calls/detail.html",
        {"call": record, "appeal_form": appeal_form},
        status=400 if appeal_form.is_bound else 200,
    )


@staff_view(refusal=404)  # the selector asks the roles: anyone else is told the call does not exist
def call_detail(request: StaffRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.call_for_staff(user=request.user, organisation=request.organisation, pk=pk))


@require_POST
@staff_view(refusal=404)
def call_appeal(request: StaffRequest, pk: int) -> HttpResponseBase:
    """«Зарегистрировать обращение»: an appeal with channel «Телефон», linked to the call."""
    record = selectors.call_for_staff(user=request.user, organisation=request.organisation, pk=pk)
    form = CallAppealForm(request.POST)
    if form.is_valid():
        try:
            appeal = services.call_register_appeal(
                actor=request.user,
                call=record,
                author=form.author(),
                text=form.cleaned_data["text"],
                submission_key=form.cleaned_data["submission_key"],
            )
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Зарегистрировано обращение № %(n)s.") % {"n": appeal.number})
            return redirect("calls:detail", pk=record.pk)
    return _detail(request, record, appeal_form=form)


@staff_view(roles=ROLES)
def calls_upload(request: StaffRequest) -> HttpResponseBase:
    form = CallImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = calls_file_import(
                actor=request.user,
                organisation=request.organisation,
                stream=upload.file,
                file_name=upload.name,
                file_format=form.cleaned_data["file_format"],
            )
        except ApplicationError as exc:
            form.add_service_error(exc)
            errors = list(exc.extra.get("errors") or [])
        else:
            messages.success(
                request,
                _("Загружено звонков: %(n)s; уже были загружены раньше: %(k)s.")
                % {"n": result.created, "k": result.already_loaded},
            )
            return redirect("calls:import")
    return render(
        request,
        "channels/calls/import.html",
        {"form": form, "errors": errors, "columns": CSV_COLUMNS},
        status=400 if form.errors else 200,
    )
