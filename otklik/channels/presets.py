"""The "channel_settings" section of a preset: social-media response times and contact-centre targets."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from otklik.core.errors import ApplicationError
from otklik.orgs.presets import PresetContext, register_preset_section

from .services import SETTING_FIELDS, ChannelSettingsValues, channel_settings_update


@register_preset_section("channel_settings", order=40)
def load_channel_settings(context: PresetContext, data: dict[str, Any] | None) -> None:
    data = dict(data or {})
    unknown = set(data) - set(SETTING_FIELDS)
    if unknown:
        raise ApplicationError(_("Неизвестные поля пресета: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    _row, changed = channel_settings_update(
        actor=context.actor, organisation=context.body, values=ChannelSettingsValues(**data)
    )
    if changed:
        context.changes += 1
