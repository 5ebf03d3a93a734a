"""App configuration for feedback: surveys, ratings, follow-up and «you said — we did»."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "otklik.feedback"
    verbose_name = _("Обратная связь")

    def ready(self) -> None:
        # register the dashboard panel, the menu entries, the preset section and the built-in rating sources
        from . import dashboard, navigation, presets, ratings  # noqa: F401
