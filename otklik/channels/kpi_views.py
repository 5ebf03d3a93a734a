"""Staff pages of the contact-centre KPI board: figures per line and operator, weekly trend, XLSX and PDF exports."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from otklik.calendars.selectors import today_for
from otklik.orgs.staff_access import StaffRequest, staff_view

from .kpi import MONTH, PERIOD_LABELS, PERIODS
from .kpi_exports import XLSX_TYPE, board_pdf, board_sections, board_xlsx, export_name
from .kpi_selectors import KPI_ROLES, KpiBoard, kpi_board


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Период"), choices=[(code, PERIOD_LABELS[code]) for code in PERIODS])
    day = forms.DateField(label=_("Содержит день"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def _board(request: StaffRequest) -> tuple[PeriodForm, KpiBoard]:
    today = today_for(request.organisation)
    data = {"period": request.GET.get("period", MONTH), "day": request.GET.get("day", today.isoformat())}
    form = PeriodForm(data)
    period, day = (form.cleaned_data["period"], form.cleaned_data["day"]) if form.is_valid() else (MONTH, today)
    if not form.is_valid():
        form = PeriodForm({"period": MONTH, "day": today.isoformat()})
        form.is_valid()
    board = kpi_board(user=request.user, organisation=request.organisation, period=period, day=day)
    return form, board


def _query(board: KpiBoard) -> str:
    return f"period={board.period}&day={board.start:%Y-%m-%d}"


@staff_view(roles=KPI_ROLES)
def board(request: StaffRequest) -> HttpResponse:
    form, found = _board(request)
    step = {"day": 1, "week": 7}.get(found.period)
    previous = found.start - dt.timedelta(days=1)
    following = found.end + dt.timedelta(days=1) if step is None else found.start + dt.timedelta(days=step)
    return render(
        request,
        "channels/kpi/board.html",
        {
            "form": form,
            "board": found,
            "lines": board_sections(found),
            "query": _query(found),
            "previous": previous,
            "following": following,
            "period_label": PERIOD_LABELS[found.period],
        },
    )


@staff_view(roles=KPI_ROLES)
def board_xlsx_download(request: StaffRequest) -> HttpResponse:
    _form, found = _board(request)
    response = HttpResponse(board_xlsx(found), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_name(found)}.xlsx"'
    return response


@staff_view(roles=KPI_ROLES)
def board_pdf_download(request: StaffRequest) -> HttpResponse:
    _form, found = _board(request)
    response = HttpResponse(board_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{export_name(found)}.pdf"'
    return response
