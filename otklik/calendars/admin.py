"""Admin of calendar corrections; writes go through the calendar services."""

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from .models import CalendarCorrection
from .services import calendar_correction_delete, calendar_correction_set


@admin.register(CalendarCorrection)
class CalendarCorrectionAdmin(admin.ModelAdmin[CalendarCorrection]):
    list_display = ["date", "organisation", "is_working_day", "reason"]
    list_filter = ["organisation", "is_working_day"]
    date_hierarchy = "date"

    def save_model(self, request: HttpRequest, obj: CalendarCorrection, form: ModelForm[Any], change: bool) -> None:
        saved = calendar_correction_set(
            actor=request.user,
            organisation=obj.organisation,
            date=obj.date,
            is_working_day=obj.is_working_day,
            reason=obj.reason,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: CalendarCorrection) -> None:
        calendar_correction_delete(actor=request.user, correction=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for correction in queryset:
            self.delete_model(request, correction)
