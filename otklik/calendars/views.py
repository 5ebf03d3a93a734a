"""The calendar page: a year of the organisation's production calendar, its corrections and a term calculator."""

import calendar as pycalendar

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otklik.core.errors import ApplicationError
from otklik.orgs.choices import RoleCode
from otklik.orgs.permissions import has_role
from otklik.orgs.staff_access import StaffRequest, staff_view

from .forms import CorrectionForm, TermForm
from .models import CalendarCorrection
from .selectors import calendar_for, corrections_for, today_for
from .services import calendar_correction_delete, calendar_correction_set

MONTHS = [
    _("Январь"),
    _("Февраль"),
    _("Март"),
    _("Апрель"),
    _("Май"),
    _("Июнь"),
    _("Июль"),
    _("Август"),
    _("Сентябрь"),
    _("Октябрь"),
    _("Ноябрь"),
    _("Декабрь"),
]


@staff_view
def year_view(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    today = today_for(organisation)
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2100)
    work_calendar = calendar_for(organisation)
    corrected = {c.date for c in corrections_for(organisation, year=year)}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append(
                [
                    {
                        "date": day,
                        "in_month": day.month == month,
                        "working": work_calendar.is_working_day(day),
                        "weekend": day.weekday() >= 5,
                        "corrected": day in corrected,
                        "today": day == today,
                    }
                    for day in week
                ]
            )
        working = sum(1 for week in weeks for day in week if day["in_month"] and day["working"])
        months.append({"name": MONTHS[month - 1], "weeks": weeks, "working_days": working})

    term_form = TermForm(request.GET if "count" in request.GET else None)
    term_result = None
    if term_form.is_bound and term_form.is_valid():
        data = term_form.cleaned_data
        if data["unit"] == "days":
            term_result = work_calendar.add_calendar_days(data["start"], data["count"], organisation.term_end_policy)
        else:
            term_result = work_calendar.add_working_days(data["start"], data["count"])
    context = {
        "year": year,
        "months": months,
        "working_days_in_year": work_calendar.working_days_in_year(year),
        "corrections": corrections_for(organisation, year=year),
        "term_form": term_form,
        "term_result": term_result,
        "correction_form": CorrectionForm(),
        "can_correct": has_role(request.user, organisation, RoleCode.ADMINISTRATOR),
    }
    return render(request, "calendars/year.html", context)


@staff_view
@require_POST
def correction_add(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    form = CorrectionForm(request.POST)
    year = today_for(organisation).year
    if form.is_valid():
        year = form.cleaned_data["date"].year
        try:
            calendar_correction_set(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Поправка сохранена."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return _back_to_year(year)


@staff_view
@require_POST
def correction_delete(request: StaffRequest, pk: int) -> HttpResponse:
    correction = get_object_or_404(CalendarCorrection, pk=pk, organisation=request.organisation)
    year = correction.date.year
    try:
        calendar_correction_delete(actor=request.user, correction=correction)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Поправка удалена."))
    return _back_to_year(year)


def _back_to_year(year: int) -> HttpResponse:
    return redirect(f"{reverse('calendars:year')}?year={year}")
