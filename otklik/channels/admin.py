"""Admin of the channels room's settings: every save goes through channel_settings_update."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from otklik.core.admin import ServiceCheckedForm, SettingsRowAdmin, admin_actor

from . import (
    calls_admin,  # noqa: F401  (the contact centre's lines, scripts and calls)
    hours_admin,  # noqa: F401  (the working schedules' admin registers itself)
    inbox_admin,  # noqa: F401  (the inbox's accounts, typical answers and items)
)
from .models import ChannelSettings
from .services import (
    OPTIONAL_FIELDS,
    SETTING_FIELDS,
    ChannelSettingsValues,
    channel_settings_check,
    channel_settings_update,
)


def _values(data: dict[str, Any]) -> ChannelSettingsValues:
    """The form's values; an emptied social-media time means «актами не установлено»."""
    return ChannelSettingsValues(
        **{name: data[name] for name in SETTING_FIELDS if data.get(name) is not None},
        not_set=frozenset(name for name in OPTIONAL_FIELDS if name in data and data[name] is None),
    )


class ChannelSettingsForm(ServiceCheckedForm):
    class Meta:
        model = ChannelSettings
        fields = ["organisation", *SETTING_FIELDS]

    def service_check(self, data: dict[str, Any]) -> None:
        organisation = data.get("organisation") or self.instance.organisation
        channel_settings_check(actor=self.actor, organisation=organisation, values=_values(data))


@admin.register(ChannelSettings)
class ChannelSettingsAdmin(SettingsRowAdmin):
    form = ChannelSettingsForm
    list_display = [
        "organisation",
        "social_official_response_minutes",
        "social_mention_response_minutes",
        "cc_queue_wait_max_seconds",
        "cc_transfers_max",
    ]
    fieldsets = [
        (None, {"fields": ["organisation"]}),
        (_("Социальные сети"), {"fields": ["social_official_response_minutes", "social_mention_response_minutes"]}),
        (
            _("Контакт-центр"),
            {
                "fields": [
                    "cc_queue_wait_max_seconds",
                    "cc_first_contact_resolution_min_percent",
                    "cc_transfers_max",
                    "cc_lost_calls_max",
                    "cc_avg_handling_max_seconds",
                    "cc_avg_call_max_seconds",
                ]
            },
        ),
    ]

    def save_settings(self, request: HttpRequest, obj: ChannelSettings, form: Any) -> ChannelSettings:
        saved, _changed = channel_settings_update(
            actor=admin_actor(request),
            organisation=obj.organisation,
            values=_values(form.cleaned_data),
        )
        return saved
