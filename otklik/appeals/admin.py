"""Admin of the appeals room: numbering settings and typed-answer templates are edited here; appeals are read."""

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from otklik.core.admin import AuditedModelAdmin, PersonalDataReadAdmin, ReadOnlyModelAdmin

from .models import AnswerTemplate, Appeal, AppealSettings, Author, ClassifierNode
from .services import NUMBER_FORMATS


@admin.register(AppealSettings)
class AppealSettingsAdmin(AuditedModelAdmin):
    list_display = ["organisation", "appeal_number_format", "request_number_format"]

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm[Any], change: bool) -> None:
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
class ClassifierNodeAdmin(ReadOnlyModelAdmin):
    """Loaded by import_classifier only."""

    list_display = ["code", "name", "level", "is_active", "edition"]
    list_filter = ["level", "is_active", "section_code"]
    search_fields = ["code", "name"]
    allow_delete = True


@admin.register(Appeal)
class AppealAdmin(PersonalDataReadAdmin, ReadOnlyModelAdmin):
    """Read-only: appeals change only through the staff workspace, which enforces the law's rules; reads are logged."""

    list_display = ["number", "organisation", "kind", "channel", "registered_on", "due_date", "status"]
    list_filter = ["organisation", "kind", "channel", "status"]
    list_select_related = ["organisation"]
    search_fields = ["number"]
    date_hierarchy = "registered_on"


@admin.register(Author)
class AuthorAdmin(PersonalDataReadAdmin, ReadOnlyModelAdmin):
    """Read-only: authors are written by registration only; every page that shows them is a logged read."""

    list_display = ["__str__", "organisation", "kind", "email", "phone"]
    list_filter = ["organisation", "kind"]
    list_select_related = ["organisation"]
    search_fields = ["last_name", "organisation_name", "email"]
    exclude = ["identity_key"]
