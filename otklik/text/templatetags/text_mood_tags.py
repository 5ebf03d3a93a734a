"""Template tags of the text room: the appeal card's line on the text's mood and kind (issue 18 item 2)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.functional import Promise

from otklik.appeals.choices import TypedGround
from otklik.appeals.models import Appeal

from ..models.routing import CONTENT_KIND_CHOICES, MOOD_CHOICES
from ..mood import analyse

register = template.Library()

MOOD_LABELS = dict(MOOD_CHOICES)
KIND_LABELS = dict(CONTENT_KIND_CHOICES)


def _in_sentence(label: Promise | None) -> str | None:
    """A label as it reads inside a sentence: «Негативная» → «негативная», «Запрос информации (8-ФЗ)» keeps «ФЗ»."""
    if label is None:
        return None
    text = str(label)
    return text[:1].lower() + text[1:]


@dataclass(frozen=True)
class TextReading:
    mood: str | None
    kind: str | None
    belongs_to: str
    ground: str


@register.simple_tag
def appeal_text_reading(appeal: Appeal) -> TextReading:
    """How the text reads: mood, content kind, the body it belongs to, and a typed ground to review, if any."""
    found = analyse(appeal.text)
    ground = TypedGround(found.suggested_ground).label if found.suggested_ground else ""
    return TextReading(
        mood=_in_sentence(MOOD_LABELS.get(found.mood)),
        kind=_in_sentence(KIND_LABELS.get(found.content_kind)) if found.content_kind else None,
        belongs_to=found.belongs_to,
        ground=str(ground),
    )
