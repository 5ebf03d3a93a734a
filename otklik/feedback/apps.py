"""App configuration for feedback: surveys, ratings, follow-up and «you said — we did»."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "otklik.feedback"
    verbose_name = _("Обратная связь")

    def ready(self) -> None:
        # register the dashboard panel, the menu entries, the preset section, the built-in rating sources and the
        # message events whose texts a body may edit
        from . import (  # noqa: F401
            dashboard,
            message_events,
            navigation,
            presets,
            ratings,
            service_level_tiles,
        )
