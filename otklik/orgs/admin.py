"""Admin of organisations, units, staff and channels: configuration for administrators, in Russian."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from otklik.core.admin import AuditedModelAdmin

from .models import Channel, Membership, Organisation, RoleDefinition, Unit, User
from .services import membership_set


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Дополнительно"), {"fields": ("middle_name", "phone")}),
    )
    list_display = ["username", "last_name", "first_name", "middle_name", "email", "is_active"]


class UnitInline(admin.TabularInline[Unit, Organisation]):
    model = Unit
    fields = ["code", "name", "parent", "sort_order"]
    extra = 0


class ChannelInline(admin.TabularInline[Channel, Organisation]):
    model = Channel
    fields = ["code", "channel_type", "name", "address", "response_minutes"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["short_name", "slug", "region", "timezone", "is_active"]
    search_fields = ["name", "short_name", "slug"]
    fieldsets = [
        (None, {"fields": ["slug", "name", "short_name", "region", "timezone", "is_active", "source_act"]}),
        (_("Контакты"), {"fields": ["address", "phone", "email", "website", "working_hours"]}),
        (
            _("Сроки"),
            {
                "fields": [
                    "term_end_policy",
                    "appeal_term_days",
                    "appeal_extension_max_days",
                    "request_term_days",
                    "request_deferral_max_days",
                    "forward_term_days",
                    "registration_term_days",
                    "internal_written_term_days",
                    "registry_publication_working_days",
                    "report_acceptance_working_days",
                ]
            },
        ),
    ]


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = ["name", "organisation", "parent", "code"]
    list_filter = ["organisation"]
    search_fields = ["name", "code"]


@admin.register(Channel)
class ChannelAdmin(AuditedModelAdmin):
    list_display = ["name", "organisation", "channel_type", "address", "response_minutes"]
    list_filter = ["organisation", "channel_type"]
    search_fields = ["name", "address"]


@admin.register(RoleDefinition)
class RoleDefinitionAdmin(AuditedModelAdmin):
    list_display = ["role", "position", "organisation", "unit", "source"]
    list_filter = ["organisation", "role"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    """Staff places go through membership_set, so roles and audit follow the same rules as everywhere."""

    list_display = ["user", "organisation", "unit", "position", "is_active"]
    list_filter = ["organisation", "roles", "is_active"]
    search_fields = ["user__username", "user__last_name", "position"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["roles"]
    list_select_related = ["user", "organisation", "unit"]

    def save_model(self, request: HttpRequest, obj: Membership, form: ModelForm[Any], change: bool) -> None:
        data = form.cleaned_data
        saved = membership_set(
            actor=request.user,
            organisation=data["organisation"],
            user=data["user"],
            unit=data.get("unit"),
            position=data.get("position", ""),
            role_codes=[role.code for role in data.get("roles", [])],
        )
        obj.pk = saved.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Roles were set by membership_set; nothing else to save."""
