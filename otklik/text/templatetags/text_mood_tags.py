"""Template tags of the text room: the appeal card's line on the text's mood and kind (issue 18 item 2)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from otklik.appeals.choices import TypedGround
from otklik.appeals.models import Appeal

from ..mood import analyse

register = template.Library()

MOOD_LABELS: dict[str, Promise] = {
    "positive": _("позитивная"),
    "neutral": _("нейтральная"),
    "negative": _("негативная"),
    "aggressive": _("агрессивная"),
}
KIND_LABELS: dict[str, Promise] = {
    "proposal": _("предложение"),
    "application": _("заявление"),
    "complaint": _("жалоба"),
    "information_request": _("запрос информации (8-ФЗ)"),
    "knd_matter": _("вопрос контрольной (надзорной) деятельности"),
    "internal": _("внутренний вопрос"),
    "out_of_competence": _("вне компетенции органа"),
}


@dataclass(frozen=True)
class TextReading:
    mood: Promise | None
    kind: Promise | None
    belongs_to: str
    ground: str


@register.simple_tag
def appeal_text_reading(appeal: Appeal) -> TextReading:
    """How the text reads: mood, content kind, the body it belongs to, and a typed ground to review, if any."""
    found = analyse(appeal.text)
    ground = TypedGround(found.suggested_ground).label if found.suggested_ground else ""
    return TextReading(
        mood=MOOD_LABELS.get(found.mood),
        kind=KIND_LABELS.get(found.content_kind) if found.content_kind else None,
        belongs_to=found.belongs_to,
        ground=str(ground),
    )
