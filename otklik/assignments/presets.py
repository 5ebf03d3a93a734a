"""The "control" section of a preset: the days and hours of the two-stage control (004 App. 1 §6.1–6.3)."""

from typing import Any

from otklik.orgs.presets import PresetContext, register_preset_section

from .services import control_settings_update


@register_preset_section("control", order=60)
def load_control(context: PresetContext, data: dict[str, Any]) -> None:
    if control_settings_update(actor=context.actor, organisation=context.body, values=dict(data)):
        context.changes += 1
