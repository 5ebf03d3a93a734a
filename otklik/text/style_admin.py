"""Admin of the style check (text room): a body's style settings through the service; overrides read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from otklik.core.admin import ReadOnlyModelAdmin, ServiceCheckedForm, SettingsRowAdmin, admin_actor

from .models import StyleOverride, StyleSettings
from .style_services import style_settings_check, style_settings_update


class StyleSettingsForm(ServiceCheckedForm):
    class Meta:
        model = StyleSettings
        fields = ["organisation", "long_sentence_words", "extra_bureaucratese", "letter_font"]

    def service_check(self, data: dict[str, Any]) -> None:
        style_settings_check(
            long_sentence_words=data["long_sentence_words"],
            extra_bureaucratese=data.get("extra_bureaucratese") or "",
            letter_font=data["letter_font"],
        )


@admin.register(StyleSettings)
class StyleSettingsAdmin(SettingsRowAdmin):
    """Writes go through style_settings_update, which validates and writes the audit row."""

    form = StyleSettingsForm
    list_display = ["organisation", "long_sentence_words", "letter_font"]

    def save_settings(self, request: HttpRequest, obj: StyleSettings, form: Any) -> StyleSettings:
        return style_settings_update(
            actor=admin_actor(request),
            organisation=obj.organisation,
            long_sentence_words=obj.long_sentence_words,
            extra_bureaucratese=obj.extra_bureaucratese,
            letter_font=obj.letter_font,
        )


@admin.register(StyleOverride)
class StyleOverrideAdmin(ReadOnlyModelAdmin):
    list_display = ["answer", "rule", "user", "reason", "created_at"]
    list_filter = ["rule"]
