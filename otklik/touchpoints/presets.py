"""The "registry" section of a preset: the body's approved registry, loaded as published version 1."""

from typing import Any

from otklik.orgs.presets import PresetContext, register_preset_section

from .services import registry_import_approved


@register_preset_section("registry", order=50)
def load_registry(context: PresetContext, data: dict[str, Any]) -> None:
    version = registry_import_approved(
        organisation=context.body,
        title=data["title"],
        approval=data.get("approval", ""),
        processes=data["processes"],
        actor=context.actor,
    )
    if version is not None:
        context.changes += 1
