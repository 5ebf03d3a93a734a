"""App configuration for appeals and requests."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "otklik.appeals"
    verbose_name = _("Обращения и запросы")

    def ready(self) -> None:
        # Register the dashboard panel, the menu entry and the message events whose texts a body may edit.
        from . import (  # noqa: F401
            dashboard,
            message_events,
            navigation,
            service_level_tiles,
        )
