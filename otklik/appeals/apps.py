"""App configuration for appeals and requests."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "otklik.appeals"
    verbose_name = _("Обращения и запросы")

    def ready(self) -> None:
        from . import dashboard, navigation  # noqa: F401  (register the dashboard panel and the menu entry)
