"""App configuration for analysis and reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "otklik.reports"
    verbose_name = _("Анализ и отчёты")

    def ready(self) -> None:
        from . import navigation  # noqa: F401  (registers the menu entry)
