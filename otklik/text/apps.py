"""App configuration for the text room (Russian text intelligence; other rooms call it through registered hooks)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextConfig(AppConfig):
    name = "otklik.text"
    verbose_name = _("Анализ текстов")

    def ready(self) -> None:
        from otklik.appeals.intake_hooks import register_after_registration

        from . import classify_hooks, classify_sweeps  # noqa: F401  (register the classifier's hooks and sweep)
        from .repeat_services import repeat_check_on_registration
        from .routing_services import apply_routing

        register_after_registration(apply_routing)
        register_after_registration(repeat_check_on_registration)
