"""Admin of feedback: settings are edited through their service; surveys, follow-up, ratings, publications are read.

Individual responses are deliberately absent: they are read through the survey results, which keep small
groups of anonymous answers hidden.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from otklik.core.admin import ReadOnlyModelAdmin, ServiceCheckedForm, SettingsRowAdmin, admin_actor

from .models import FeedbackSettings, FollowUpTask, ImportedRating, Publication, Survey
from .services import SETTINGS_FIELDS, feedback_settings_check, feedback_settings_update


class FeedbackSettingsForm(ServiceCheckedForm):
    class Meta:
        model = FeedbackSettings
        fields = ["organisation", *SETTINGS_FIELDS]

    def service_check(self, data: dict[str, Any]) -> None:
        feedback_settings_check(
            actor=self.actor,
            organisation=data.get("organisation") or self.instance.organisation,
            negative_below=data["negative_below"],
            follow_up_working_days=data["follow_up_working_days"],
            responsible=data.get("responsible"),
        )


@admin.register(FeedbackSettings)
class FeedbackSettingsAdmin(SettingsRowAdmin):
    """Writes go through feedback_settings_update, which validates and writes the audit row."""

    form = FeedbackSettingsForm
    list_display = ["organisation", "negative_below", "follow_up_working_days", "responsible"]

    def save_settings(self, request: HttpRequest, obj: FeedbackSettings, form: Any) -> FeedbackSettings:
        return feedback_settings_update(
            actor=admin_actor(request),
            organisation=obj.organisation,
            negative_below=obj.negative_below,
            follow_up_working_days=obj.follow_up_working_days,
            complaint_stems=obj.complaint_stems,
            responsible=obj.responsible,
        )


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
