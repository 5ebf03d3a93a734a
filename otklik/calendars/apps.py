"""App configuration for the calendar room."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    name = "otklik.calendars"
    verbose_name = _("Производственный календарь")

    def ready(self) -> None:
        from . import navigation  # noqa: F401  (registers the menu entry)
