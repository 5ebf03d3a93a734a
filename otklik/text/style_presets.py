"""The text room's preset section `style:`: a body's answer-style settings (R-AP-11) from presets/<slug>*.yaml."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from otklik.core.errors import ApplicationError
from otklik.orgs.presets import PresetContext, register_preset_section

from .models import StyleSettings
from .style_services import style_settings_update

STYLE_KEYS = frozenset({"long_sentence_words", "extra_bureaucratese", "letter_font", "source"})


@register_preset_section("style", order=80)
def load_style(context: PresetContext, data: dict[str, Any] | None) -> None:
    data = dict(data or {})
    unknown = set(data) - STYLE_KEYS
    if unknown:
        raise ApplicationError(_("Неизвестные поля пресета: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    words = data.get("extra_bureaucratese") or []
    if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
        raise ApplicationError(_("style.extra_bureaucratese: нужен список слов."))
    length = data.get("long_sentence_words", 30)
    if not isinstance(length, int) or isinstance(length, bool):
        raise ApplicationError(_("style.long_sentence_words: нужно целое число."))
    values = {
        "long_sentence_words": length,
        "extra_bureaucratese": "\n".join(words),
        "font": data.get("letter_font", "serif"),
    }
    row = StyleSettings.objects.filter(organisation=context.body).first()
    if row is not None and values == {
        "long_sentence_words": row.long_sentence_words,
        "extra_bureaucratese": row.extra_bureaucratese,
        "font": row.letter_font,
    }:
        return  # loading the same preset again changes nothing
    style_settings_update(
        actor=context.actor,
        organisation=context.body,
        long_sentence_words=length,
        extra_bureaucratese=values["extra_bureaucratese"],
        letter_font=str(values["font"]),
    )
    context.changes += 1
