"""Admin of the contact centre: phone lines and phone scripts saved through services; calls read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from otklik.core.admin import ReadOnlyModelAdmin, ServiceCheckedForm, ServiceWrittenAdmin, admin_actor

from .calls_presets import THRESHOLD_FIELDS
from .calls_services import PhoneLineValues, phone_line_check, phone_line_save, phone_script_check, phone_script_save
from .models import CallRecord, PhoneLine, PhoneScript

LINE_FIELDS = ["code", "name", "procedure", "channel", *THRESHOLD_FIELDS, "source", "is_active"]


def _line_values(data: dict[str, Any]) -> PhoneLineValues:
    channel = data.get("channel")
    return PhoneLineValues(
        code=data.get("code") or "",
        name=data.get("name") or "",
        procedure=data.get("procedure") or "",
        channel_id=channel.pk if channel is not None else None,
        source=data.get("source") or "",
        is_active=bool(data.get("is_active")),
        **{name: data.get(name) for name in THRESHOLD_FIELDS},
    )


class PhoneLineForm(ServiceCheckedForm):
    class Meta:
        model = PhoneLine
        fields = ["organisation", *LINE_FIELDS]

    def service_check(self, data: dict[str, Any]) -> None:
        organisation = data.get("organisation") or self.instance.organisation
        phone_line_check(actor=self.actor, organisation=organisation, values=_line_values(data))


@admin.register(PhoneLine)
class PhoneLineAdmin(ServiceWrittenAdmin):
    form = PhoneLineForm
    list_display = ["name", "code", "procedure", "queue_wait_max_seconds", "transfers_max", "organisation", "is_active"]
    list_filter = ["procedure", "is_active"]

    def save_model(self, request: HttpRequest, obj: PhoneLine, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = phone_line_save(
            actor=admin_actor(request),
            organisation=data["organisation"],
            values=_line_values(data),
            line=obj if change else None,
        )
        obj.pk = saved.pk


class PhoneScriptForm(ServiceCheckedForm):
    class Meta:
        model = PhoneScript
        fields = ["organisation", "line", "title", "question", "text", "sort_order", "is_active"]

    def service_check(self, data: dict[str, Any]) -> None:
        organisation = data.get("organisation") or self.instance.organisation
        phone_script_check(
            actor=self.actor,
            organisation=organisation,
            title=data.get("title", ""),
            question=data.get("question", ""),
            text=data.get("text", ""),
        )


@admin.register(PhoneScript)
class PhoneScriptAdmin(ServiceWrittenAdmin):
    form = PhoneScriptForm
    list_display = ["title", "line", "sort_order", "organisation", "is_active"]

    def save_model(self, request: HttpRequest, obj: PhoneScript, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = phone_script_save(
            actor=admin_actor(request),
            organisation=data["organisation"],
            line=data.get("line"),
            title=data["title"],
            question=data["question"],
            text=data["text"],
            sort_order=data.get("sort_order") or 0,
            is_active=bool(data.get("is_active")),
            script=obj if change else None,
        )
        obj.pk = saved.pk


@admin.register(CallRecord)
class CallRecordAdmin(ReadOnlyModelAdmin):
    list_display = ["started_at", "call_id", "line", "operator", "outcome", "source", "organisation"]
    list_filter = ["outcome", "source", "direction"]
    list_select_related = ["line", "operator", "organisation"]
