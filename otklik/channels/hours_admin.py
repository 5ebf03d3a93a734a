"""Admin of the channels room's working schedules: every save goes through working_schedule_set."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from otklik.core.admin import ServiceCheckedForm, SettingsRowAdmin, admin_actor
from otklik.core.errors import ApplicationError
from otklik.orgs.choices import RoleCode
from otklik.orgs.permissions import has_role

from .hours_services import working_schedule_check, working_schedule_remove, working_schedule_set
from .models import WorkingSchedule
from .models.hours import DAY_PARTS, DAY_PREFIXES
from .working_hours import DayHours, WeeklyHours

DAY_TITLES = (
    _("Понедельник"),
    _("Вторник"),
    _("Среда"),
    _("Четверг"),
    _("Пятница"),
    _("Суббота"),
    _("Воскресенье"),
)


def weekly_hours_from_form(data: dict[str, Any]) -> WeeklyHours:
    """The form's 28 time fields as WeeklyHours; a day with neither start nor end is a day off."""
    days: list[DayHours | None] = []
    for weekday, prefix in enumerate(DAY_PREFIXES):
        start: dt.time | None = data.get(f"{prefix}_start")
        end: dt.time | None = data.get(f"{prefix}_end")
        break_start: dt.time | None = data.get(f"{prefix}_break_start")
        break_end: dt.time | None = data.get(f"{prefix}_break_end")
        if start is None and end is None:
            if break_start is not None or break_end is not None:
                raise ApplicationError(
                    gettext("%(day)s: перерыв указан, а начало и окончание рабочего дня — нет.")
                    % {"day": DAY_TITLES[weekday]},
                    field=f"{prefix}_start",
                )
            days.append(None)
            continue
        if start is None or end is None:
            raise ApplicationError(
                gettext("%(day)s: укажите и начало, и окончание рабочего дня (или оставьте оба пустыми — выходной).")
                % {"day": DAY_TITLES[weekday]},
                field=f"{prefix}_start" if start is None else f"{prefix}_end",
            )
        days.append(DayHours(start, end, break_start, break_end))
    return WeeklyHours(days=tuple(days), around_the_clock=bool(data.get("around_the_clock")))


class WorkingScheduleForm(ServiceCheckedForm):
    class Meta:
        model = WorkingSchedule
        fields = [
            "organisation",
            "channel",
            "around_the_clock",
            "source",
            *(f"{prefix}_{part}" for prefix in DAY_PREFIXES for part in DAY_PARTS),
        ]

    def service_check(self, data: dict[str, Any]) -> None:
        working_schedule_check(
            actor=self.actor,
            organisation=data.get("organisation") or self.instance.organisation,
            channel=data.get("channel") if "channel" in data else self.instance.channel,
            hours=weekly_hours_from_form(data),
            source=data.get("source") or "",
        )


@admin.register(WorkingSchedule)
class WorkingScheduleAdmin(SettingsRowAdmin):
    form = WorkingScheduleForm
    list_display = ["organisation", "channel", "around_the_clock", "source"]
    list_filter = ["around_the_clock"]
    fieldsets: ClassVar[Any] = [
        (None, {"fields": ["organisation", "channel", "around_the_clock", "source"]}),
        *[
            (title, {"fields": [tuple(f"{prefix}_{part}" for part in DAY_PARTS)]})
            for prefix, title in zip(DAY_PREFIXES, DAY_TITLES, strict=True)
        ],
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["organisation", "channel"] if obj is not None else []

    def save_settings(self, request: HttpRequest, obj: WorkingSchedule, form: Any) -> WorkingSchedule:
        saved, _changed = working_schedule_set(
            actor=admin_actor(request),
            organisation=obj.organisation,
            channel=obj.channel,
            hours=weekly_hours_from_form(form.cleaned_data),
            source=form.cleaned_data.get("source") or "",
        )
        return saved

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Only a channel's own schedule goes (the channel then follows the body's), by the body's administrator."""
        if obj is None:
            return super(SettingsRowAdmin, self).has_delete_permission(request)
        return (
            obj.channel_id is not None
            and super(SettingsRowAdmin, self).has_delete_permission(request, obj)
            and has_role(request.user, obj.organisation, RoleCode.ADMINISTRATOR)
        )

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one by one, so each is checked and audited by the service
        return actions

    def delete_model(self, request: HttpRequest, obj: WorkingSchedule) -> None:
        working_schedule_remove(actor=admin_actor(request), schedule=obj)
