"""Admin of the assignments room: route templates and control settings (configuration); the rest read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from otklik.core.admin import AuditedModelAdmin, ReadOnlyModelAdmin, ServiceCheckedForm, SettingsRowAdmin, admin_actor

from .models import Assignment, ControlSettings, RouteTemplate
from .services import CONTROL_SETTING_FIELDS, control_settings_check, control_settings_update


@admin.register(RouteTemplate)
class RouteTemplateAdmin(AuditedModelAdmin):
    list_display = ("name", "organisation", "executor", "controller", "term_days", "is_active")
    list_filter = ("organisation", "is_active")
    filter_horizontal = ("co_executors",)
    search_fields = ("name",)


def _control_values(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in CONTROL_SETTING_FIELDS if data.get(name) is not None}


class ControlSettingsForm(ServiceCheckedForm):
    class Meta:
        model = ControlSettings
        fields = ["organisation", *CONTROL_SETTING_FIELDS]

    def service_check(self, data: dict[str, Any]) -> None:
        organisation = data.get("organisation") or self.instance.organisation
        control_settings_check(actor=self.actor, organisation=organisation, values=_control_values(data))


@admin.register(ControlSettings)
class ControlSettingsAdmin(SettingsRowAdmin):
    """Saves through control_settings_update, which validates and audits (a row is changed, never removed)."""

    form = ControlSettingsForm
    list_display = (
        "organisation",
        "weekly_digest_weekday",
        "weekly_digest_hour",
        "final_control_weekday",
        "final_control_hour",
    )

    def save_settings(self, request: HttpRequest, obj: ControlSettings, form: Any) -> ControlSettings:
        control_settings_update(
            actor=admin_actor(request),
            organisation=obj.organisation,
            values=_control_values(form.cleaned_data),
        )
        return ControlSettings.objects.get(organisation=obj.organisation)


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyModelAdmin):
    """Assignments change only through services; the admin shows them."""

    list_display = ("pk", "organisation", "executor", "controller", "due_date", "status")
    list_filter = ("organisation", "status")
