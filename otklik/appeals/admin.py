"""Admin of the appeals room: numbering settings and typed-answer templates are edited here; appeals are read."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from otklik.core.admin import (
    AuditedModelAdmin,
    PersonalDataReadAdmin,
    ReadOnlyModelAdmin,
    ServiceCheckedForm,
    SettingsRowAdmin,
    admin_actor,
)

from .models import AnswerTemplate, Appeal, AppealSettings, Author, ClassifierNode
from .services import appeal_settings_check, appeal_settings_update
from .services.numbering_settings import FORMAT_FIELDS


class AppealSettingsForm(ServiceCheckedForm):
    class Meta:
        model = AppealSettings
        fields = ["organisation", *FORMAT_FIELDS]

    def service_check(self, data: dict[str, Any]) -> None:
        organisation = data.get("organisation") or self.instance.organisation
        appeal_settings_check(actor=self.actor, organisation=organisation, formats=data)


@admin.register(AppealSettings)
class AppealSettingsAdmin(SettingsRowAdmin):
    """Saves through appeal_settings_update, which checks the templates, audits and clears the formats' memo."""

    form = AppealSettingsForm
    list_display = ["organisation", "appeal_number_format", "request_number_format"]

    def save_settings(self, request: HttpRequest, obj: AppealSettings, form: Any) -> AppealSettings:
        return appeal_settings_update(
            actor=admin_actor(request),
            organisation=obj.organisation,
            formats=form.cleaned_data,
        )


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
