"""App configuration for analysis and reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "otklik.reports"
    verbose_name = _("Анализ и отчёты")
