"""App configuration for appeals and requests."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "otklik.appeals"
    verbose_name = _("Обращения и запросы")

    def ready(self) -> None:
        from . import dashboard  # noqa: F401  (registers the dashboard panel)
