"""Admin of feedback: settings are edited here; surveys, follow-up, ratings and publications are read.

Individual responses are deliberately absent: they are read through the survey results, which keep small
groups of anonymous answers hidden.
"""

from django.contrib import admin

from otklik.core.admin import AuditedModelAdmin, ReadOnlyModelAdmin

from .models import FeedbackSettings, FollowUpTask, ImportedRating, Publication, Survey


@admin.register(FeedbackSettings)
class FeedbackSettingsAdmin(AuditedModelAdmin):
    list_display = ["organisation", "negative_below", "follow_up_working_days", "responsible"]


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
