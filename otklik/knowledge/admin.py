"""Admin of the knowledge base."""

from django.contrib import admin

from otklik.core.admin import AuditedModelAdmin

from .models import FaqEntry


@admin.register(FaqEntry)
class FaqEntryAdmin(AuditedModelAdmin):
    list_display = ["organisation", "question", "sort_order", "is_published"]
    list_filter = ["organisation", "is_published"]
