"""Admin of the assignments room: route templates and control settings (configuration); the rest read-only."""

from django.contrib import admin

from otklik.core.admin import AuditedModelAdmin, ReadOnlyModelAdmin

from .models import Assignment, ControlSettings, RouteTemplate


@admin.register(RouteTemplate)
class RouteTemplateAdmin(AuditedModelAdmin):
    list_display = ("name", "organisation", "executor", "controller", "term_days", "is_active")
    list_filter = ("organisation", "is_active")
    filter_horizontal = ("co_executors",)
    search_fields = ("name",)


@admin.register(ControlSettings)
class ControlSettingsAdmin(AuditedModelAdmin):
    list_display = (
        "organisation",
        "weekly_digest_weekday",
        "weekly_digest_hour",
        "final_control_weekday",
        "final_control_hour",
    )


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyModelAdmin):
    """Assignments change only through services; the admin shows them."""

    list_display = ("pk", "organisation", "executor", "controller", "due_date", "status")
    list_filter = ("organisation", "status")
