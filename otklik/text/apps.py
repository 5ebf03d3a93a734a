"""App configuration for the text room (Russian text intelligence; other rooms call it through registered hooks)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextConfig(AppConfig):
    name = "otklik.text"
    verbose_name = _("Анализ текстов")

    def ready(self) -> None:
        from . import classify_hooks, classify_sweeps  # noqa: F401  (register the classifier's hooks and sweep)
