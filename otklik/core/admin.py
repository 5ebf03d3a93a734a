"""Admin of the core room: the audit log (read-only), and the audited, service-written and read-only base admins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin
from django.db import models, transaction
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse

from .audit import audit_read, audit_read_many, audit_record, snapshot
from .audit_actions import AuditFamily
from .errors import ApplicationError
from .models import AuditEntry, SweepRun

if TYPE_CHECKING:
    from otklik.orgs.models import User


def admin_actor(request: HttpRequest) -> User:
    """The person at the admin: the admin site lets in only signed-in staff users."""
    return cast("User", request.user)


class AuditedModelAdmin(admin.ModelAdmin[Any]):
    """Configuration edits in the admin are audited like service writes, with before and after."""

    def save_model(self, request: HttpRequest, obj: models.Model, form: ModelForm[Any], change: bool) -> None:
        with transaction.atomic():
            before = None
            if change:
                stored = type(obj)._default_manager.filter(pk=obj.pk).first()
                before = snapshot(stored) if stored is not None else None
            super().save_model(request, obj, form, change)
            audit_record(
                actor=admin_actor(request),
                action=AuditFamily.ADMIN_EDIT.of(obj._meta.model_name, "changed" if change else "created"),
                obj=obj,
                organisation=_organisation_of(obj),
                before=before,
                after=snapshot(obj),
            )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with transaction.atomic():
            audit_record(
                actor=admin_actor(request),
                action=AuditFamily.ADMIN_EDIT.of(obj._meta.model_name, "deleted"),
                obj=obj,
                organisation=_organisation_of(obj),
                before=snapshot(obj),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class ServiceCheckedForm(ModelForm[Any]):
    """An admin form that asks the room's service whether the input is acceptable before anything is saved.

    The service's refusal (an ApplicationError, in Russian) is shown on its field and nothing is written;
    the admin's `save_model` then calls the service itself, which checks again inside its transaction.
    """

    actor: Any = None  # the person at the admin, set by ServiceWrittenAdmin.get_form

    def service_check(self, data: dict[str, Any]) -> None:
        """Raise ApplicationError as the service would for `data` (the cleaned input)."""
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            try:
                self.service_check(data)
            except ApplicationError as exc:
                self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data


class ServiceWrittenAdmin(admin.ModelAdmin[Any]):
    """Base of an admin whose `save_model`/`delete_model` call the room's services (they write the audit)."""

    form = ServiceCheckedForm

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # type: ignore[attr-defined]  # a class made for this request by modelform_factory
        return form


class SettingsRowAdmin(ServiceWrittenAdmin):
    """A room's settings row of one organisation, saved through the room's service; `save_settings` calls it.

    An existing row cannot move to another organisation, and no row is removed: removal would silently bring
    back the defaults without an audit row.
    """

    def save_settings(self, request: HttpRequest, obj: Any, form: Any) -> models.Model:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.pk = self.save_settings(request, obj, form).pk

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["organisation"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyModelAdmin(admin.ModelAdmin[Any]):
    """Rows that only services, commands or sweeps write: the admin lists and shows them, never adds or edits.

    Deleting is refused too, unless `allow_delete` says stale rows may be cleared away by hand.
    """

    allow_delete = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allow_delete and super().has_delete_permission(request, obj)


class PersonalDataReadAdmin(admin.ModelAdmin[Any]):
    """An admin of rows that carry personal data: opening one, and each page of the list, is logged as a read
    (152-FZ), as the staff pages log theirs. The action is `pd.read.<model>.admin` and `pd.read.<model>.admin_list`.
    """

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        shown = (getattr(response, "context_data", None) or {}).get("original")
        if response.status_code == 200 and isinstance(shown, models.Model):
            audit_read(
                actor=_admin_user(request),
                obj=shown,
                organisation=_organisation_of(shown),
                what=f"{shown._meta.model_name}.admin",
            )
        return response

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        listing = (getattr(response, "context_data", None) or {}).get("cl")
        if response.status_code == 200 and listing is not None:
            rows = list(listing.result_list)  # the page's rows; the template reuses the evaluated queryset
            organisations = {getattr(row, "organisation_id", None) for row in rows}
            audit_read_many(
                actor=_admin_user(request),
                model=self.model,
                ids=[row.pk for row in rows],
                organisation=_organisation_of(rows[0]) if len(organisations) == 1 and rows else None,
                what=f"{self.model._meta.model_name}.admin_list",
            )
        return response


def _admin_user(request: HttpRequest) -> Any:
    """The person at the admin (the admin site lets only signed-in staff in)."""
    return request.user if request.user.is_authenticated else None


def _organisation_of(obj: models.Model) -> Any:
    if obj._meta.label_lower == "orgs.organisation":
        return obj
    return getattr(obj, "organisation", None)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin):
    list_display = ["created_at", "actor", "organisation", "action", "object_type", "object_repr"]
    list_filter = ["organisation", "action", "object_type", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["object_repr", "object_id", "action", "actor__username", "actor__last_name"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "organisation"]


@admin.register(SweepRun)
class SweepRunAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "started_at", "finished_at", "succeeded"]
    list_filter = ["name", "succeeded"]
    allow_delete = True
