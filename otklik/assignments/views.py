"""Staff pages of assignments: my tasks, the controller's tasks, the card with report and decision, the resolution
form, the breach memo, and the unit head's page with the period report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otklik.appeals import selectors as appeal_selectors
from otklik.calendars.selectors import today_for
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Membership
from otklik.orgs.permissions import has_role
from otklik.orgs.staff_access import StaffRequest, staff_view

from . import selectors, services
from .choices import AssignmentStatus, ReportDecision
from .documents import DOCX_TYPE, breach_memo_docx, period_report_docx
from .forms import DecisionForm, PeriodForm, ReportForm, ResolutionForm
from .models import AssignmentReport
from .sweeps import SPECIALIST_ROLES


@staff_view
def mine(request: StaffRequest) -> HttpResponse:
    """The executor's tasks «На исполнение» and «На исполнение (отчёт отклонён)», and the notices, new ones marked."""
    organisation = request.organisation
    tasks = list(selectors.my_tasks(user=request.user, organisation=organisation))
    notices = selectors.notices_for(user=request.user, organisation=organisation)
    services.notices_mark_read(actor=request.user, organisation=organisation)
    context = {"tasks": tasks, "notices": notices, "today": today_for(organisation)}
    return render(request, "assignments/mine.html", context)


@staff_view
def controlled(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    tasks = list(selectors.controlled_by(user=request.user, organisation=organisation))
    pending = {
        report.assignment_id: report
        for report in AssignmentReport.objects.filter(
            assignment__in=[t.pk for t in tasks], decision=ReportDecision.PENDING
        )
    }
    rows = [{"assignment": task, "report": pending.get(task.pk)} for task in tasks]
    return render(request, "assignments/controlled.html", {"rows": rows, "today": today_for(organisation)})


@staff_view(refusal=404)
def card(request: StaffRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_for_staff(user=request.user, pk=pk)
    organisation = assignment.organisation
    today = today_for(organisation)
    user = request.user
    reports = list(assignment.reports.all())
    pending = next((r for r in reports if r.decision == ReportDecision.PENDING), None)
    context: dict[str, Any] = {
        "assignment": assignment,
        "reports": reports,
        "pending": pending,
        "today": today,
        "overdue": assignment.is_open and assignment.due_date < today,
        "can_report": user.pk == assignment.executor_id
        and assignment.status in (AssignmentStatus.ISSUED, AssignmentStatus.REJECTED),
        "can_decide": pending is not None and user.pk == assignment.controller_id,
        "report_form": ReportForm(auto_id="report_%s"),
        "decision_form": DecisionForm(
            organisation=organisation, initial={"report": pending.pk if pending else None}, auto_id="decision_%s"
        ),
        "co_executors": list(assignment.co_executors.all()),
        "followers": list(assignment.followers.all()),
    }
    return render(request, "assignments/card.html", context)


@staff_view(refusal=404)
@require_POST
def report(request: StaffRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_for_staff(user=request.user, pk=pk)
    form = ReportForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ApplicationError(_("Напишите, что сделано по поручению."))
        services.assignment_report(
            actor=request.user,
            assignment=assignment,
            text=form.cleaned_data["text"],
            files=form.cleaned_data["attachments"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return render(
            request,
            "assignments/card.html",
            {"assignment": assignment, "reports": list(assignment.reports.all()), "report_form": form,
             "can_report": True, "today": today_for(assignment.organisation),
             "co_executors": list(assignment.co_executors.all())},
            status=400,
        )  # fmt: skip
    messages.success(request, _("Отчёт направлен контролёру на принятие."))
    return redirect("assignments:card", pk=pk)


@staff_view(refusal=404)
@require_POST
def decide(request: StaffRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_for_staff(user=request.user, pk=pk)
    form = DecisionForm(request.POST, organisation=assignment.organisation)
    try:
        if not form.is_valid():
            raise ApplicationError(_("Проверьте заполнение формы решения."))
        data = form.cleaned_data
        found = assignment.reports.filter(pk=data["report"]).first()
        if found is None:
            raise ApplicationError(_("Отчёт не найден."))
        actor = request.user
        if data["decision"] == "accept":
            services.report_accept(actor=actor, report=found)
            messages.success(request, _("Отчёт принят; поручение снято с контроля."))
        else:
            spec = None
            if data["new_executor"] is not None:
                spec = services.AssignmentSpec(
                    executor=data["new_executor"],
                    due_date=data["new_due_date"] or assignment.due_date,
                    text=data["new_text"] or assignment.text,
                    controller=assignment.controller,
                )
            services.report_reject(
                actor=actor,
                report=found,
                reason=data["reason"],
                new_due_date=None if spec else data["new_due_date"],
                new_assignment=spec,
            )
            messages.success(request, _("Отчёт отклонён; исполнитель получил задачу «На исполнение (отчёт отклонён)»."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("assignments:card", pk=pk)


@staff_view(roles=services.RESOLUTION_ROLES)
def resolution_new(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    appeal = None
    if appeal_pk := request.GET.get("appeal") or request.POST.get("appeal"):
        try:
            appeal = appeal_selectors.appeal_for_staff(user=request.user, pk=int(appeal_pk))
        except (PermissionDeniedError, ValueError) as exc:
            raise Http404 from exc
    form = ResolutionForm(request.POST or None, organisation=organisation, with_document=appeal is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        today = today_for(organisation)
        try:
            route = data["route"]
            base = (
                services.spec_from_route(route, today=today, limit=appeal.governing_due_date if appeal else None)
                if route
                else None
            )
            executor = data["executor"] or (base.executor if base else None)
            due = data["due_date"] or (base.due_date if base else None)
            if executor is None:
                raise ApplicationError(_("Назовите ответственного исполнителя."), field="executor")
            if due is None:
                raise ApplicationError(_("Укажите срок исполнения."), field="due_date")
            spec = services.AssignmentSpec(
                executor=executor,
                due_date=due,
                text=base.text if base else "",
                co_executors=tuple(data["co_executors"]) or (base.co_executors if base else ()),
                controller=data["controller"] or (base.controller if base else None),
            )
            resolution = services.resolution_create(
                actor=request.user,
                organisation=organisation,
                text=data["text"],
                assignments=[spec],
                appeal=appeal,
                document_kind=data.get("document_kind", ""),
                document_title=data.get("document_title", ""),
                submission_key=data["submission_key"],
            )
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Поручение выдано; исполнители уведомлены."))
            first = resolution.assignments.order_by("pk").first()
            return redirect("assignments:card", pk=first.pk) if first else redirect("assignments:controlled")
    return render(request, "assignments/resolution_form.html", {"form": form, "appeal": appeal})


@staff_view(refusal=404)
def memo(request: StaffRequest, pk: int) -> HttpResponse:
    """The draft memo about the breached deadline, for the responsible specialist (003 §11.5.1)."""
    assignment = selectors.assignment_for_staff(user=request.user, pk=pk)
    organisation = assignment.organisation
    today = today_for(organisation)
    if not (assignment.is_open and assignment.due_date < today):
        raise Http404
    specialist = None
    if has_role(request.user, organisation, *SPECIALIST_ROLES):
        specialist = request.user
    else:
        found = (
            Membership.objects.filter(organisation=organisation, is_active=True, roles__code__in=SPECIALIST_ROLES)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        specialist = found.user if found else None
    content = breach_memo_docx(assignment, today=today, specialist=specialist)
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="memo-assignment-{assignment.pk}.docx"'
    return response


@staff_view(refusal=404)
def report_file(request: StaffRequest, pk: int, file_id: int) -> FileResponse:
    assignment = selectors.assignment_for_staff(user=request.user, pk=pk)
    for item in assignment.reports.all():
        for stored in item.files.all():
            if stored.pk == file_id and stored.file.storage.exists(stored.file.name):
                return FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.name)
    raise Http404


def _period(request: HttpRequest, today: dt.date) -> PeriodForm:
    first = today.replace(day=1)
    form = PeriodForm(request.GET or {"start": first.isoformat(), "end": today.isoformat()})
    form.is_valid()
    return form


def _unit_context(request: StaffRequest) -> dict[str, Any]:
    organisation = request.organisation
    today = today_for(organisation)
    units = selectors.headed_units(user=request.user, organisation=organisation)
    form = _period(request, today)
    data = form.cleaned_data if not form.errors else {"start": today.replace(day=1), "end": today, "proposals": ""}
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit")), units[0] if units else None)
    workload = (
        selectors.unit_workload(
            user=request.user, organisation=organisation, unit=unit, start=data["start"], end=data["end"], today=today
        )
        if unit
        else []
    )
    return {
        "organisation": organisation, "units": units, "unit": unit, "form": form, "workload": workload,
        "start": data["start"], "end": data["end"], "proposals": data.get("proposals", ""), "today": today,
        "is_head": has_role(request.user, organisation, RoleCode.HEAD),
    }  # fmt: skip


@staff_view
def unit_page(request: StaffRequest) -> HttpResponse:
    """Internal control (004 App. 2 §6): the unit's open and completed work per employee."""
    context = _unit_context(request)
    if context["unit"] is not None:
        context["tasks"] = list(
            selectors.unit_tasks(
                organisation=context["organisation"], unit=context["unit"], start=context["start"], end=context["end"]
            )[:500]
        )
    return render(request, "assignments/unit.html", context)


@staff_view
def unit_report(request: StaffRequest) -> HttpResponse:
    context = _unit_context(request)
    unit = context["unit"]
    if unit is None:
        raise Http404
    content = period_report_docx(
        organisation=context["organisation"],
        unit=unit,
        start=context["start"],
        end=context["end"],
        workload=context["workload"],
        tasks=selectors.unit_tasks(
            organisation=context["organisation"], unit=unit, start=context["start"], end=context["end"]
        ).iterator(),
        today=context["today"],
        proposals=context["proposals"],
    )
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="unit-report-{unit.code}-{context["start"]}.docx"'
    return response
