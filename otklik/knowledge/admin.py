"""Admin of the knowledge base: FAQ entries are added, changed and removed through the FAQ services."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from otklik.core.admin import ServiceCheckedForm, ServiceWrittenAdmin, admin_actor
from otklik.core.errors import PermissionDeniedError
from otklik.orgs.permissions import has_role

from .models import FaqEntry
from .services import EDITOR_ROLES, faq_entry_check, faq_entry_create, faq_entry_delete, faq_entry_update


class FaqEntryForm(ServiceCheckedForm):
    class Meta:
        model = FaqEntry
        fields = ["organisation", "question", "answer", "sort_order", "is_published"]

    def service_check(self, data: dict[str, Any]) -> None:
        organisation = data.get("organisation") or self.instance.organisation
        faq_entry_check(actor=self.actor, organisation=organisation, question=data["question"], answer=data["answer"])


@admin.register(FaqEntry)
class FaqEntryAdmin(ServiceWrittenAdmin):
    form = FaqEntryForm
    list_display = ["organisation", "question", "sort_order", "is_published"]
    list_filter = ["organisation", "is_published"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["organisation"] if obj is not None else []  # the services keep an entry in its body

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or has_role(request.user, obj.organisation, *EDITOR_ROLES))

    def save_model(self, request: HttpRequest, obj: FaqEntry, form: Any, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in ("question", "answer", "sort_order", "is_published")}
        if change:
            saved = faq_entry_update(actor=admin_actor(request), entry=obj, **data)
        else:
            saved = faq_entry_create(
                actor=admin_actor(request),
                organisation=obj.organisation,
                **data,
            )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: FaqEntry) -> None:
        try:
            faq_entry_delete(actor=admin_actor(request), entry=obj)
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():  # all the selected entries, or none
            for entry in queryset.select_related("organisation"):
                self.delete_model(request, entry)
