"""Admin of the social-media inbox: platform accounts and typical answers saved through services; items read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from otklik.core.admin import ReadOnlyModelAdmin, ServiceCheckedForm, ServiceWrittenAdmin, admin_actor

from .inbox_services import (
    SocialAccountValues,
    answer_template_check,
    answer_template_save,
    social_account_check,
    social_account_save,
)
from .models import InboxItem, SocialAccount, SocialAnswerTemplate

ACCOUNT_FIELDS = [
    "channel",
    "platform",
    "external_id",
    "token_env",
    "callback_secret_env",
    "confirmation_code",
    "moderation_rules",
    "is_active",
]


def _values(data: dict[str, Any]) -> SocialAccountValues:
    given: dict[str, Any] = {name: data[name] for name in ACCOUNT_FIELDS if data.get(name) is not None}
    return SocialAccountValues(**given)


class SocialAccountForm(ServiceCheckedForm):
    class Meta:
        model = SocialAccount
        fields = ACCOUNT_FIELDS

    def service_check(self, data: dict[str, Any]) -> None:
        social_account_check(actor=self.actor, values=_values(data))


@admin.register(SocialAccount)
class SocialAccountAdmin(ServiceWrittenAdmin):
    form = SocialAccountForm
    list_display = ["channel", "platform", "external_id", "is_active", "organisation"]
    list_filter = ["platform", "is_active"]

    def save_model(self, request: HttpRequest, obj: SocialAccount, form: Any, change: bool) -> None:
        saved = social_account_save(
            actor=admin_actor(request), values=_values(form.cleaned_data), account=obj if change else None
        )
        obj.pk = saved.pk


class SocialAnswerTemplateForm(ServiceCheckedForm):
    class Meta:
        model = SocialAnswerTemplate
        fields = ["organisation", "title", "text"]

    def service_check(self, data: dict[str, Any]) -> None:
        organisation = data.get("organisation") or self.instance.organisation
        answer_template_check(
            actor=self.actor, organisation=organisation, title=data.get("title", ""), text=data.get("text", "")
        )


@admin.register(SocialAnswerTemplate)
class SocialAnswerTemplateAdmin(ServiceWrittenAdmin):
    form = SocialAnswerTemplateForm
    list_display = ["title", "organisation"]

    def save_model(self, request: HttpRequest, obj: SocialAnswerTemplate, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = answer_template_save(
            actor=admin_actor(request),
            organisation=data["organisation"],
            title=data["title"],
            text=data["text"],
            template=obj if change else None,
        )
        obj.pk = saved.pk


@admin.register(InboxItem)
class InboxItemAdmin(ReadOnlyModelAdmin):
    list_display = ["received_at", "kind", "channel", "state", "due_at", "breached_at", "organisation"]
    list_filter = ["state", "kind"]
