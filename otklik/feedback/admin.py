"""Admin of feedback: settings are edited through their service; surveys, follow-up, ratings, publications are read.

Individual responses are deliberately absent: they are read through the survey results, which keep small
groups of anonymous answers hidden.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from otklik.core.admin import ReadOnlyModelAdmin
from otklik.core.errors import ApplicationError
from otklik.orgs.permissions import AnyUser

from .models import FeedbackSettings, FollowUpTask, ImportedRating, Publication, Survey
from .services import SETTINGS_FIELDS, feedback_settings_check, feedback_settings_update


class FeedbackSettingsForm(forms.ModelForm[FeedbackSettings]):
    """Asks the service's own check, so a refused value comes back on the form and nothing is written."""

    actor: AnyUser | None = None  # set per request by FeedbackSettingsAdmin.get_form

    class Meta:
        model = FeedbackSettings
        fields = ["organisation", *SETTINGS_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation = data.get("organisation") or (self.instance.organisation if self.instance.pk else None)
        needed = ("negative_below", "follow_up_working_days")
        if organisation is None or self.actor is None or any(data.get(name) is None for name in needed):
            return data  # the field errors already say what is missing
        try:
            feedback_settings_check(
                actor=self.actor,
                organisation=organisation,
                negative_below=data["negative_below"],
                follow_up_working_days=data["follow_up_working_days"],
                responsible=data.get("responsible"),
            )
        except ApplicationError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data


@admin.register(FeedbackSettings)
class FeedbackSettingsAdmin(admin.ModelAdmin[FeedbackSettings]):
    """Writes go through feedback_settings_update, which validates and writes the audit row."""

    form = FeedbackSettingsForm
    list_display = ["organisation", "negative_below", "follow_up_working_days", "responsible"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # the service keeps one row per organisation: an existing row cannot move to another one
        return ["organisation"] if obj is not None else []

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        # modelform_factory makes a fresh class per request, so the acting user is not shared between requests
        form.actor = request.user  # type: ignore[attr-defined]
        return form

    def save_model(
        self, request: HttpRequest, obj: FeedbackSettings, form: forms.ModelForm[FeedbackSettings], change: bool
    ) -> None:
        saved = feedback_settings_update(
            actor=request.user,  # type: ignore[arg-type]
            organisation=obj.organisation,
            negative_below=obj.negative_below,
            follow_up_working_days=obj.follow_up_working_days,
            complaint_stems=obj.complaint_stems,
            responsible=obj.responsible,
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # removing the row would reset the rules to defaults unaudited; change the values instead


@admin.register(Survey)
class SurveyAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "organisation", "audience", "is_anonymous", "is_active"]
    list_filter = ["organisation", "audience", "is_anonymous"]


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(ReadOnlyModelAdmin):
    list_display = ["survey", "organisation", "responsible", "due_on", "status"]
    list_filter = ["organisation", "status"]


@admin.register(ImportedRating)
class ImportedRatingAdmin(ReadOnlyModelAdmin):
    list_display = ["external_id", "source", "organisation", "rated_on", "score"]
    list_filter = ["organisation", "source"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "organisation", "published_on", "notified_count"]
