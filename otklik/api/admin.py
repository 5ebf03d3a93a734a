"""Admin of client applications: keys are listed and revoked through the service, never edited."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from otklik.core.admin import AuditedModelAdmin, admin_actor
from otklik.core.errors import ApplicationError

from .models import ApiKey
from .services import api_key_revoke


@admin.register(ApiKey)
class ApiKeyAdmin(AuditedModelAdmin):
    list_display = ["name", "organisation", "contact_email", "prefix", "created_at", "revoked_at"]
    list_filter = ["organisation"]
    readonly_fields = ["organisation", "name", "contact_email", "prefix", "key_hash", "revoked_at", "revoked_by"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Отозвать выбранные ключи")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for key in queryset:
            try:
                api_key_revoke(actor=admin_actor(request), key=key)
            except ApplicationError as exc:
                self.message_user(request, f"{key}: {exc.message}", messages.WARNING)
