"""App configuration for resolutions, assignments and execution control."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "otklik.assignments"
    verbose_name = _("Поручения и контроль исполнения")

    def ready(self) -> None:
        from . import dashboard, navigation, presets  # noqa: F401  (register the panel, menu entry, preset section)
