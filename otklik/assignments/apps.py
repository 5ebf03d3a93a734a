"""App configuration for resolutions, assignments and execution control."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "otklik.assignments"
    verbose_name = _("Поручения и контроль исполнения")

    def ready(self) -> None:
        from . import dashboard, presets  # noqa: F401  (register the dashboard panel and the preset section)
