"""Staff pages of analysis: the quarterly analysis of appeals with charts and its XLSX export."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otklik.calendars.selectors import today_for
from otklik.core.charts import bar_chart
from otklik.core.spreadsheets import Table, xlsx_tables
from otklik.orgs.staff_access import StaffRequest, staff_view

from .selectors import Analysis, quarterly_analysis

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class QuarterForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Год"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Квартал"), choices=[(q, f"{q}") for q in (1, 2, 3, 4)], coerce=int
    )


def _analysis(request: StaffRequest) -> tuple[QuarterForm, Analysis]:
    organisation = request.organisation
    today = today_for(organisation)
    previous = (today.month - 1) // 3 or 4
    initial = {"year": today.year if previous != 4 or today.month > 3 else today.year - 1, "quarter": previous}
    if (today.month - 1) // 3 == 0:
        initial = {"year": today.year - 1, "quarter": 4}
    form = QuarterForm(request.GET or {k: str(v) for k, v in initial.items()})
    year, quarter = (
        (form.cleaned_data["year"], form.cleaned_data["quarter"])
        if form.is_valid()
        else (initial["year"], initial["quarter"])
    )
    return form, quarterly_analysis(
        user=request.user, organisation=organisation, year=year, quarter=quarter, today=today
    )


@staff_view
def quarterly(request: StaffRequest) -> HttpResponse:
    form, analysis = _analysis(request)
    sections = [
        {"key": key, "title": title, "rows": rows, "chart": bar_chart(title, rows[:20]) if rows else ""}
        for key, title, rows in analysis.titled()
    ]
    return render(request, "reports/quarterly.html", {"form": form, "analysis": analysis, "sections": sections})


@staff_view
def quarterly_xlsx(request: StaffRequest) -> HttpResponse:
    _form, analysis = _analysis(request)
    summary = Table(
        _("Итого"),
        [_("Показатель"), _("Значение")],
        [
            [_("Организация"), str(analysis.organisation)],
            [_("Период"), f"{analysis.start:%d.%m.%Y} – {analysis.end:%d.%m.%Y}"],
            [_("Обращений и запросов"), analysis.total],
            [_("Повторных (тот же автор, тот же вопрос)"), analysis.repeated],
        ],
    )
    tables = [summary] + [
        Table(title[:31], [title, _("Количество")], [list(row) for row in rows])
        for _key, title, rows in analysis.titled()
    ]
    response = HttpResponse(xlsx_tables(tables), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="appeals-{analysis.year}-q{analysis.quarter}.xlsx"'
    return response
