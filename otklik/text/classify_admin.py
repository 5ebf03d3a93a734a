"""Admin of the text room's classifier part: model versions with their accuracy, and staff choices (read only)."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otklik.core.admin import ReadOnlyModelAdmin

from .classify_selectors import classifier_accuracy
from .models import ClassificationOverride, ClassifierModel


@admin.register(ClassifierModel)
class ClassifierModelAdmin(ReadOnlyModelAdmin):
    """Versions are written by retrain_classifier and the weekly sweep; here they are only read."""

    list_display = ["organisation", "version", "is_current", "leaves", "trained_on", "created_at", "accuracy"]
    list_filter = ["organisation", "is_current"]
    exclude = ["blob"]

    @admin.display(description=gettext_lazy("точность (топ-1 / топ-3)"))
    def accuracy(self, obj: ClassifierModel) -> str:
        if not obj.is_current:
            return "—"
        found = classifier_accuracy(organisation=obj.organisation)
        if not found.total:
            return _("нет выборов сотрудников")
        return _("%(top1).0f%% / %(top3).0f%% из %(total)d") % {
            "top1": found.top1_share * 100,
            "top3": found.top3_share * 100,
            "total": found.total,
        }

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).defer("blob").select_related("organisation")


@admin.register(ClassificationOverride)
class ClassificationOverrideAdmin(ReadOnlyModelAdmin):
    list_display = ["appeal", "chosen_code", "user", "model_version", "created_at"]
    search_fields = ["chosen_code"]
