"""Admin of the appeals room: numbering settings and typed-answer templates are edited here; appeals are read."""

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from otklik.core.admin import AuditedModelAdmin

from .models import AnswerTemplate, Appeal, AppealSettings, ClassifierNode
from .services import NUMBER_FORMATS


@admin.register(AppealSettings)
class AppealSettingsAdmin(AuditedModelAdmin):
    list_display = ["organisation", "appeal_number_format", "request_number_format"]

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        NUMBER_FORMATS.forget()  # this process at once, the others within the memo's minute

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        super().delete_model(request, obj)
        NUMBER_FORMATS.forget()


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(AuditedModelAdmin):
    list_display = ["organisation", "ground"]
    list_filter = ["organisation", "ground"]


@admin.register(ClassifierNode)
class ClassifierNodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "is_active", "edition"]
    list_filter = ["level", "is_active", "section_code"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # loaded by import_classifier only

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    """Read-only: appeals change only through the staff workspace, which enforces the law's rules."""

    list_display = ["number", "organisation", "kind", "channel", "registered_on", "due_date", "status"]
    list_filter = ["organisation", "kind", "channel", "status"]
    search_fields = ["number"]
    date_hierarchy = "registered_on"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
