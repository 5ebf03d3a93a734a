"""App configuration for the text room (Russian text intelligence; other rooms call it through registered hooks)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextConfig(AppConfig):
    name = "otklik.text"
    verbose_name = _("Анализ текстов")

    def ready(self) -> None:
        from otklik.appeals.answer_checks import register_answer_check, register_answer_override
        from otklik.appeals.intake_hooks import register_after_registration
        from otklik.appeals.letter_fonts import register_letter_font

        # The classifier's card and form hooks and its weekly retrain; the preset section `style:`.
        from . import classify_hooks, classify_sweeps, style_presets  # noqa: F401
        from .repeat_services import repeat_check_on_registration
        from .routing_services import apply_routing
        from .style_services import answer_style_override, answer_style_warnings, letter_font_family

        # At registration: routing rules first, then the repeat check (R-AP-4, R-AP-7).
        register_after_registration(apply_routing)
        register_after_registration(repeat_check_on_registration)
        # The style check's warnings on every answer draft and at signature, and the signer's overrides (R-AP-11).
        register_answer_check(answer_style_warnings)
        register_answer_override(answer_style_override)
        register_letter_font(letter_font_family)
