"""Admin of client accounts: read-only (accounts change only through their own pages)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from otklik.core.admin import AuditedModelAdmin

from .models import ClientAccount


@admin.register(ClientAccount)
class ClientAccountAdmin(AuditedModelAdmin):
    list_display = ["email", "confirmed_at", "last_login_at", "created_at"]
    exclude = ["password"]
    readonly_fields = ["email", "confirmed_at", "last_login_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
