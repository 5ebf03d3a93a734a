"""Admin of the core room: the audit log (read-only), and the audited, service-written and read-only base admins."""

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import ModelForm
from django.http import HttpRequest

from .audit import audit_record, snapshot
from .audit_actions import AuditFamily
from .errors import ApplicationError
from .models import AuditEntry, SweepRun


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
                actor=request.user,  # type: ignore[arg-type]
                action=AuditFamily.ADMIN_EDIT.of(obj._meta.model_name, "changed" if change else "created"),
                obj=obj,
                organisation=_organisation_of(obj),
                before=before,
                after=snapshot(obj),
            )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with transaction.atomic():
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
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
