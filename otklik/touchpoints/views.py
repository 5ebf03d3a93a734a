"""Staff pages of the registry: the live registry, proposals and their review, versions and publication."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otklik.calendars.selectors import calendar_for, today_for
from otklik.core.errors import ApplicationError
from otklik.orgs.permissions import has_role
from otklik.orgs.staff_access import StaffRequest, staff_view

from . import selectors, services
from .choices import ChangeKind, ChangeStatus
from .forms import ReturnForm, TouchpointProposalForm
from .models import ChangeRequest
from .snapshots import build_snapshot, field_changes, template_rows
from .validation import completeness_problems, touchpoint_data


@staff_view
def registry_home(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    today = today_for(organisation)
    calendar = calendar_for(organisation)
    pending = selectors.pending_publications(user=request.user, organisation=organisation)
    context = {
        "rows": template_rows(build_snapshot(organisation)),
        "pending": [
            {
                "version": version,
                "overdue": selectors.version_is_overdue(version, today),
                "days_left": calendar.working_days_between(today, version.publish_due),
            }
            for version in pending
        ],
        "versions": selectors.staff_versions(user=request.user, organisation=organisation)[:20],
        "open_changes": selectors.open_change_count(organisation),
        "can_review": services.can_review(request.user, organisation),
        "can_propose": has_role(request.user, organisation, *services.PROPOSER_ROLES),
    }
    return render(request, "touchpoints/registry_home.html", context)


@staff_view
def change_list(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    status = request.GET.get("status") or None
    if status not in (None, *ChangeStatus.values):
        status = None
    changes = selectors.change_queue(user=request.user, organisation=organisation, status=status)[:200]
    return render(
        request,
        "touchpoints/change_list.html",
        {"changes": changes, "status": status, "statuses": ChangeStatus.choices},
    )


@staff_view
def change_new(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    kind = request.GET.get("kind", ChangeKind.INCLUDE)
    if kind not in ChangeKind.values:
        raise Http404
    touchpoint = None
    if kind != ChangeKind.INCLUDE:
        touchpoint = (
            selectors.live_touchpoints(user=request.user, organisation=organisation)
            .filter(pk=request.GET.get("touchpoint") or 0)
            .first()
        )
        if touchpoint is None:
            messages.error(request, _("Выберите точку взаимодействия в перечне."))
            return redirect("registry:home")
    form = TouchpointProposalForm(request.POST or None, organisation=organisation, touchpoint=touchpoint)
    if request.method == "POST":
        justification = request.POST.get("justification", "")
        if kind == ChangeKind.EXCLUDE or form.is_valid():
            try:
                change = services.registry_change_propose(
                    actor=request.user,
                    organisation=organisation,
                    kind=kind,
                    data=form.touchpoint_data() if kind != ChangeKind.EXCLUDE else None,
                    touchpoint=touchpoint,
                    process=form.cleaned_data.get("process") if kind != ChangeKind.EXCLUDE else None,
                    new_process_name=form.cleaned_data.get("new_process_name", "")
                    if kind != ChangeKind.EXCLUDE
                    else "",
                    justification=justification,
                    submission_key=request.POST.get("submission_key", ""),
                )
            except ApplicationError as exc:
                if kind == ChangeKind.EXCLUDE:
                    messages.error(request, exc.message)
                else:
                    form.add_problems(exc.extra.get("problems", []), exc.message, exc.field)
            else:
                messages.success(request, _("Предложение № %(n)s отправлено уполномоченному лицу.") % {"n": change.pk})
                return redirect("registry:change", pk=change.pk)
    return render(
        request,
        "touchpoints/change_form.html",
        {"form": form, "kind": kind, "kind_label": ChangeKind(kind).label, "touchpoint": touchpoint},
    )


def _change(request: StaffRequest, pk: int) -> ChangeRequest:
    change = selectors.change_for_staff(user=request.user, organisation=request.organisation, pk=pk)
    if change is None:
        raise Http404
    return change


@staff_view
def change_detail(request: StaffRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    change = _change(request, pk)
    problems = completeness_problems(change.data) if change.kind != ChangeKind.EXCLUDE else []
    after = dict(change.data)
    if change.kind != ChangeKind.EXCLUDE:
        after["process"] = (
            change.process.name
            if change.process
            else change.new_process_name or (change.touchpoint.process.name if change.touchpoint else "")
        )
    before = dict(change.base or {})
    if change.touchpoint is not None:
        before["process"] = change.touchpoint.process.name
    stale = (
        change.status == ChangeStatus.SUBMITTED
        and change.touchpoint is not None
        and change.kind != ChangeKind.INCLUDE
        and touchpoint_data(change.touchpoint) != change.base
    )
    context = {
        "change": change,
        "changes": field_changes(change.base, after) if change.kind != ChangeKind.EXCLUDE else [],
        "problems": problems,
        "blocking": any(problem.blocking for problem in problems),
        "stale": stale,
        "return_form": ReturnForm(),
        "can_review": services.can_review(request.user, organisation) and change.status == ChangeStatus.SUBMITTED,
        "is_author": change.author_id == request.user.pk,
    }
    return render(request, "touchpoints/change_detail.html", context)


@staff_view
def change_edit(request: StaffRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    change = _change(request, pk)
    if change.author_id != request.user.pk or change.status != ChangeStatus.RETURNED:
        messages.error(request, _("Доработать можно только своё возвращённое предложение."))
        return redirect("registry:change", pk=pk)
    form = TouchpointProposalForm(
        request.POST or None,
        organisation=organisation,
        touchpoint=change.touchpoint,
        initial={**_initial_from(change)},
    )
    if request.method == "POST" and (change.kind == ChangeKind.EXCLUDE or form.is_valid()):
        try:
            services.registry_change_resubmit(
                actor=request.user,
                change=change,
                data=form.touchpoint_data() if change.kind != ChangeKind.EXCLUDE else None,
                process=form.cleaned_data.get("process") if change.kind != ChangeKind.EXCLUDE else None,
                new_process_name=form.cleaned_data.get("new_process_name", "")
                if change.kind != ChangeKind.EXCLUDE
                else "",
                justification=request.POST.get("justification", ""),
            )
        except ApplicationError as exc:
            form.add_problems(exc.extra.get("problems", []), exc.message, exc.field)
        else:
            messages.success(request, _("Предложение доработано и снова отправлено на проверку."))
            return redirect("registry:change", pk=pk)
    return render(
        request,
        "touchpoints/change_form.html",
        {
            "form": form,
            "kind": change.kind,
            "kind_label": change.get_kind_display(),
            "touchpoint": change.touchpoint,
            "change": change,
        },
    )


def _initial_from(change: ChangeRequest) -> dict[str, object]:
    data = change.data
    if not data:
        return {"justification": change.justification}
    return {
        **{key: data[key] for key in data if key != "needs"},
        "needs": sorted({need["code"] for need in data["needs"]}),
        "other_need": next((need["text"] for need in data["needs"] if need["code"] == "other"), ""),
        "process": change.process_id,
        "new_process_name": change.new_process_name,
        "justification": change.justification,
    }


@staff_view
@require_POST
def change_decide(request: StaffRequest, pk: int, decision: str) -> HttpResponse:
    change = _change(request, pk)
    try:
        if decision == "approve":
            version = services.registry_change_approve(actor=request.user, change=change)
            messages.success(
                request,
                _("Изменение включено в перечень: версия %(n)s. Опубликуйте её не позднее %(due)s.")
                % {"n": version.number, "due": version.publish_due.strftime("%d.%m.%Y")},
            )
        elif decision == "return":
            form = ReturnForm(request.POST)
            comment = form.data.get("comment", "")
            services.registry_change_return(actor=request.user, change=change, comment=comment)
            messages.success(request, _("Предложение возвращено автору на доработку."))
        elif decision == "withdraw":
            services.registry_change_withdraw(actor=request.user, change=change)
            messages.success(request, _("Предложение отозвано."))
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("registry:change", pk=pk)


@staff_view
@require_POST
def version_publish(request: StaffRequest, number: int) -> HttpResponse:
    organisation = request.organisation
    version = selectors.version_for_staff(user=request.user, organisation=organisation, number=number)
    if version is None:
        raise Http404
    try:
        services.registry_version_publish(actor=request.user, version=version)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Версия %(n)s опубликована на портале.") % {"n": version.number})
    return redirect("registry:home")


@staff_view
def principles(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    report = selectors.principle_report(user=request.user, organisation=organisation)
    return render(request, "touchpoints/principles.html", {"report": report})
