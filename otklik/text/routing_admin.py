"""Admin of the text room's routing rules: every save goes through routing_rule_save (checked and audited)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from otklik.appeals.choices import IntakeChannel
from otklik.core.admin import ServiceCheckedForm, ServiceWrittenAdmin, admin_actor

from .models.routing import CONTENT_KIND_CHOICES, MOOD_CHOICES, RoutingRule
from .routing_services import RuleData, routing_rule_check, routing_rule_save

SPLIT = re.compile(r"[\s,;]+")


class RoutingRuleForm(ServiceCheckedForm):
    code_prefixes = forms.CharField(
        label=_("коды классификатора (начало)"),
        required=False,
        help_text=_("Через пробел или запятую, например: 0003.0008 0005.0005.0056"),
    )
    moods = forms.MultipleChoiceField(
        label=_("тональности"), choices=MOOD_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    content_kinds = forms.MultipleChoiceField(
        label=_("виды содержания"), choices=CONTENT_KIND_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    channels = forms.MultipleChoiceField(
        label=_("каналы поступления"),
        choices=IntakeChannel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = RoutingRule
        fields = [
            "organisation",
            "name",
            "order",
            "is_active",
            "code_prefixes",
            "moods",
            "content_kinds",
            "channels",
            "author_segment",
            "priority",
            "unit",
            "executor",
            "internal_days",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["code_prefixes"] = " ".join(self.instance.code_prefixes)

    def clean_code_prefixes(self) -> list[str]:
        return [part for part in SPLIT.split(self.cleaned_data.get("code_prefixes") or "") if part]

    def service_check(self, data: dict[str, Any]) -> None:
        organisation = data.get("organisation") or self.instance.organisation
        routing_rule_check(organisation=organisation, data=rule_data_from(data), rule=self.instance)


def rule_data_from(data: dict[str, Any]) -> RuleData:
    """The service's input from the admin form's cleaned data."""
    return RuleData(
        name=data.get("name") or "",
        order=data.get("order") or 0,
        is_active=bool(data.get("is_active")),
        code_prefixes=tuple(data.get("code_prefixes") or ()),
        moods=tuple(data.get("moods") or ()),
        content_kinds=tuple(data.get("content_kinds") or ()),
        channels=tuple(data.get("channels") or ()),
        author_segment=data.get("author_segment"),
        priority=data.get("priority") or "normal",
        unit=data.get("unit"),
        executor=data.get("executor"),
        internal_days=data.get("internal_days"),
    )


@admin.register(RoutingRule)
class RoutingRuleAdmin(ServiceWrittenAdmin):
    """Rules of each body, tried by order at registration; the first match wins."""

    form = RoutingRuleForm
    list_display = ["organisation", "order", "name", "priority", "unit", "executor", "internal_days", "is_active"]
    list_filter = ["organisation", "is_active", "priority"]
    ordering = ["organisation", "order", "id"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["organisation"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = routing_rule_save(
            actor=admin_actor(request),
            organisation=obj.organisation,
            data=rule_data_from(form.cleaned_data),
            rule=obj if change else None,
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a rule is switched off (is_active), so the appeals that named it keep a traceable rule
