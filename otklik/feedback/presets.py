"""The "feedback" section of a preset: the body's surveys and, for every body, the shipped staff survey."""

from pathlib import Path
from typing import Any

import yaml

from otklik.orgs.presets import PresetContext, register_preset_section

from .services import survey_install

STAFF_SURVEY_FILE = Path(__file__).resolve().parent / "staff_survey.yaml"


def staff_survey_definition() -> dict[str, Any]:
    """The anonymous staff survey of 003 §10.6.1, shipped with the app."""
    data = yaml.safe_load(STAFF_SURVEY_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@register_preset_section("feedback", order=70)
def load_feedback(context: PresetContext, data: dict[str, Any]) -> None:
    definitions = list(data.get("surveys") or [])
    if data.get("staff_survey"):
        definitions.append(staff_survey_definition())
    for definition in definitions:
        if survey_install(actor=context.actor, organisation=context.body, definition=definition):
            context.changes += 1
